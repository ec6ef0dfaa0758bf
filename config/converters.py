"""Path converters. ``id``: a database id, version number or tile coordinate, 1 to 9 digits, so
that a number too large for the database's integers (PostgreSQL's integer ends at 2,147,483,647,
SQLite's at 2⁶³ − 1) is an unknown URL (404), never an overflow (500)."""

from django.urls import register_converter


class IdConverter:
    regex = "[0-9]{1,9}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(IdConverter, "id")
