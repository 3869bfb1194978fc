"""fedi.renderers.FastJSONRenderer writes exactly what DRF's JSONRenderer writes."""
from datetime import date, datetime, timezone
from decimal import Decimal

from django.utils.translation import gettext_lazy
from rest_framework.renderers import JSONRenderer

from fedi.renderers import FastJSONRenderer


def test_same_bytes_as_drf():
    data = {"at": datetime(2024, 1, 2, 3, 4, 5, 123456, tzinfo=timezone.utc), "day": date(2024, 1, 1),
            "amount": Decimal("1.5"), "lazy": gettext_lazy("Hello"), "list": [1, 2.5, None, True, "é\u2028x\u2029"],
            "keys": {1: "x"}, "html": "</script>", "nested": [{"a": []}], "big": 2 ** 70}
    assert FastJSONRenderer().render(data) == JSONRenderer().render(data)
    assert FastJSONRenderer().render(None) == JSONRenderer().render(None) == b""
