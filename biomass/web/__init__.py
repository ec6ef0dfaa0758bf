"""The pages (map, country, comparison, layers), their templates, and the tile views."""
