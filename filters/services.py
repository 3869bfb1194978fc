"""Filters: the rules of creating and changing them (v2 filters, keywords, statuses, and
the v1 view where each keyword is a filter). Every change forgets the account's cached
filters and, once committed, tells its streams (`filters_changed`).

Matching statuses against filters lives in filters.matching (active_filters,
filter_results), re-exported here.
"""
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from fedi.errors import NotFound, ValidationFailed
from fedi.ids import pk_of
from fedi.params import id_in_url, to_bool
from filters import signals
from filters.matching import active_filters, active_filters_many, filter_results, filters_map, invalidate  # noqa: F401
from filters.models import Filter, FilterKeyword, FilterStatus

UNSET = object()
MAX_EXPIRES_IN = 100 * 365 * 24 * 3600  # longer than anyone means, short of overflowing a date
INVALID_CONTEXT = "None or invalid context supplied"
MULTIPLE_KEYWORDS = ("These parameters cannot be changed from this application because they apply to more "
                     "than one filter keyword. Use a more recent application or the web interface.")


def _pk(value):
    return id_in_url(str(value).strip())


# --- Finding ---------------------------------------------------------------------------------

def account_filters(account):
    return Filter.objects.filter(account_id=pk_of(account)).order_by("id")


def with_rules(filters):
    """Filters with their keywords and statuses loaded (the Filter entity lists them)."""
    return filters.prefetch_related("keywords", "statuses")


def find_filter(account, filter_id, *, rules=False):
    filters = account_filters(account)
    found = (with_rules(filters) if rules else filters).filter(pk=_pk(filter_id)).first()
    if found is None:
        raise NotFound()
    return found


def find_keyword(account, keyword_id):
    found = (FilterKeyword.objects.select_related("filter")
             .filter(pk=_pk(keyword_id), filter__account_id=pk_of(account)).first())
    if found is None:
        raise NotFound()
    return found


def find_filter_status(account, filter_status_id):
    found = (FilterStatus.objects.select_related("filter")
             .filter(pk=_pk(filter_status_id), filter__account_id=pk_of(account)).first())
    if found is None:
        raise NotFound()
    return found


def v1_filters(account):
    """Every keyword of the account's filters: the v1 API's filters."""
    return FilterKeyword.objects.filter(filter__account_id=pk_of(account)).select_related("filter").order_by("id")


# --- Validation ------------------------------------------------------------------------------

def normalize_context(values):
    """Context values stripped, blanks dropped, duplicates removed (order kept)."""
    cleaned = [str(value).strip() for value in values if not isinstance(value, (dict, list))]
    return list(dict.fromkeys(value for value in cleaned if value))


def _check_filter(errors, *, title=UNSET, context=UNSET, filter_action=UNSET, title_attribute="title"):
    if title is not UNSET:
        if title is None or not str(title).strip():
            errors.add(title_attribute, "ERR_BLANK")
        elif len(title) > Filter.TITLE_LENGTH_LIMIT:
            errors.add(title_attribute, "ERR_TOO_LONG",
                       f"is too long (maximum is {Filter.TITLE_LENGTH_LIMIT} characters)")
    if context is not UNSET:
        if not context:
            errors.add("context", "ERR_BLANK")
        if not context or any(value not in Filter.CONTEXTS for value in context):
            errors.add("context", "ERR_INVALID", INVALID_CONTEXT)
    if filter_action is not UNSET and filter_action not in Filter.Action.values:
        errors.add("action", "ERR_INCLUSION")


def _keyword_problem(keyword):
    """(code, description) of what is wrong with a keyword, or None."""
    if keyword is None or not str(keyword).strip():
        return "ERR_BLANK", None
    if len(keyword) > FilterKeyword.KEYWORD_LENGTH_LIMIT:
        return "ERR_TOO_LONG", f"is too long (maximum is {FilterKeyword.KEYWORD_LENGTH_LIMIT} characters)"
    return None


def _check_keyword(errors, keyword, attribute="keyword"):
    problem = _keyword_problem(keyword)
    if problem:
        errors.add(attribute, *problem)


def expires_at_for(expires_in):
    """expires_in seconds from now (None: never)."""
    if expires_in is None:
        return None
    seconds = max(0, min(int(expires_in), MAX_EXPIRES_IN))
    return timezone.now() + timedelta(seconds=seconds)


def _nested_message(errors):
    """Rails' full messages, nested attributes as "Keywords keyword can't be blank"."""
    parts: list[str] = []
    for attribute, items in errors.details.items():
        name = attribute.replace(".", " ").replace("_", " ").capitalize()
        parts.extend(f"{name} {item['description']}" for item in items)
    return "Validation failed: " + ", ".join(parts)


def _raise(errors):
    if errors.details:
        raise ValidationFailed(_nested_message(errors), errors.details)


# --- Changes ---------------------------------------------------------------------------------

def _changed(account_id):
    """The account's filters changed: forget the cached ones, tell its streams after commit."""
    invalidate(account_id)

    transaction.on_commit(lambda: signals.filters_changed.send(sender=Filter, account_id=account_id))


def _blank(value):
    """Rails' blank?: nil, false, empty or whitespace-only."""
    if value is None or value is False:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, dict)):
        return not value
    return False


def _keyword_changes(filter_row, attributes, errors):
    """keywords_attributes as Rails' accepts_nested_attributes_for (reject_if: :all_blank,
    allow_destroy): returns (to create, to update, to delete); an id that is not one of this
    filter's keywords is 404."""
    creates, updates, deletes = [], [], []
    existing = {}
    if filter_row is not None and any(isinstance(item, dict) and not _blank(item.get("id")) for item in attributes):
        existing = {keyword.id: keyword for keyword in filter_row.keywords.all()}
    for item in attributes:
        if not isinstance(item, dict):
            continue
        if all(key == "_destroy" or _blank(value) for key, value in item.items()):
            continue
        destroy = bool(to_bool(item.get("_destroy")))
        if not _blank(item.get("id")):
            keyword = existing.get(_pk(item.get("id")))
            if keyword is None:
                raise NotFound()
            if destroy:
                deletes.append(keyword)
                continue
            if "keyword" in item:
                keyword.keyword = item.get("keyword") if isinstance(item.get("keyword"), str) else None
                _check_keyword(errors, keyword.keyword, "keywords.keyword")
            if to_bool(item.get("whole_word")) is not None:
                keyword.whole_word = to_bool(item.get("whole_word"))
            updates.append(keyword)
            continue
        if destroy:
            continue
        text = item.get("keyword") if isinstance(item.get("keyword"), str) else None
        _check_keyword(errors, text, "keywords.keyword")
        whole_word = to_bool(item.get("whole_word"))
        creates.append(FilterKeyword(keyword=text or "", whole_word=True if whole_word is None else whole_word))
    return creates, updates, deletes


def _apply_keywords(filter_row, creates, updates, deletes):
    for keyword in creates:
        keyword.filter = filter_row
    FilterKeyword.objects.bulk_create(creates)
    for keyword in updates:
        keyword.save(update_fields=["keyword", "whole_word", "updated_at"])
    if deletes:
        FilterKeyword.objects.filter(id__in=[keyword.id for keyword in deletes]).delete()


@transaction.atomic
def create_filter(account, *, title=None, context=(), filter_action=None, expires_in=None, keywords=()):
    """A new filter, with keywords from keywords_attributes ([{keyword, whole_word}...])."""
    context = normalize_context(context)
    filter_action = filter_action or Filter.Action.WARN
    errors = ValidationFailed()
    _check_filter(errors, title=title, context=context, filter_action=filter_action)
    creates, _, _ = _keyword_changes(None, list(keywords), errors)
    _raise(errors)
    filter_row = Filter.objects.create(account_id=pk_of(account), title=title, context=context,
                                       filter_action=filter_action, expires_at=expires_at_for(expires_in))
    _apply_keywords(filter_row, creates, [], [])
    _changed(filter_row.account_id)
    return filter_row


@transaction.atomic
def update_filter(filter_row, *, title=UNSET, context=UNSET, filter_action=UNSET, expires_in=UNSET, keywords=()):
    """Change what was sent (keywords_attributes may add, change and _destroy keywords)."""
    if context is not UNSET:
        context = normalize_context(context)
    errors = ValidationFailed()
    _check_filter(errors, title=title, context=context, filter_action=filter_action)
    creates, updates, deletes = _keyword_changes(filter_row, list(keywords), errors)
    _raise(errors)
    for name, value in (("title", title), ("context", context), ("filter_action", filter_action)):
        if value is not UNSET:
            setattr(filter_row, name, value)
    if expires_in is not UNSET:
        filter_row.expires_at = expires_at_for(expires_in)
    filter_row.save()
    _apply_keywords(filter_row, creates, updates, deletes)
    _changed(filter_row.account_id)
    return filter_row


@transaction.atomic
def delete_filter(filter_row):
    account_id = filter_row.account_id
    filter_row.delete()
    _changed(account_id)


@transaction.atomic
def add_keyword(filter_row, keyword, whole_word=None):
    errors = ValidationFailed()
    _check_keyword(errors, keyword)
    errors.raise_if_any()
    row = FilterKeyword.objects.create(filter=filter_row, keyword=keyword,
                                       whole_word=True if whole_word is None else whole_word)
    _changed(filter_row.account_id)
    return row


@transaction.atomic
def update_keyword(keyword_row, *, keyword=UNSET, whole_word=UNSET):
    if keyword is not UNSET:
        errors = ValidationFailed()
        _check_keyword(errors, keyword)
        errors.raise_if_any()
        keyword_row.keyword = keyword
    if whole_word is not UNSET and whole_word is not None:
        keyword_row.whole_word = whole_word
    keyword_row.save()
    _changed(keyword_row.filter.account_id)
    return keyword_row


@transaction.atomic
def delete_keyword(keyword_row):
    account_id = keyword_row.filter.account_id
    keyword_row.delete()
    _changed(account_id)


@transaction.atomic
def add_status(filter_row: Filter, status) -> FilterStatus:
    """Filter one status, one its owner may see (statuses.services.filtering.filter_status
    checks that: statuses sit above filters)."""
    if FilterStatus.objects.filter(filter=filter_row, status=status).exists():
        raise ValidationFailed("Validation failed: Status has already been taken",
                               {"status_id": [{"error": "ERR_TAKEN", "description": "has already been taken"}]})
    try:
        with transaction.atomic():
            row = FilterStatus.objects.create(filter=filter_row, status=status)
    except IntegrityError:
        raise ValidationFailed("Validation failed: Status has already been taken",
                               {"status_id": [{"error": "ERR_TAKEN", "description": "has already been taken"}]})
    _changed(filter_row.account_id)
    return row


@transaction.atomic
def delete_filter_status(filter_status):
    account_id = filter_status.filter.account_id
    filter_status.delete()
    _changed(account_id)


# --- The v1 API: one keyword seen as a filter ------------------------------------------------

def _action_for(irreversible):
    return Filter.Action.HIDE if irreversible else Filter.Action.WARN


@transaction.atomic
def create_v1_filter(account, *, phrase=None, context=(), irreversible=False, whole_word=False, expires_in=None):
    """A filter titled `phrase` holding the one keyword `phrase`; returns the keyword."""
    context = normalize_context(context)
    errors = ValidationFailed()
    _check_filter(errors, title=phrase, context=context, title_attribute="phrase")
    if "phrase" not in errors.details:
        problem = _keyword_problem(phrase)
        if problem:
            errors.add("phrase", *problem)
    _raise(errors)
    filter_row = Filter.objects.create(account_id=pk_of(account), title=phrase, context=context,
                                       filter_action=_action_for(irreversible),
                                       expires_at=expires_at_for(expires_in))
    keyword = FilterKeyword.objects.create(filter=filter_row, keyword=phrase, whole_word=bool(whole_word))
    _changed(filter_row.account_id)
    return keyword


@transaction.atomic
def update_v1_filter(keyword_row, *, phrase=UNSET, context=UNSET, irreversible=UNSET, whole_word=UNSET,
                     expires_in=UNSET):
    """Change a v1 filter. The phrase and whole_word change the keyword (and the phrase the
    filter's title too when it is the filter's only keyword); context, irreversible and
    expires_in change the whole filter, refused when it holds more than this keyword."""
    filter_row = Filter.objects.select_for_update().get(pk=keyword_row.filter_id)
    keyword_row.filter = filter_row
    if context is not UNSET:
        context = normalize_context(context)
    errors = ValidationFailed()
    _check_filter(errors, context=context)
    if phrase is not UNSET:
        problem = _keyword_problem(phrase)
        if problem:
            errors.add("phrase", *problem)
    _raise(errors)
    changes = {}
    if context is not UNSET and context != filter_row.context:
        changes["context"] = context
    if irreversible is not UNSET and irreversible is not None and _action_for(irreversible) != filter_row.filter_action:
        changes["filter_action"] = _action_for(irreversible)
    if expires_in is not UNSET:
        expires_at = expires_at_for(expires_in)
        if expires_at != filter_row.expires_at:
            changes["expires_at"] = expires_at
    single = filter_row.keywords.count() <= 1
    if changes and not single:
        raise ValidationFailed(MULTIPLE_KEYWORDS)
    if phrase is not UNSET:
        keyword_row.keyword = phrase
        if single:
            changes["title"] = phrase
    if whole_word is not UNSET and whole_word is not None:
        keyword_row.whole_word = whole_word
    keyword_row.save()
    if changes:
        for name, value in changes.items():
            setattr(filter_row, name, value)
        filter_row.save()
    _changed(filter_row.account_id)
    return keyword_row


@transaction.atomic
def delete_v1_filter(keyword_row):
    """Remove a v1 filter: its keyword (the filter group stays, as on Mastodon)."""
    delete_keyword(keyword_row)
