"""Request parameters as Mastodon (Rails) reads them.

Query string, form-encoded, multipart and JSON bodies are merged into one nested dict
(body over query string). Rails-style keys are nested: `ids[]=1&ids[]=2` gives a list,
`fields_attributes[0][name]=x` gives {"fields_attributes": {"0": {"name": "x"}}},
`poll[options][]=a` gives {"poll": {"options": ["a"]}}. Accessors on Params turn these
into typed values and raise a 400/422 with a clear message when a value is malformed.
"""
import json
import re
from datetime import datetime, timezone
from urllib.parse import parse_qsl

from django.core.files.uploadedfile import UploadedFile
from django.utils.dateparse import parse_datetime
from rest_framework.exceptions import UnsupportedMediaType
from rest_framework.parsers import JSONParser

from fedi.errors import BadRequest, NotFound, ValidationFailed

_KEY_PART = re.compile(r"\[([^\[\]]*)\]")
_KEY_PATH = re.compile(r"(\[[^\[\]]*\])+")

# Rails' ActiveModel::Type::Boolean: these are false, an empty value is "not given",
# anything else is true.
FALSE_VALUES = {"0", "f", "false", "off", "no", "n"}


class LenientJSONParser(JSONParser):
    """JSON bodies, also when sent as application/json with odd parameters or as +json."""

    media_type = "application/*json"


def _nest(target, key, value):
    """Insert value at a Rails-style key path into target."""
    first = key.split("[", 1)[0]
    rest = key[len(first):]
    if first and rest and _KEY_PATH.fullmatch(rest):
        parts = [first] + _KEY_PART.findall(rest)
    else:  # not Rails syntax ("a[b", "[x]"): keep the key whole
        parts = [key]
    node = target
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        nxt = None if last else parts[index + 1]
        if part == "":  # list append: key[]
            if not isinstance(node, list):
                return
            if last:
                node.append(value)
                return
            # key[][name]=...: start a new hash when the last one already has this key
            if nxt != "" and node and isinstance(node[-1], dict) and nxt not in node[-1]:
                node = node[-1]
                continue
            node.append([] if nxt == "" else {})
            node = node[-1]
            continue
        if not isinstance(node, dict):
            return
        if last:
            node[part] = value
            return
        wanted = list if nxt == "" else dict
        if not isinstance(node.get(part), wanted):
            node[part] = wanted()
        node = node[part]


def nest_pairs(pairs):
    result: dict = {}
    for key, value in pairs:
        _nest(result, key, value)
    return result


def _querydict_pairs(querydict):
    for key in querydict:
        for value in querydict.getlist(key):
            yield key, value


def _raw_body_params(request):
    """Parameters of a body sent without a usable Content-Type (some clients do)."""
    try:
        body = request.body
    except Exception:  # already read as a stream
        return {}
    if not body:
        return {}
    text = body.decode("utf-8", errors="replace").strip()
    if text.startswith("{"):
        try:
            data = json.loads(text)
            return data if isinstance(data, dict) else {}
        except ValueError:
            raise BadRequest("Could not parse the request body as JSON")
    return nest_pairs(parse_qsl(text, keep_blank_values=True))


def _ordered_pairs(raw, querydict):
    """Pairs in the order the client sent them (Rails groups `a[][x]`/`a[][y]` by order),
    from the raw encoded string when there is one."""
    if raw is not None:
        try:
            return parse_qsl(raw, keep_blank_values=True)
        except ValueError:
            pass
    return list(_querydict_pairs(querydict))


def _raw_form_body(request):
    if (request.content_type or "").split(";")[0].strip().lower() != "application/x-www-form-urlencoded":
        return None
    try:
        return request.body.decode("utf-8", errors="replace")
    except Exception:  # the body was consumed as a stream
        return None


def parse_request(request):
    """All parameters of a DRF request as one nested dict."""
    params = nest_pairs(_ordered_pairs(request._request.META.get("QUERY_STRING"), request.query_params))
    try:
        data = request.data
    except UnsupportedMediaType:
        data = _raw_body_params(request._request)
    if not request.content_type and not data:
        data = _raw_body_params(request._request)
    if hasattr(data, "getlist"):  # form or multipart
        body = nest_pairs(_ordered_pairs(_raw_form_body(request._request), data))
        files = getattr(request, "FILES", None)
        if files:
            body.update(nest_pairs(_querydict_pairs(files)))
    elif isinstance(data, dict):
        body = data
    else:
        body = {}
    params.update(body)
    _refuse_nul(params)
    return Params(params)


def _refuse_nul(params):
    """A NUL character is in no valid parameter, and PostgreSQL text cannot hold one (a 500
    otherwise): 422 ERR_INVALID on the parameter, as the sign-up form answers."""
    errors = ValidationFailed()
    for name, value in params.items():
        if _has_nul(name) or _has_nul(value):
            errors.add(name.replace("\x00", ""), "ERR_INVALID", "contains a NUL character")
    errors.raise_if_any()


def _has_nul(value):
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(key) or _has_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_has_nul(item) for item in value)
    return False


def to_bool(value):
    """Mastodon's boolean casting; None for a missing or empty value."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value != 0
    if isinstance(value, list):
        return to_bool(value[-1]) if value else None
    return str(value).strip().lower() not in FALSE_VALUES


def _as_list(value):
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return value
    if isinstance(value, dict):  # {"0": a, "1": b}: Rails hash with index keys
        def order(key):
            return (0, int(key)) if str(key).lstrip("-").isascii() and str(key).lstrip("-").isdigit() else (1, str(key))

        return [value[key] for key in sorted(value, key=order)]
    return [value]


class Params:
    """Typed access to request parameters. Unknown parameters are simply never read."""

    def __init__(self, data=None):
        self.data = data or {}

    def __contains__(self, name):
        return name in self.data

    def __getitem__(self, name):
        return self.data[name]

    def raw(self, name, default=None):
        return self.data.get(name, default)

    def given(self, name):
        """True when the client sent the parameter (even empty)."""
        return name in self.data

    def sub(self, name):
        value = self.data.get(name)
        if isinstance(value, dict):
            return Params(value)
        return Params({})

    def str(self, name, default=None, *, required=False, max_length=None, strip=False):
        value = self.data.get(name)
        if isinstance(value, list):
            value = value[-1] if value else None
        if value is None or isinstance(value, (dict, UploadedFile)):
            if required:
                raise BadRequest(f"param is missing or the value is empty: {name}")
            return default
        if not isinstance(value, str):
            value = json.dumps(value) if isinstance(value, (dict, list)) else str(value).lower() if isinstance(value, bool) else str(value)
        if strip:
            value = value.strip()
        if required and value == "":
            raise BadRequest(f"param is missing or the value is empty: {name}")
        if max_length is not None and len(value) > max_length:
            raise ValidationFailed().add(name, "ERR_TOO_LONG", f"is too long (maximum is {max_length} characters)")
        return value

    def bool(self, name, default=None):
        value = to_bool(self.data.get(name))
        return default if value is None else value

    def int(self, name, default=None, *, min_value=None, max_value=None, clamp=False):
        value = self.data.get(name)
        if isinstance(value, list):
            value = value[-1] if value else None
        if value is None or value == "":
            return default
        if isinstance(value, bool):
            raise BadRequest(f"{name} must be an integer")
        try:
            number = int(str(value).strip())
        except (TypeError, ValueError):
            raise BadRequest(f"{name} must be an integer")
        if min_value is not None and number < min_value:
            if not clamp:
                raise BadRequest(f"{name} must be at least {min_value}")
            number = min_value
        if max_value is not None and number > max_value:
            if not clamp:
                raise BadRequest(f"{name} must be at most {max_value}")
            number = max_value
        return number

    def id(self, name, default=None, *, required=False):
        """An object ID (a string of digits in the API); None when absent."""
        value = self.data.get(name)
        if isinstance(value, list):
            value = value[-1] if value else None
        if value is None or value == "":
            if required:
                raise BadRequest(f"param is missing or the value is empty: {name}")
            return default
        return parse_id(value, name)

    def ids(self, name):
        return [parse_id(value, name) for value in self.list(name) if value not in (None, "")]

    def list(self, name):
        """A list parameter given as name[]=a&name[]=b, name=a, an index-keyed hash or JSON array."""
        value = self.data.get(name)
        if value is None:
            value = self.data.get(f"{name}[]")
        return _as_list(value)

    def choice(self, name, choices, default=None):
        value = self.str(name)
        if value is None or value == "":
            return default
        if value not in choices:
            raise ValidationFailed().add(name, "ERR_INCLUSION")
        return value

    def datetime(self, name, default=None):
        value = self.str(name)
        if value is None or value == "":
            return default
        try:
            parsed = parse_datetime(value.strip().replace(" ", "T", 1))
        except ValueError:
            parsed = None
        if parsed is None:
            raise ValidationFailed(f"Validation failed: {name} is not a valid date-time")
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=timezone.utc)
        return parsed

    def file(self, name):
        value = self.data.get(name)
        return value if isinstance(value, UploadedFile) else None


MAX_ID = (1 << 63) - 1


def is_id(text: str) -> bool:
    """Whether text is an ID: ASCII digits (str.isdigit() also takes "²" and "١", which int()
    refuses or reads), at most the largest 64-bit signed integer."""
    return text.isascii() and text.isdigit() and int(text) <= MAX_ID


def id_in_url(value: object) -> int:
    """The ID in a URL: anything that is not one is simply not found (404)."""
    text = str(value)
    if not is_id(text):
        raise NotFound()
    return int(text)


def parse_id(value, name="id"):
    """An ID from the URL or a parameter; anything that is not one is simply not found."""
    text = str(value).strip()
    if not is_id(text):
        raise BadRequest(f"{name} is not a valid ID")
    return int(text)
