"""Parsing a search query the way Mastodon's SearchQueryParser does.

    cats "black cat" -dogs from:alice has:media -is:reply language:en before:2024-01-31 in:library

Words and quoted phrases are full-text terms; `-` excludes (a term or an operator), `+` is
accepted and means nothing more. Known operators: from:, has:, is:, language:, before:,
after:, during:, in:. Anything else with a colon is an ordinary word.
"""
import datetime
import re
from dataclasses import dataclass, field

from fedi.errors import ValidationFailed

TOKEN = re.compile(r'(?P<sign>[+-]?)(?:(?P<key>[a-z_]+):)?(?:"(?P<quoted>[^"]*)"?|(?P<word>\S+))', re.I)
OPERATORS = {"from", "has", "is", "language", "before", "after", "during", "in"}
PROPERTIES = {"media", "poll", "link", "embed", "image", "video", "audio", "sensitive", "reply"}
SCOPES = {"all", "library", "public"}


@dataclass
class Term:
    text: str
    phrase: bool = False


@dataclass
class ParsedQuery:
    terms: list = field(default_factory=list)          # Term, all must match
    excluded: list = field(default_factory=list)       # Term, none may match
    filters: list = field(default_factory=list)        # (operator, value), each must hold
    exclusions: list = field(default_factory=list)     # (operator, value), none may hold
    scope: str = "all"

    @property
    def has_text(self) -> bool:
        return bool(self.terms or self.excluded)

    @property
    def empty(self) -> bool:
        return not (self.terms or self.excluded or self.filters or self.exclusions or self.scope != "all")


def parse_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ValidationFailed(f"Invalid date {value}") from None


def parse(query: str) -> ParsedQuery:
    parsed = ParsedQuery()
    for match in TOKEN.finditer(query):
        sign, key = match.group("sign"), (match.group("key") or "").lower()
        quoted = match.group("quoted")
        value = quoted if quoted is not None else match.group("word")
        if key and key not in OPERATORS:
            # An unknown "key:value" is plain text, as in Mastodon.
            value, key = f"{match.group('key')}:{value}", ""
        if not key:
            if not value.strip():
                continue
            term = Term(value.strip(), phrase=quoted is not None and " " in value.strip())
            (parsed.excluded if sign == "-" else parsed.terms).append(term)
            continue
        value = value.strip()
        if key == "in":
            if value.lower() not in SCOPES:
                raise ValidationFailed(f"Unknown in: scope {value}")
            parsed.scope = value.lower()
            continue
        if key in ("has", "is"):
            value = value.lower()
            if value not in PROPERTIES:
                raise ValidationFailed(f"Unknown property {key}:{value}")
            key = "property"
        elif key in ("before", "after", "during"):
            value = parse_date(value)
        elif key == "language":
            value = value.lower()
        (parsed.exclusions if sign == "-" else parsed.filters).append((key, value))
    return parsed
