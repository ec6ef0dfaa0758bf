"""Spanish as written in Mexico and most of Central America: 1,957,847.5 (Django's own
Spanish formats are Spain's: 1.957.847,5)."""

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3

# Dates: one format per language everywhere a person reads one (pages, PDF reports, the
# admin): 2 de diciembre de 2026. Short dates are ISO 8601 (2026-12-02) in both, never
# the ambiguous 02/12/2026; files (CSV header comments, GeoTIFF tags) keep ISO 8601 too.
DATE_FORMAT = "j \\d\\e F \\d\\e Y"
DATETIME_FORMAT = "j \\d\\e F \\d\\e Y, H:i"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
