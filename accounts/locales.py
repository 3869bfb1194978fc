"""The interface languages a user may choose (the `locale` of sign-up and of e-mails).

Mastodon's own list (I18n.available_locales): ISO 639-1 codes, a few ISO 639-3 codes where
no two-letter one exists, and regional forms. Any listed language with a region (en-GB,
pt-BR, zh-TW) or a script (sr-Latn) is accepted too.
"""
import re

LANGUAGES = {
    "af", "an", "ar", "ast", "be", "bg", "bn", "br", "bs", "ca", "ckb", "co", "cs", "cy", "da", "de", "el",
    "en", "eo", "es", "et", "eu", "fa", "fi", "fil", "fo", "fr", "fy", "ga", "gd", "gl", "he", "hi", "hr",
    "hu", "hy", "ia", "id", "ie", "ig", "io", "is", "it", "ja", "ka", "kab", "kk", "kn", "ko", "ku", "la",
    "lad", "lt", "lv", "mk", "ml", "mr", "ms", "my", "nb", "nl", "nn", "no", "oc", "pa", "pl", "pt", "ro",
    "ru", "sa", "sc", "sco", "si", "sk", "sl", "sq", "sr", "sv", "szl", "ta", "tai", "te", "th", "tok", "tr",
    "tt", "ug", "uk", "ur", "vi", "zgh", "zh",
}
DEFAULT_LOCALE = "en"

# language, then an optional region (GB, 419) or script (Latn); "_" as separator too (en_GB)
_LOCALE = re.compile(r"^([a-z]{2,3})(?:[-_]([a-z]{2}|[0-9]{3}|[a-z]{4}))?$", re.IGNORECASE)


def normalize_locale(value):
    """The canonical form of a supported locale ("pt_br" -> "pt-BR"), or None if unsupported."""
    match = _LOCALE.match((value or "").strip())
    if match is None:
        return None
    language, variant = match.group(1).lower(), match.group(2)
    if language not in LANGUAGES:
        return None
    if variant is None:
        return language
    if len(variant) == 4:  # a script: sr-Latn
        return f"{language}-{variant.title()}"
    return f"{language}-{variant.upper()}"
