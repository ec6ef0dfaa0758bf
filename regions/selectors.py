"""Reads for regions."""

from __future__ import annotations

from django.db.models import QuerySet

from biomass.errors import NotFound

from .models import Region


def regions_list(*, level: str | None = None, parent: str | None = None) -> QuerySet[Region]:
    regions = Region.objects.select_related("parent").order_by("level", "code")
    if level:
        regions = regions.filter(level=level)
    if parent:
        if not Region.objects.filter(code=parent).exists():
            raise NotFound(f"unknown region code {parent!r}", field="parent")
        regions = regions.filter(parent__code=parent)
    return regions


def region_get(*, code: str) -> Region:
    try:
        return Region.objects.select_related("parent").get(code=code)
    except Region.DoesNotExist:
        raise NotFound(f"unknown region code {code!r}", field="region") from None
