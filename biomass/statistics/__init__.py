"""Production statistics (region × commodity × year), versioned like layers: their import and
upload, and how they become the production layers from which the crop and livestock
potentials are computed."""
