"""The audit log: who changed which layer, when, with which file."""

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
        layer_slug=layer.slug if layer else "",
        version_number=version.number if version else None,
        checksum=(version.source_checksum if version else ""),
        details=details,
    )
