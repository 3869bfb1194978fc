"""Moderation: acting on accounts and handling reports (Mastodon's Admin::AccountAction,
the admin account/report controllers' actions). Views call these; so can commands.

Every function takes the acting moderator's Account (`actor`) and raises fedi.errors
(Forbidden when the actor's role may not act on the target, NotFound, ValidationFailed).
"""
import ipaddress
import re
from datetime import timedelta

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from accounts.models import Account, CanonicalEmailBlock, EmailDomainBlock, IpBlock, User, UserRole
from accounts.serializers import AccountSerializer
from accounts.services import blocks
from accounts.services.blocks import domain_and_parents, mx_hosts, parse_network
from accounts.services.users import disable_user, enable_user, suspend_account
from admin_api.audit import describe, record
from admin_api.models import AccountSensitization, AccountWarning, AccountWarningPreset, Appeal
from admin_api.permissions import can, overrides
from admin_api.serializers import ACCOUNT_RELATED
from fedi.errors import BadRequest, Forbidden, NotFound, ValidationFailed
from fedi.formats import iso
from fedi.links import absolute
from instance.models import DomainAllow, DomainBlock, Rule, SiteSettings
from notifications.services import notify
from relationships.domains import normalize_domain
from reports.models import Report

REPORT_RELATED = tuple(f"{who}__{name}" for who in ("account", "target_account", "assigned_account",
                                                      "action_taken_by") for name in ACCOUNT_RELATED) + (
    "account", "target_account", "assigned_account", "action_taken_by")


# --- Finding ----------------------------------------------------------------------------------

def admin_accounts():
    return Account.objects.select_related(*ACCOUNT_RELATED)


def find_account(account_id):
    account = admin_accounts().filter(pk=account_id).first()
    if account is None:
        raise NotFound()
    return account


def admin_reports():
    return Report.objects.select_related(*REPORT_RELATED).prefetch_related("statuses")


def find_report(report_id):
    report = admin_reports().filter(pk=report_id).first()
    if report is None:
        raise NotFound()
    return report


ACCOUNT_STATUSES = ("active", "pending", "disabled", "silenced", "suspended", "sensitized")


def filter_accounts(queryset, *, origin=None, status=None, permissions=None, role_ids=(), invited_by=None,
                    username=None, display_name=None, by_domain=None, email=None, ip=None):
    """Mastodon's AccountFilter (the v2 admin parameters)."""
    if origin == "local":
        queryset = queryset.filter(domain__isnull=True)
    elif origin == "remote":
        queryset = queryset.filter(domain__isnull=False)
    elif origin:
        raise BadRequest(f"Unknown origin: {origin}")
    if status == "active":
        queryset = queryset.filter(suspended_at__isnull=True)
    elif status == "pending":
        queryset = queryset.filter(user__approved=False)
    elif status == "disabled":
        queryset = queryset.filter(user__disabled=True, suspended_at__isnull=True)
    elif status == "silenced":
        queryset = queryset.filter(silenced_at__isnull=False)
    elif status == "suspended":
        queryset = queryset.filter(suspended_at__isnull=False)
    elif status == "sensitized":
        queryset = queryset.filter(Exists(AccountSensitization.objects.filter(account_id=OuterRef("pk"))))
    elif status:
        raise BadRequest(f"Unknown status: {status}")
    if permissions == "staff":
        flags = UserRole.FLAGS["manage_reports"] | UserRole.FLAGS["administrator"]
        roles = [role.id for role in UserRole.objects.all() if role.permissions & flags]
        queryset = queryset.filter(user__role_id__in=roles)
    elif permissions:
        raise BadRequest(f"Unknown permissions: {permissions}")
    if role_ids:
        queryset = queryset.filter(user__role_id__in=list(role_ids))
    if invited_by:
        try:
            inviter = int(str(invited_by).strip())
        except ValueError:
            return queryset.none()
        queryset = queryset.filter(user__invite__created_by_id=inviter)
    if username:
        queryset = queryset.filter(username__istartswith=username.strip())
    if display_name:
        queryset = queryset.filter(display_name__icontains=display_name.strip())
    if by_domain:
        queryset = queryset.filter(domain__iexact=by_domain.strip())
    if email:
        queryset = queryset.filter(user__email__istartswith=email.strip())
    if ip:
        try:
            address = str(ipaddress.ip_address(ip.strip()))
        except ValueError:
            return queryset.none()
        queryset = queryset.filter(user__sign_up_ip=address)
    return queryset


def filter_reports(queryset, *, resolved=None, account_id=None, target_account_id=None, by_target_domain=None):
    """Mastodon's ReportFilter: unresolved reports unless resolved=true."""
    queryset = queryset.filter(action_taken_at__isnull=not resolved)
    if account_id is not None:
        queryset = queryset.filter(account_id=account_id)
    if target_account_id is not None:
        queryset = queryset.filter(target_account_id=target_account_id)
    if by_target_domain:
        queryset = queryset.filter(target_account__domain__iexact=by_target_domain.strip())
    return queryset


# --- Acting on accounts -----------------------------------------------------------------------

def _role(account):
    user = getattr(account, "user", None) if account.is_local else None
    return user.role if user is not None else None


def _actor_user(actor):
    return actor.user


def _require(actor, *flags):
    """actor None is the operator at the console (manage.py commands): every right."""
    if actor is None:
        return
    if not can(_actor_user(actor), *flags):
        raise Forbidden()


def _require_override(actor, target):
    """The actor may act on the target: manage_users and a role above the target's."""
    if actor is None:  # the operator at the console
        return
    _require(actor, "manage_users")
    if target.id == actor.id or not overrides(_actor_user(actor).role, _role(target)):
        raise Forbidden()


def _local_user(account):
    user = getattr(account, "user", None) if account.is_local else None
    if user is None:
        raise Forbidden()
    return user


@transaction.atomic
def approve(actor, account):
    """Approve a local account pending approval (403 when it is not pending)."""
    _require(actor, "manage_users")
    user = _local_user(account)
    if user.approved:
        raise Forbidden()
    record(actor, "approve", account)
    User.objects.filter(pk=user.pk).update(approved=True)
    user.approved = True
    return account


@transaction.atomic
def reject(actor, account):
    """Reject a pending local account: it is deleted. Returns the (unsaved) account."""
    _require(actor, "manage_users")
    user = _local_user(account)
    if user.approved:
        raise Forbidden()
    record(actor, "reject", account)
    account_id = account.id
    Account.objects.filter(pk=account_id).delete()
    return account


@transaction.atomic
def enable(actor, account):
    _require(actor, "manage_users")
    record(actor, "enable", account)
    enable_user(_local_user(account))
    return account


@transaction.atomic
def unsilence(actor, account):
    _require(actor, "manage_users")
    record(actor, "unsilence", account)
    Account.objects.filter(pk=account.pk).update(silenced_at=None)
    account.silenced_at = None
    return account


@transaction.atomic
def unsuspend(actor, account):
    _require(actor, "manage_users")
    if not account.is_suspended:
        raise Forbidden()
    record(actor, "unsuspend", account)
    Account.objects.filter(pk=account.pk).update(suspended_at=None)
    account.suspended_at = None
    return account


@transaction.atomic
def unsensitive(actor, account):
    _require(actor, "manage_users")
    record(actor, "unsensitive", account)
    AccountSensitization.objects.filter(account_id=account.pk).delete()
    if hasattr(account, "_state") and "sensitization" in account._state.fields_cache:
        del account._state.fields_cache["sensitization"]
    return account


@transaction.atomic
def delete_account_data(actor, account):
    """Delete a suspended account and everything of it (403 unless suspended)."""
    _require(actor, "delete_user_data")
    if not account.is_suspended:
        raise Forbidden()
    record(actor, "destroy", account)
    Account.objects.filter(pk=account.pk).delete()
    return account


ACTION_TYPES = AccountWarning.ACTIONS


@transaction.atomic
def take_action(actor, account, type, *, report_id=None, text="", warning_preset_id=None,
                send_email_notification=True):
    """Mastodon's Admin::AccountAction: none|sensitive|disable|silence|suspend, a strike
    recorded, and reports resolved (the given one; every open one on the account unless
    the type is none). A preset's text comes before `text`; a local user hears of the strike
    (moderation_warning notification and e-mail) when send_email_notification, as Mastodon's
    `warnable?`."""
    if type not in ACTION_TYPES:
        raise ValidationFailed().add("type", "ERR_INCLUSION")
    if warning_preset_id is not None:
        preset = AccountWarningPreset.objects.filter(pk=warning_preset_id).first()
        if preset is None:
            raise NotFound()
        text = "\n\n".join(part for part in (preset.text, text) if part)
    report = None
    if report_id is not None:
        report = Report.objects.filter(pk=report_id).first()
        if report is None:
            raise NotFound()
    now = timezone.now()
    if type == "none":
        _require(actor, "manage_reports" if report is not None else "manage_users")
    else:
        _require_override(actor, account)
    if type == "sensitive":
        AccountSensitization.objects.get_or_create(account_id=account.pk, defaults={"created_at": now})
    elif type == "disable":
        disable_user(_local_user(account))
    elif type == "silence":
        Account.objects.filter(pk=account.pk, silenced_at__isnull=True).update(silenced_at=now)
    elif type == "suspend":
        suspend_account(account)
    if type != "none":
        record(actor, type, account, text and f"{describe(account)}: {text}")
    if report is not None:
        record(actor, "resolve", report)
    if type != "none" or text:
        warning = AccountWarning.objects.create(account=actor, target_account=account, action=type,
                                                text=text or "", report=report, created_at=now)
        if account.is_local and send_email_notification:
            transaction.on_commit(lambda: notify_warning(warning.id))
    if report is not None:
        Report.objects.filter(pk=report.pk, action_taken_at__isnull=True).update(
            action_taken_at=now, action_taken_by=actor, updated_at=now)
    if type != "none":
        Report.objects.filter(target_account_id=account.pk, action_taken_at__isnull=True).update(
            action_taken_at=now, action_taken_by=actor, updated_at=now)


def warning_json(warning, viewer=None):
    """The AccountWarning entity (with its Appeal, if any)."""
    return warnings_json([warning], viewer)[0]


def warnings_json(warnings, viewer=None) -> list:
    """AccountWarning entities, their target accounts and reported statuses in a fixed
    number of queries."""
    warnings = list(warnings)
    report_ids = {warning.report_id for warning in warnings if warning.report_id}
    statuses: dict = {report_id: [] for report_id in report_ids}
    for report_id, status_id in Report.statuses.through.objects.filter(report_id__in=report_ids).values_list(
            "report_id", "status_id").order_by("status_id"):
        statuses[report_id].append(str(status_id))
    targets = {warning.target_account_id: warning.target_account for warning in warnings}
    rendered = {account_id: AccountSerializer.render(account, viewer=viewer or account)
                for account_id, account in targets.items()}
    out = []
    for warning in warnings:
        try:
            appeal = warning.appeal
        except Appeal.DoesNotExist:
            appeal = None
        out.append({"id": str(warning.id), "action": warning.action, "text": warning.text,
                    "status_ids": statuses.get(warning.report_id, []) if warning.report_id else [],
                    "target_account": rendered[warning.target_account_id],
                    "appeal": {"text": appeal.text, "state": appeal.state} if appeal is not None else None,
                    "created_at": iso(warning.created_at)})
    return out


def notify_warning(warning_id):
    """The warned account hears of it: a `moderation_warning` notification and an e-mail
    (after commit)."""
    warning = AccountWarning.objects.select_related(*(f"target_account__{name}" for name in ("user", "moved_to"))
                                                    ).filter(pk=warning_id).first()
    if warning is None:
        return
    target = warning.target_account
    notify(target, "moderation_warning", target, moderation_warning=warning_json(warning), object_id=warning.id)
    user = getattr(target, "user", None)
    if user is not None and user.email:
        site = SiteSettings.load()
        what = {"none": "a warning", "sensitive": "your media marked as sensitive", "disable": "your login disabled",
                "silence": "your account limited", "suspend": "your account suspended"}[warning.action]
        body = f"The moderators of {site.title} have taken an action on your account: {what}."
        if warning.text:
            body += f"\n\n{warning.text}"
        send_mail(f"A moderation action on your {site.title} account", body, None, [user.email], fail_silently=True)


# --- Appeals ----------------------------------------------------------------------------------

@transaction.atomic
def create_appeal(account, warning, text: str):
    """The warned user appeals, once per strike and within 20 days of it (Mastodon's rules)."""
    if warning.target_account_id != account.id:
        raise NotFound()
    text = (text or "").strip()
    errors = ValidationFailed()
    if not text:
        errors.add("text", "ERR_BLANK")
    elif len(text) > Appeal.MAX_TEXT:
        errors.add("text", "ERR_TOO_LONG", f"is too long (maximum is {Appeal.MAX_TEXT} characters)")
    if warning.created_at < timezone.now() - timedelta(days=Appeal.MAX_STRIKE_AGE_DAYS):
        errors.add("account_warning", "ERR_TOO_OLD", "is too old to be appealed")
    if Appeal.objects.filter(account_warning=warning).exists():
        errors.add("account_warning", "ERR_TAKEN", "has already been appealed")
    errors.raise_if_any()
    appeal = Appeal.objects.create(account=account, account_warning=warning, text=text)
    transaction.on_commit(lambda: _mail_appeal_to_staff(appeal.id))
    return appeal


def _mail_appeal_to_staff(appeal_id):
    """As Mastodon's AdminMailer#new_appeal: the staff who may review appeals hear of a new
    one by e-mail (no notification type exists for it); they review it in the Django admin."""
    appeal = Appeal.objects.select_related("account", "account_warning").filter(pk=appeal_id).first()
    if appeal is None:
        return
    reviewers = User.objects.select_related("role").filter(role__isnull=False, disabled=False,
                                                          account__suspended_at__isnull=True)
    staff = [user.email for user in reviewers if user.email and can(user, "manage_appeals")]
    if staff:
        site = SiteSettings.load()
        send_mail(f"New appeal from @{appeal.account.username} on {site.title}",
                  f"@{appeal.account.username} appeals against a strike ({appeal.account_warning.action}):\n\n"
                  f"{appeal.text}\n\nReview it at {absolute('/admin/admin_api/appeal/')}", None, staff,
                  fail_silently=True)


UNDO = {"suspend": "unsuspend", "silence": "unsilence", "disable": "enable", "sensitive": "unsensitive"}


@transaction.atomic
def approve_appeal(actor, appeal):
    """Approving undoes the action of the strike (Mastodon's AppealService#approve)."""
    _require(actor, "manage_appeals")
    if appeal.state != "pending":
        raise ValidationFailed("Validation failed: the appeal was already handled")
    now = timezone.now()
    type(appeal).objects.filter(pk=appeal.pk).update(approved_at=now, approved_by=actor)
    appeal.approved_at, appeal.approved_by = now, actor
    warning = appeal.account_warning
    record(actor, "approve", appeal, f"appeal of {describe(warning.target_account)} against {warning.action}")
    undo = UNDO.get(warning.action)
    target = find_account(warning.target_account_id)
    if undo == "unsuspend" and target.is_suspended:
        unsuspend(actor, target)
    elif undo == "enable":
        enable(actor, target)
    elif undo is not None and undo != "unsuspend":
        globals()[undo](actor, target)
    return appeal


@transaction.atomic
def reject_appeal(actor, appeal):
    _require(actor, "manage_appeals")
    if appeal.state != "pending":
        raise ValidationFailed("Validation failed: the appeal was already handled")
    now = timezone.now()
    type(appeal).objects.filter(pk=appeal.pk).update(rejected_at=now, rejected_by=actor)
    appeal.rejected_at, appeal.rejected_by = now, actor
    record(actor, "reject", appeal, f"appeal of {describe(appeal.account_warning.target_account)}")
    return appeal


# --- Handling reports -------------------------------------------------------------------------

def _report_changed(report, **values):
    values["updated_at"] = timezone.now()
    Report.objects.filter(pk=report.pk).update(**values)
    return find_report(report.pk)


@transaction.atomic
def assign_to_self(actor, report):
    _require(actor, "manage_reports")
    record(actor, "assigned_to_self", report)
    return _report_changed(report, assigned_account=actor)


@transaction.atomic
def unassign(actor, report):
    _require(actor, "manage_reports")
    record(actor, "unassigned", report)
    return _report_changed(report, assigned_account=None)


@transaction.atomic
def resolve(actor, report):
    _require(actor, "manage_reports")
    if report.action_taken_at is not None:
        return report
    record(actor, "resolve", report)
    return _report_changed(report, action_taken_at=timezone.now(), action_taken_by=actor)


@transaction.atomic
def reopen(actor, report):
    _require(actor, "manage_reports")
    record(actor, "reopen", report)
    return _report_changed(report, action_taken_at=None, action_taken_by=None)


@transaction.atomic
def update_report(actor, report, *, category=None, rule_ids=None):
    """PUT /api/v1/admin/reports/:id: change the category and/or the rules cited."""
    _require(actor, "manage_reports")
    values = {}
    if category is not None:
        if category not in Report.CATEGORIES:
            raise ValidationFailed().add("category", "ERR_INCLUSION")
        values["category"] = category
    if rule_ids is not None:
        values["rule_ids"] = [int(rule_id) for rule_id in dict.fromkeys(rule_ids)] or None
    final_category = values.get("category", report.category)
    final_rules = values.get("rule_ids", report.rule_ids) or []
    if final_category == Report.VIOLATION:
        if not final_rules or Rule.objects.filter(id__in=final_rules).count() != len(final_rules):
            raise ValidationFailed().add("rule_ids", "ERR_INVALID", "does not reference valid rules")
    elif "rule_ids" in values and final_rules:
        raise ValidationFailed().add("rule_ids", "ERR_BLANK", "must be blank")
    elif "category" in values:
        values["rule_ids"] = None
    if not values:
        return report
    record(actor, "update", report)
    return _report_changed(report, **values)


# --- Federation and sign-up blocks ------------------------------------------------------------
# Mastodon's Api::V1::Admin::{DomainBlocks,DomainAllows,EmailDomainBlocks,IpBlocks,
# CanonicalEmailBlocks}Controller: each write is logged and checked against the role.

DOMAIN_BLOCK_SEVERITIES = ("noop", "silence", "suspend")
IP_BLOCK_SEVERITIES = ("sign_up_requires_approval", "sign_up_block", "no_access")
_SEVERITY_ORDER = {"noop": 0, "silence": 1, "suspend": 2}


def _find(model, pk):
    row = model.objects.filter(pk=pk).first()
    if row is None:
        raise NotFound()
    return row


def _text(value, name, errors, maximum=1000):
    value = (value or "").strip()
    if len(value) > maximum:
        errors.add(name, "ERR_TOO_LONG", f"is too long (maximum is {maximum} characters)")
    return value


def _stricter(block, other) -> bool:
    """Mastodon's DomainBlock#stricter_than?: a higher severity, or as severe with more rejections."""
    if _SEVERITY_ORDER[block.severity] != _SEVERITY_ORDER[other.severity]:
        return _SEVERITY_ORDER[block.severity] > _SEVERITY_ORDER[other.severity]
    return (block.reject_media, block.reject_reports) > (other.reject_media, other.reject_reports) and \
        block.reject_media >= other.reject_media and block.reject_reports >= other.reject_reports


def domain_block_rule_for(domain):
    """The block that applies to a domain: its own, else the nearest parent's (DomainBlock.rule_for)."""
    candidates = domain_and_parents(domain.split(":")[0])
    blocks = {block.domain: block for block in DomainBlock.objects.filter(domain__in=candidates)}
    return next((blocks[name] for name in candidates if name in blocks), None)


def _domain_block_values(params_values, errors, current=None):
    values = {}
    severity = params_values.get("severity")
    if severity is not None:
        if severity not in DOMAIN_BLOCK_SEVERITIES:
            errors.add("severity", "ERR_INCLUSION")
        values["severity"] = severity
    for flag in ("reject_media", "reject_reports", "obfuscate"):
        if params_values.get(flag) is not None:
            values[flag] = bool(params_values[flag])
    for name in ("private_comment", "public_comment"):
        if params_values.get(name) is not None:
            values[name] = _text(params_values[name], name, errors)
    return values


def _domain_accounts(domain):
    """The accounts of a domain and of its subdomains (a block covers both)."""
    return Account.objects.filter(Q(domain__iexact=domain) | Q(domain__iendswith=f".{domain}"))


def apply_domain_block(block):
    """Mastodon's BlockDomainService: the domain's accounts are silenced or suspended, marked
    with the block's own timestamp so lifting the block undoes exactly what it did."""
    accounts = _domain_accounts(block.domain)
    if block.severity == "silence":
        accounts.filter(silenced_at__isnull=True).update(silenced_at=block.created_at)
    elif block.severity == "suspend":
        accounts.filter(suspended_at__isnull=True).update(suspended_at=block.created_at)


def lift_domain_block(block):
    """Mastodon's UnblockDomainService: only the limits this block imposed are lifted."""
    accounts = _domain_accounts(block.domain)
    accounts.filter(silenced_at=block.created_at).update(silenced_at=None)
    accounts.filter(suspended_at=block.created_at).update(suspended_at=None)


@transaction.atomic
def create_domain_block(actor, *, domain, **fields):
    """A new server-wide domain block; 422 when one as strict already covers the domain."""
    _require(actor, "manage_federation")
    domain = normalize_domain(domain)
    errors = ValidationFailed()
    block = DomainBlock(domain=domain, severity="silence")
    for name, value in _domain_block_values(fields, errors).items():
        setattr(block, name, value)
    errors.raise_if_any()
    existing = domain_block_rule_for(domain)
    if existing is not None and (existing.domain == domain or not _stricter(block, existing)):
        raise ValidationFailed(f"You have already imposed stricter limits on {existing.domain}.")
    block.save()
    apply_domain_block(block)
    record(actor, "create", block, f"{domain} ({block.severity})")
    return block


@transaction.atomic
def update_domain_block(actor, block, **fields):
    _require(actor, "manage_federation")
    errors = ValidationFailed()
    values = _domain_block_values(fields, errors)
    errors.raise_if_any()
    lift_domain_block(block)
    for name, value in values.items():
        setattr(block, name, value)
    block.save()
    apply_domain_block(block)
    record(actor, "update", block, f"{block.domain} ({block.severity})")
    return block


@transaction.atomic
def delete_domain_block(actor, block):
    _require(actor, "manage_federation")
    record(actor, "destroy", block)
    lift_domain_block(block)
    block.delete()


@transaction.atomic
def create_domain_allow(actor, domain):
    """Allow a domain (limited-federation mode); an existing allow is returned as it is."""
    _require(actor, "manage_federation")
    domain = normalize_domain(domain)
    allow, created = DomainAllow.objects.get_or_create(domain=domain)
    if created:
        record(actor, "create", allow)
    return allow


@transaction.atomic
def delete_domain_allow(actor, allow):
    _require(actor, "manage_federation")
    record(actor, "destroy", allow)
    allow.delete()


@transaction.atomic
def create_email_domain_block(actor, domain, *, allow_with_approval=False, with_mx=True):
    """Refuse sign-ups with e-mail addresses at this domain and its subdomains (or, with
    allow_with_approval, hold them for approval). As Mastodon, the domain's mail servers (its
    MX hosts) are blocked too, as children of this block (removed with it), so the other
    domains they serve are caught even when their own look-up fails at sign-up."""
    _require(actor, "manage_blocks")
    domain = normalize_domain(domain)
    if EmailDomainBlock.objects.filter(domain=domain).exists():
        raise ValidationFailed().add("domain", "ERR_TAKEN")
    block = EmailDomainBlock.objects.create(domain=domain, allow_with_approval=bool(allow_with_approval))
    record(actor, "create", block)
    hosts = []
    for host in mx_hosts(domain) if with_mx else []:
        try:
            hosts.append(normalize_domain(host))
        except ValidationFailed:  # a DNS answer that is no usable host name
            continue
    taken = set(EmailDomainBlock.objects.filter(domain__in=hosts).values_list("domain", flat=True))
    for host in dict.fromkeys(hosts):
        if host and host != domain and host not in taken:
            child = EmailDomainBlock.objects.create(domain=host, parent=block,
                                                    allow_with_approval=block.allow_with_approval)
            record(actor, "create", child, f"{host} (mail server of {domain})")
    return block


@transaction.atomic
def delete_email_domain_block(actor, block):
    """The block and the blocks of its mail servers made with it."""
    _require(actor, "manage_blocks")
    for child in block.children.all():
        record(actor, "destroy", child)
    record(actor, "destroy", block)
    block.delete()


def _ip_block_values(errors, *, ip=None, severity=None, comment=None, expires_in=None, current=None):
    values = {}
    if ip is not None or current is None:
        network = parse_network(ip or "")
        if network is None:
            errors.add("ip", "ERR_BLANK" if not (ip or "").strip() else "ERR_INVALID")
        else:
            text = f"{network.network_address}/{network.prefixlen}"
            taken = IpBlock.objects.filter(ip=text)
            if current is not None:
                taken = taken.exclude(pk=current.pk)
            if taken.exists():
                errors.add("ip", "ERR_TAKEN")
            values["ip"] = text
    if severity is not None or current is None:
        if severity not in IP_BLOCK_SEVERITIES:
            errors.add("severity", "ERR_BLANK" if not severity else "ERR_INCLUSION")
        values["severity"] = severity
    if comment is not None:
        values["comment"] = _text(comment, "comment", errors)
    if expires_in is not None:
        values["expires_at"] = timezone.now() + timedelta(seconds=expires_in)
    return values


@transaction.atomic
def create_ip_block(actor, **fields):
    _require(actor, "manage_blocks")
    errors = ValidationFailed()
    values = _ip_block_values(errors, **fields)
    errors.raise_if_any()
    block = IpBlock.objects.create(**values)
    record(actor, "create", block, f"{block.ip} ({block.severity})")
    return block


@transaction.atomic
def update_ip_block(actor, block, **fields):
    _require(actor, "manage_blocks")
    errors = ValidationFailed()
    values = _ip_block_values(errors, current=block, **fields)
    errors.raise_if_any()
    for name, value in values.items():
        setattr(block, name, value)
    block.save()
    record(actor, "update", block, f"{block.ip} ({block.severity})")
    return block


@transaction.atomic
def delete_ip_block(actor, block):
    _require(actor, "manage_blocks")
    record(actor, "destroy", block)
    block.delete()


@transaction.atomic
def create_canonical_email_block(actor, *, email=None, canonical_email_hash=None):
    """Block an address in all its spellings: given as an e-mail, or directly as the hash."""
    _require(actor, "manage_blocks")
    if email:
        digest = blocks.canonical_email_hash(email)
    elif canonical_email_hash:
        digest = canonical_email_hash.strip().lower()
        if not re.fullmatch(r"[0-9a-f]{64}", digest):
            raise ValidationFailed().add("canonical_email_hash", "ERR_INVALID")
    else:
        raise ValidationFailed().add("canonical_email_hash", "ERR_BLANK")
    if CanonicalEmailBlock.objects.filter(canonical_email_hash=digest).exists():
        raise ValidationFailed().add("canonical_email_hash", "ERR_TAKEN")
    block = CanonicalEmailBlock.objects.create(canonical_email_hash=digest)
    record(actor, "create", block)
    return block


@transaction.atomic
def delete_canonical_email_block(actor, block):
    _require(actor, "manage_blocks")
    record(actor, "destroy", block)
    block.delete()
