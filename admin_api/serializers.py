"""Admin::Account and Admin::Report entities. Lists render through render_accounts /
render_reports, which load everything a page needs in a fixed number of queries."""
import hashlib

from django.core.exceptions import ObjectDoesNotExist

from accounts.serializers import AccountSerializer, role_json
from accounts.services.blocks import email_domain_histories
from fedi.formats import iso
from fedi.serializers import EntitySerializer
from instance.models import Rule
from instance.serializers import RuleSerializer
from reports.serializers import report_fields
from statuses.serializers import render_statuses

ACCOUNT_RELATED = ("user", "user__role", "moved_to", "sensitization")


def _sensitized(account):
    try:
        return account.sensitization is not None
    except ObjectDoesNotExist:
        return False


class AdminAccountSerializer(EntitySerializer):
    """Admin::Account. Context: `accounts` {id: Account entity} preloaded for a page."""

    def to_representation(self, account):
        user = getattr(account, "user", None) if account.is_local else None
        preloaded = self.context.get("accounts") or {}
        entity = preloaded.get(account.id)
        if entity is None:
            entity = AccountSerializer.render(account, viewer=self.viewer)
        ip = user.sign_up_ip if user is not None and user.sign_up_ip else None
        data = {
            "id": str(account.id),
            "username": account.username,
            "domain": account.domain,
            "created_at": iso(account.created_at),
            "email": user.email if user is not None else None,
            "ip": ip,
            "ips": [{"ip": ip, "used_at": iso(user.current_sign_in_at or user.created_at)}] if ip else [],
            "role": role_json(user.role) if user is not None else None,
            "confirmed": bool(user is not None and user.is_confirmed),
            "suspended": account.is_suspended,
            "silenced": account.is_silenced,
            "sensitized": _sensitized(account),
            "disabled": bool(user is not None and user.disabled),
            "approved": bool(user is not None and user.approved),
            "locale": (user.locale or None) if user is not None else None,
            "invite_request": (user.sign_up_reason or None) if user is not None else None,
            "account": entity,
        }
        if user is not None and user.created_by_application_id is not None:
            data["created_by_application_id"] = str(user.created_by_application_id)
        return data


def render_accounts(accounts, viewer=None):
    """Admin::Account entities for accounts (loaded with ACCOUNT_RELATED)."""
    accounts = [account for account in accounts if account is not None]
    unique = list({account.id: account for account in accounts}.values())
    entities = dict(zip([account.id for account in unique], AccountSerializer.render_many(unique, viewer=viewer)))
    return [AdminAccountSerializer.render(account, viewer=viewer, accounts=entities) for account in accounts]


def render_account(account, viewer=None):
    return render_accounts([account], viewer)[0]


def render_reports(reports, viewer=None):
    """Admin::Report entities for a page of reports (loaded with reports.queries' related)."""
    reports = list(reports)
    people = [person for report in reports for person in
              (report.account, report.target_account, report.assigned_account, report.action_taken_by)
              if person is not None]
    rendered_people = dict(zip([id(person) for person in people], render_accounts(people, viewer)))
    status_ids = {report.id: [status.id for status in report.statuses.all()] for report in reports}
    all_status_ids = list(dict.fromkeys(sid for ids in status_ids.values() for sid in ids))
    # keyed by id: render_statuses leaves out statuses that are gone or not visible
    statuses = {int(status["id"]): status for status in render_statuses(all_status_ids, viewer)}
    rule_ids = {int(rule_id) for report in reports for rule_id in (report.rule_ids or [])}
    rules = {rule.id: RuleSerializer.render(rule) for rule in Rule.objects.filter(id__in=rule_ids)} if rule_ids else {}

    def person(account):
        return rendered_people[id(account)] if account is not None else None

    return [{
        **report_fields(report),
        "updated_at": iso(report.updated_at),
        "account": person(report.account),
        "target_account": person(report.target_account),
        "assigned_account": person(report.assigned_account),
        "action_taken_by_account": person(report.action_taken_by),
        "statuses": [statuses[sid] for sid in status_ids[report.id] if sid in statuses],
        "rules": [rules[int(rule_id)] for rule_id in report.rule_ids or [] if int(rule_id) in rules],
    } for report in reports]


def render_report(report, viewer=None):
    return render_reports([report], viewer)[0]


# --- Admin::DomainBlock, DomainAllow, EmailDomainBlock, IpBlock, CanonicalEmailBlock ----------

def render_domain_block(block):
    return {"id": str(block.id), "domain": block.domain, "digest": hashlib.sha256(block.domain.encode()).hexdigest(),
            "created_at": iso(block.created_at), "severity": block.severity, "reject_media": block.reject_media,
            "reject_reports": block.reject_reports, "private_comment": block.private_comment or None,
            "public_comment": block.public_comment or None, "obfuscate": block.obfuscate}


def render_domain_allow(allow):
    return {"id": str(allow.id), "domain": allow.domain, "created_at": iso(allow.created_at)}


def render_email_domain_blocks(blocks):
    """A page of blocks with their week of history (one cache read for the page)."""
    histories = email_domain_histories([block.domain for block in blocks])
    return [{"id": str(block.id), "domain": block.domain, "created_at": iso(block.created_at),
             "history": histories[block.domain], "allow_with_approval": block.allow_with_approval}
            for block in blocks]


def render_email_domain_block(block):
    return render_email_domain_blocks([block])[0]


def render_ip_block(block):
    return {"id": str(block.id), "ip": block.ip, "severity": block.severity, "comment": block.comment,
            "created_at": iso(block.created_at), "expires_at": iso(block.expires_at)}


def render_canonical_email_block(block):
    return {"id": str(block.id), "canonical_email_hash": block.canonical_email_hash}
