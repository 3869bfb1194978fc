"""Validation of API responses against the Mastodon OpenAPI file (tests/spec/).

validate_response(method, path, status, body) checks the body against the schema the spec
documents for that operation and status, and then that every attribute the entity
documents is present (the spec's `required` lists are too lenient: real Mastodon sends
every key, null when empty, and clients rely on it).

Nothing passes silently: a JSON response of a documented operation must have a schema — the
spec's, or one from tests/spec/supplement.json, where every addition or correction states
its reason (the admin API, which the spec leaves out; `{}` answers the spec calls "Empty";
fields real Mastodon sends as null). An error status the operation does not list is checked
against the Error entity; any other undocumented status fails.
"""
import copy
import json
import re
from functools import lru_cache
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC_PATH = Path(__file__).parent / "spec" / "mastodon-openapi.json"
SUPPLEMENT_PATH = Path(__file__).parent / "spec" / "supplement.json"
SPEC_URI = "urn:mastodon-openapi"
METHODS = ("get", "post", "put", "patch", "delete")

# Mastodon sends "" for the URLs a preview card lacks (author_url, provider_url, embed_url:
# its own documentation's examples do), which the spec's `format: uri` would refuse.
FORMATS = FormatChecker()
_check_uri, _uri_raises = FORMATS.checkers["uri"]
FORMATS.checkers["uri"] = (lambda value: value == "" or _check_uri(value), _uri_raises)


def _merge(base, extra):
    """extra deep-merged into base (dicts merge key by key; null removes a key; anything else replaces)."""
    for key, value in extra.items():
        if value is None:
            base.pop(key, None)
        elif isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        else:
            base[key] = copy.deepcopy(value)
    return base


@lru_cache(maxsize=1)
def supplement():
    return json.loads(SUPPLEMENT_PATH.read_text())


@lru_cache(maxsize=1)
def spec():
    """The Mastodon OpenAPI file with tests/spec/supplement.json merged in."""
    document = json.loads(SPEC_PATH.read_text())
    extra = supplement()
    _merge(document["components"]["schemas"], extra.get("components", {}).get("schemas", {}))
    _merge(document["paths"], extra.get("paths", {}))
    return document


@lru_cache(maxsize=1)
def registry():
    return Registry().with_resource(SPEC_URI, Resource.from_contents(spec(), default_specification=DRAFT202012))


@lru_cache(maxsize=1)
def _path_patterns():
    patterns = []
    for template in spec()["paths"]:
        regex = "^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)) + "/?$"
        patterns.append((template.count("{"), template, re.compile(regex)))
    patterns.sort(key=lambda item: item[0])  # literal segments win over parameters
    return patterns


def operation_for(method, path):
    """(path template, operation) documented for a request, or (None, None)."""
    for _, template, regex in _path_patterns():
        if regex.match(path):
            operation = spec()["paths"][template].get(method.lower())
            if operation is not None:
                return template, operation
    return None, None


def _escape(part):
    return part.replace("~", "~0").replace("/", "~1")


ERROR_POINTER = "#/components/schemas/Error"


class SpecMismatch(AssertionError):
    pass


def response_schema_pointer(method, path, status):
    """Pointer to the schema of a documented response; None for an undocumented operation.
    Raises SpecMismatch for a documented operation whose response has no schema."""
    template, operation = operation_for(method, path)
    if operation is None:
        return None
    responses = operation.get("responses", {})
    key = str(status) if str(status) in responses else ("default" if "default" in responses else None)
    if key is None:
        if 400 <= int(status) < 500:
            return ERROR_POINTER  # every error is an Error entity, listed or not
        raise SpecMismatch(f"{method} {path} -> {status}: the spec documents no {status} response for "
                           f"{method.upper()} {template} (add it to tests/spec/supplement.json with a reason)")
    content = responses[key].get("content", {})
    if "application/json" not in content or "schema" not in content["application/json"]:
        if 400 <= int(status) < 500:
            return ERROR_POINTER
        raise SpecMismatch(f"{method} {path} -> {status}: JSON response, but the spec has no schema for "
                           f"{method.upper()} {template} {key} (add one to tests/spec/supplement.json with a reason)")
    return "/".join(["#", "paths", _escape(template), method.lower(), "responses", key, "content",
                     _escape("application/json"), "schema"])


def _resolve(schema):
    resolver = registry().resolver(base_uri=SPEC_URI)
    while isinstance(schema, dict) and "$ref" in schema and len(schema) <= 3:
        schema = resolver.lookup(schema["$ref"]).contents
    return schema


def _validator(schema):
    """A validator for a pointer into the spec ("#/...") or a schema taken out of it (whose
    "#/components/..." references still resolve against the spec)."""
    if isinstance(schema, str):
        schema = {"$ref": SPEC_URI + schema}
    validator = Draft202012Validator(schema, registry=registry(), format_checker=FORMATS)
    return validator.evolve(_resolver=registry().resolver(base_uri=SPEC_URI))


def missing_keys(schema, data, where="$", optional=()):
    """Documented attributes absent from data, recursively, as JSONPath-like strings. An
    `x-optional` list (tests/spec/supplement.json) names attributes Mastodon itself leaves out."""
    schema = _resolve(schema)
    if not isinstance(schema, dict) or data is None:
        return []
    optional = set(optional) | set(schema.get("x-optional", ()))
    for combinator in ("oneOf", "anyOf"):
        if combinator in schema:
            for option in schema[combinator]:
                option_schema = _resolve(option)
                if option_schema.get("type") == "null":
                    continue
                if not list(_validator(option_schema).iter_errors(data)):
                    return missing_keys(option_schema, data, where)
            return []
    if "allOf" in schema:
        return [miss for part in schema["allOf"] for miss in missing_keys(part, data, where, optional)]
    if isinstance(data, list) and "items" in schema:
        return [miss for index, item in enumerate(data) for miss in missing_keys(schema["items"], item, f"{where}[{index}]")]
    if isinstance(data, dict) and "properties" in schema:
        missing = [f"{where}.{key}" for key in schema["properties"] if key not in data and key not in optional]
        for key, sub in schema["properties"].items():
            if key in data:
                missing.extend(missing_keys(sub, data[key], f"{where}.{key}"))
        return missing
    return []


def validate_response(method, path, status, body, *, allow_missing=()):
    """Raise SpecMismatch when a documented response does not match the spec. Returns the
    schema pointer used, or None for an undocumented operation/status."""
    pointer = response_schema_pointer(method, path, status)
    if pointer is None:
        return None
    validator = _validator(pointer)
    errors = sorted(validator.iter_errors(body), key=lambda error: list(error.absolute_path))
    if errors and int(status) == 422 and isinstance(body, dict) and set(body) == {"error"}:
        # The spec documents 422 as a ValidationError with `details`, but Mastodon itself
        # answers some 422s (e.g. "This method requires an authenticated user") without them.
        errors = list(_validator("#/components/schemas/Error").iter_errors(body))
    if errors:
        details = "\n".join(f"  at {'/'.join(map(str, e.absolute_path)) or '$'}: {e.message[:300]}" for e in errors[:10])
        raise SpecMismatch(f"{method} {path} -> {status} does not match {pointer}:\n{details}")
    if not 200 <= int(status) < 300:
        return pointer  # Error entities: error_description is only for OAuth errors
    schema = registry().resolver(base_uri=SPEC_URI).lookup(SPEC_URI + pointer).contents
    missing = [key for key in missing_keys(schema, body) if not any(key.endswith(allowed) for allowed in allow_missing)]
    if missing:
        raise SpecMismatch(f"{method} {path} -> {status}: documented attributes missing: {', '.join(missing[:20])}")
    return pointer
