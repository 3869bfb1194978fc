"""Content negotiation for the API."""
from rest_framework.negotiation import BaseContentNegotiation


class IgnoreAcceptNegotiation(BaseContentNegotiation):
    """Always JSON: clients send all sorts of Accept headers."""

    def select_parser(self, request, parsers):
        for parser in parsers:
            if request.content_type and _media_matches(parser.media_type, request.content_type):
                return parser
        return None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def _media_matches(pattern, content_type):
    base = content_type.split(";", 1)[0].strip().lower()
    if pattern == "application/*json":
        return base.startswith("application/") and base.endswith("json")
    return base == pattern
