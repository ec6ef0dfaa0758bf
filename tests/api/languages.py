"""The same API request in Spanish and in English, for the tests of errors said in the
language asked for (Accept-Language)."""

from __future__ import annotations

LANGUAGES = ("es-MX", "en-US")


def errors_in_each_language(send, *, status: int = 400, field: str | None = None) -> dict[str, str]:
    """{language: message} of the error that ``send(language)`` (a request with that
    Accept-Language) answers, each checked to be a ``status`` naming ``field``."""
    messages = {}
    for language in LANGUAGES:
        response = send(language)
        body = response.json()
        assert response.status_code == status, (language, body)
        if field is not None:
            assert body["field"] == field, (language, body)
        messages[language] = body["message"]
    return messages
