"""How OAuth requests are read: leniently, as Mastodon (Rails) reads them.

Clients send /oauth/token and /oauth/revoke parameters as a form, as JSON, in the query
string, with or without a Content-Type. oauthlib wants them form-encoded in the body and
refuses query parameters on POST, so they are all gathered into the body here.
"""
import json
from urllib.parse import parse_qsl, urlencode, urlparse, urlunparse

from oauth2_provider.oauth2_backends import OAuthLibCore


def lenient_body_pairs(request):
    """(key, value) pairs from a request's query string and body, whatever its encoding."""
    pairs = {}
    for key, values in request.GET.lists():
        pairs[key] = values[-1]
    content_type = (request.content_type or "").lower()
    if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        body_pairs = [(key, values[-1]) for key, values in request.POST.lists()]
    else:
        try:
            raw = request.body.decode("utf-8", errors="replace").strip()
        except Exception:
            raw = ""
        body_pairs = []
        if raw.startswith("{"):
            try:
                data = json.loads(raw)
            except ValueError:
                data = {}
            if isinstance(data, dict):
                for key, value in data.items():
                    if isinstance(value, list):
                        value = " ".join(str(item) for item in value)
                    elif isinstance(value, bool):
                        value = "true" if value else "false"
                    elif value is None:
                        continue
                    body_pairs.append((key, str(value)))
        elif raw:
            body_pairs = parse_qsl(raw, keep_blank_values=True)
    for key, value in body_pairs:
        pairs[key] = value
    return list(pairs.items())


class LenientOAuthLibCore(OAuthLibCore):
    def _extract_params(self, request):
        if request.method != "POST":
            return super()._extract_params(request)
        parsed = list(urlparse(request.get_full_path()))
        parsed[4] = ""  # the query string moves into the body
        uri = urlunparse(parsed)
        headers = self.extract_headers(request)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers.pop("CONTENT_TYPE", None)
        body = urlencode(lenient_body_pairs(request))
        return uri, request.method, body, headers
