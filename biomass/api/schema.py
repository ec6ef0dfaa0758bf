"""OpenAPI post-processing: every operation documents its JSON error responses."""

ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "error": {
            "type": "string",
            "description": "machine-readable code, e.g. invalid, not_found, throttled",
        },
        "message": {"type": "string", "description": "what is wrong, in words"},
        "field": {"type": "string", "description": "the parameter at fault, when there is one"},
        "details": {"type": "object", "description": "per-parameter validation messages"},
    },
    "required": ["error", "message"],
}
ERRORS = {
    "400": "A parameter is invalid (the field names it).",
    "404": "An unknown region, resource, scenario or layer.",
    "429": "Too many requests to an expensive endpoint; retry after the Retry-After seconds.",
}
STAFF_ERRORS = {
    "401": "No valid credentials (a session with the CSRF token, or an API token).",
    "403": "The user is not staff with the permission to manage layers (or the CSRF token is missing).",
    "409": "The version is in a state that does not allow this (e.g. it is being served or processed).",
    "413": "The upload is larger than the limit.",
}


def add_error_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for url, path in result.get("paths", {}).items():
        for method, operation in path.items():
            public_post = url.startswith("/api/analysis/")
            staff_only = (method not in ("get", "head") and not public_post) or "/versions/" in url
            if not staff_only:
                # Reading is public: no credentials are needed (bad ones are still refused).
                operation["security"] = [{}]
            responses = operation.setdefault("responses", {})
            for status, description in ERRORS.items() | (STAFF_ERRORS.items() if staff_only else set()):
                responses.setdefault(
                    status,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                    },
                )
    return result
