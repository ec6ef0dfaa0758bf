"""OpenAPI post-processing: every operation documents its JSON error responses."""

ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "error": {"type": "string", "description": "machine-readable code, e.g. invalid, not_found, throttled"},
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


def add_error_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            if method in ("get", "head"):
                # Reading is public: no credentials are needed (bad ones are still refused).
                operation["security"] = [{}]
            responses = operation.setdefault("responses", {})
            for status, description in ERRORS.items():
                responses.setdefault(status, {
                    "description": description,
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                })
    return result
