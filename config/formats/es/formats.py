"""Spanish as written in Mexico and most of Central America: 1,957,847.5 (Django's own
Spanish formats are Spain's: 1.957.847,5)."""

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
