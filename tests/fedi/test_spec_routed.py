"""Every operation of the Mastodon OpenAPI file is routed, to a view answering its method
(the other direction of tests/fedi/test_scope_table.py, which checks every route)."""
import json
import re
from pathlib import Path

import pytest
from django.urls import Resolver404, resolve

SPEC = Path(__file__).resolve().parents[1] / "spec" / "mastodon-openapi.json"
METHODS = ("get", "post", "put", "patch", "delete")


def _unrouted():
    missing, total = [], 0
    for path, operations in json.loads(SPEC.read_text())["paths"].items():
        for method in operations:
            if method not in METHODS:
                continue
            total += 1
            try:
                match = resolve(re.sub(r"\{[^}]+\}", "1", path), urlconf="fedi.urls")
            except Resolver404:
                missing.append(f"{method.upper()} {path}")
                continue
            view = getattr(match.func, "view_class", None) or getattr(match.func, "cls", None)
            if view is not None and not hasattr(view, method):
                missing.append(f"{method.upper()} {path}")
    return total, missing


@pytest.mark.urls("fedi.urls")
def test_every_spec_operation_is_routed():
    total, missing = _unrouted()
    assert total >= 210
    assert missing == [], missing
