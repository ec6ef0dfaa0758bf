"""The language of a report: ``?language=es|en`` (the API's and exports' parameter; ``lang``
is accepted as a short form) chooses it, so a PDF link can be shared in a language; without
it, the request's language (cookie, Accept-Language) as for any page."""

from __future__ import annotations

from biomass.languages import requested_language


def report_language(query):
    """A context in the language the query asks for (none asked: the active one); an unknown
    language is InvalidInput naming the parameter."""
    return requested_language(query, "%(name)s: %(value)s is not a language of the reports (es, en).")
