"""The language of a report: ``?language=es|en`` (the API's and exports' parameter; ``lang``
is accepted as a short form) chooses it, so a PDF link can be shared in a language; without
it, the request's language (cookie, Accept-Language) as for any page."""

from __future__ import annotations

from contextlib import nullcontext

from django.utils import translation

from biomass.errors import InvalidInput

LANGUAGES = ("es", "en")


def report_language(query):
    """A context in the language the query asks for (none asked: the active one); an unknown
    language is InvalidInput naming the parameter."""
    for name in ("language", "lang"):
        value = query.get(name)
        if value is None or value == "":
            continue
        if value not in LANGUAGES:
            raise InvalidInput(
                "%(name)s: %(value)s is not a language of the reports (es, en).",
                field=name,
                params={"name": name, "value": value[:20]},
            )
        return translation.override(value)
    return nullcontext()
