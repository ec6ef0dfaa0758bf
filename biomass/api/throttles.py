"""Who a client is, for the API's rate limits and for the login lockout: one rule for both.

The client is REMOTE_ADDR, the peer of the connection. X-Forwarded-For is believed only when
TRUSTED_PROXIES (DRF's NUM_PROXIES) reverse proxies stand in front, and then only the entry
the outermost trusted proxy added: whatever a client writes into the header itself is
ignored. DRF's rate limits apply the rule themselves; django-axes calls `client_ip`."""

from rest_framework.throttling import BaseThrottle


def client_ip(request) -> str:
    """The address rate limits and login lockouts count against (DRF's rule, NUM_PROXIES)."""
    return BaseThrottle().get_ident(request)
