"""The audit log: who changed which layer or statistics dataset, when, with which file."""

from __future__ import annotations

from ..models import AuditEntry, Layer, LayerVersion


def audit_log(
    action: str, *, user=None, layer: Layer | None = None, version: LayerVersion | None = None, **details
) -> AuditEntry:
    layer = layer or (version.layer if version else None)
    return AuditEntry.objects.create(
        action=action,
        user=user if getattr(user, "is_authenticated", False) else None,
        layer=layer,
        subject=layer.slug if layer else "",
        version_number=version.number if version else None,
        checksum=(version.source_checksum if version else ""),
        details=details,
    )


def audit_statistics(action: str, *, version, user=None, **details) -> AuditEntry:
    """An entry about a version of a statistics dataset."""
    return AuditEntry.objects.create(
        action=action,
        kind=AuditEntry.Kind.STATISTICS,
        user=user if getattr(user, "is_authenticated", False) else None,
        subject=version.dataset.slug,
        version_number=version.number,
        checksum=version.checksum,
        details=details,
    )
