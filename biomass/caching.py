"""The server-side cache of public reads, keyed on the generation of the published data.

What the site serves changes only through services, and every service that changes it is
marked ``@publishes``: the generation changes when it returns (inside its transaction, so a
read later in that transaction sees the change) and again when its transaction commits (so a
read that raced the commit and cached the old state under the new generation is never read).
A costly read (a rendered API response, a country's summary, a tile) is kept under the
generation and the request's language; after a change it is computed again from the database.
Entries of older generations are never read again and expire after ``TIMEOUT``.

The cache is ``settings.CACHES["default"]``: Redis when REDIS_URL is set, otherwise a table in
the database, so every process and server shares one generation."""

from __future__ import annotations

import functools
import hashlib
import uuid

from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import set_response_etag

GENERATION = "biomass:published-generation"
TIMEOUT = 24 * 3600  # seconds; a change makes an entry unreachable at once, this frees it


def generation() -> str:
    """The current generation of the published data (a new random one when none is known)."""
    return cache.get_or_set(GENERATION, lambda: uuid.uuid4().hex, timeout=None)


def renew_generation() -> None:
    cache.set(GENERATION, uuid.uuid4().hex, timeout=None)


def published_changed() -> None:
    """What the site serves has changed: every read cached before is stale."""
    renew_generation()
    transaction.on_commit(renew_generation)


def publishes(service):
    """Mark a service that changes what the site serves (see the module's docstring)."""

    @functools.wraps(service)
    def wrapper(*args, **kwargs):
        try:
            return service(*args, **kwargs)
        finally:  # also after a failure: whatever it committed before failing is served
            published_changed()

    return wrapper


def _key(kind: str, *parts) -> str:
    raw = "\x1f".join(str(p) for p in (generation(), translation.get_language() or "", *parts))
    return f"biomass:{kind}:{hashlib.sha256(raw.encode()).hexdigest()}"


def remember(kind: str, *parts, compute):
    """``compute()``, kept under the generation, the language and ``parts`` (what it depends
    on besides the published data); ``None`` is not kept."""
    key = _key(kind, *parts)
    value = cache.get(key)
    if value is None:
        value = compute()
        if value is not None:
            cache.set(key, value, TIMEOUT)
    return value


def _request_parts(request) -> tuple:
    """What a response depends on besides the data and the language: the whole URL (a page's
    links name the host and scheme), the types accepted and whether gzip is."""
    gzip = "gzip" in request.headers.get("Accept-Encoding", "")
    return request.build_absolute_uri(), request.headers.get("Accept", ""), gzip


def _freeze(response) -> tuple:
    if not response.has_header("ETag"):
        set_response_etag(response)
    return response.status_code, list(response.items()), response.content


def cached_response(*, formats: tuple[str, ...]):
    """A view decorator (outermost, so that compressed bytes are kept): a GET whose response
    was rendered in one of ``formats`` (a DRF renderer's format) is answered from the cache
    until the published data change. Other formats (rate-limited exports) are never kept, so
    they never bypass their rate limit."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method != "GET":
                return view(request, *args, **kwargs)
            key = _key("response", *_request_parts(request))
            if (hit := cache.get(key)) is not None:
                status, headers, content = hit
                return HttpResponse(content, status=status, headers=dict(headers))
            response = view(request, *args, **kwargs)
            renderer = getattr(response, "accepted_renderer", None)
            if response.status_code == 200 and getattr(renderer, "format", None) in formats:
                response.add_post_render_callback(lambda r: cache.set(key, _freeze(r), TIMEOUT))
            return response

        return wrapper

    return decorator
