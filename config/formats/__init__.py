"""Number formats per language (FORMAT_MODULE_PATH): one rule per language, the same as the
map's JavaScript (static/biomass/js/format.js). Spanish follows Mexico's and most of Central
America's conventions (1,957,847.5), English 1,957,847.5; thousands are grouped from four
digits up. Years and codes are written with ``unlocalize`` and never grouped."""
