"""Legends and colour maps for rendering layers."""

# IGBP land-cover classes of MODIS MCD12 (Sulla-Menashe & Friedl 2018, MCD12 user guide,
# Table 1) with the palette commonly used for them.
IGBP = {
    0: ("Agua", "Water", "#1c0dff"),
    1: ("Bosque perennifolio de coníferas", "Evergreen needleleaf forest", "#05450a"),
    2: ("Bosque perennifolio de latifoliadas", "Evergreen broadleaf forest", "#086a10"),
    3: ("Bosque caducifolio de coníferas", "Deciduous needleleaf forest", "#54a708"),
    4: ("Bosque caducifolio de latifoliadas", "Deciduous broadleaf forest", "#78d203"),
    5: ("Bosque mixto", "Mixed forest", "#009900"),
    6: ("Matorral cerrado", "Closed shrubland", "#c6b044"),
    7: ("Matorral abierto", "Open shrubland", "#dcd159"),
    8: ("Sabana arbolada", "Woody savanna", "#dade48"),
    9: ("Sabana", "Savanna", "#fbff13"),
    10: ("Pastizal", "Grassland", "#b6ff05"),
    11: ("Humedal permanente", "Permanent wetland", "#27ff87"),
    12: ("Tierras de cultivo", "Cropland", "#c24f44"),
    13: ("Urbano y construido", "Urban and built-up", "#a5a5a5"),
    14: ("Mosaico de cultivo y vegetación natural", "Cropland/natural vegetation mosaic", "#ff6d4c"),
    15: ("Nieve y hielo", "Snow and ice", "#69fff8"),
    16: ("Suelo desnudo", "Barren", "#f9ffa4"),
}


def igbp_legend() -> dict:
    return {str(k): {"es": es, "en": en, "color": color} for k, (es, en, color) in IGBP.items()}


def hex_to_rgba(color: str, alpha: int = 255) -> tuple[int, int, int, int]:
    color = color.lstrip("#")
    return (int(color[0:2], 16), int(color[2:4], 16), int(color[4:6], 16), alpha)
