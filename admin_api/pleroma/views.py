"""Pleroma's admin API views. Each declares its token scopes (`access`) and the role
permissions (`permissions`) per method, as the Mastodon admin API views (admin_api.views);
the work is done by admin_api.pleroma.services and admin_api.services."""
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import HttpResponse
from rest_framework.response import Response

from accounts.models import Invite
from accounts.serializers import AccountSerializer
from admin_api import services as admin_services
from admin_api.models import AuditLogEntry, ReportNote
from admin_api.pleroma import config, serializers, services
from admin_api.views import AdminView
from announcements.models import Announcement
from announcements.serializers import render_announcements
from chats.serializers import render_chats, render_message, render_messages
from chats.services import find_message, messages_of
from fedi.api import Access
from fedi.errors import BadRequest, NotFound, ValidationFailed
from fedi.links import absolute
from fedi.pagination import paginate
from fedi.params import parse_id
from instance.models import Rule, SiteSettings
from oauth.models import Application
from statuses.models import Status
from statuses.serializers import render_status, render_statuses

READ = Access.user("admin:read")
WRITE = Access.user("admin:write")
READ_ACCOUNTS, WRITE_ACCOUNTS = Access.user("admin:read:accounts"), Access.user("admin:write:accounts")
READ_REPORTS, WRITE_REPORTS = Access.user("admin:read:reports"), Access.user("admin:write:reports")
READ_STATUSES, WRITE_STATUSES = Access.user("admin:read:statuses"), Access.user("admin:write:statuses")
READ_INVITES, WRITE_INVITES = Access.user("admin:read:invites"), Access.user("admin:write:invites")
WRITE_FOLLOWS = Access.user("admin:write:follows")
READ_CHATS, WRITE_CHATS = Access.user("admin:read:chats"), Access.user("admin:write:chats")
READ_PROXY = Access.user("admin:read:media_proxy_caches")
WRITE_PROXY = Access.user("admin:write:media_proxy_caches")

MAX_PAGE_SIZE = 500


def _page(params, default_size=50):
    page = params.int("page", 1, min_value=1, max_value=100000)
    size = params.int("page_size", default_size, min_value=1, max_value=MAX_PAGE_SIZE, clamp=True)
    return page, size


def _slice(queryset, params, default_size=50):
    page, size = _page(params, default_size)
    return list(queryset[(page - 1) * size:page * size]), size


def _nicknames(params):
    names = params.list("nicknames")
    if not names and params.str("nickname"):
        names = [params.str("nickname")]
    return services.find_many(names)


def _user(account):
    return serializers.user_json(admin_services.find_account(account.id))


def _users(accounts):
    accounts = admin_services.admin_accounts().filter(pk__in=[a.id for a in accounts]).prefetch_related(
        "moderation_tags").select_related("staff_suggestion")
    return serializers.users_json(accounts)


# --- Users ------------------------------------------------------------------------------------

class UsersView(AdminView):
    access = {"GET": READ_ACCOUNTS, "POST": WRITE_ACCOUNTS, "DELETE": WRITE_ACCOUNTS}
    permissions = {"GET": ("manage_users",), "POST": ("manage_users",), "DELETE": ("delete_user_data",)}

    def get(self, request):
        params = self.params
        filters = [name for name in (params.str("filters") or "").split(",") if name.strip()]
        queryset = services.list_users(
            query=params.str("query"), name=params.str("name"), email=params.str("email"),
            filters=[name.strip() for name in filters],
            tags=[tag for tag in params.list("tags") if isinstance(tag, str)],
            actor_types=[kind for kind in params.list("actor_types") if isinstance(kind, str)])
        count = queryset.count()
        accounts, size = _slice(queryset.prefetch_related("moderation_tags").select_related("staff_suggestion"),
                                params)
        return Response({"users": serializers.users_json(accounts), "count": count, "page_size": size})

    def post(self, request):
        users = services.create_users(self.viewer, self.params.raw("users"))
        return Response([{"code": 200, "type": "success",
                          "data": {"nickname": user.account.username, "email": user.email}} for user in users])

    def delete(self, request):
        return Response(services.delete_users(self.viewer, _nicknames(self.params)))


class UserView(AdminView):
    access = {"GET": READ_ACCOUNTS}
    permissions = {"GET": ("manage_users",)}

    def get(self, request, nickname):
        return Response(_user(services.find_by_nickname(nickname)))


class UserStatusesView(AdminView):
    access = {"GET": READ_ACCOUNTS}
    permissions = {"GET": ("manage_users",)}

    def get(self, request, nickname):
        account = services.find_by_nickname(nickname)
        params = self.params
        queryset = services.list_statuses(with_private=params.bool("godmode", False),
                                          with_reblogs=params.bool("with_reblogs", False), account=account)
        statuses, _size = _slice(queryset, params, default_size=20)
        return Response({"statuses": render_statuses(statuses, self.viewer), "total": queryset.count()})


class InstanceStatusesView(AdminView):
    access = {"GET": READ_ACCOUNTS}
    permissions = {"GET": ("manage_users",)}

    def get(self, request, instance):
        params = self.params
        queryset = services.list_statuses(with_private=params.bool("godmode", False),
                                          with_reblogs=params.bool("with_reblogs", False), domain=instance)
        statuses, _size = _slice(queryset, params, default_size=20)
        return Response({"statuses": render_statuses(statuses, self.viewer), "total": queryset.count()})


class ToggleActivationView(AdminView):
    access = {"PATCH": WRITE_ACCOUNTS}
    permissions = {"PATCH": ("manage_users",)}

    def patch(self, request, nickname):
        account = services.find_by_nickname(nickname)
        services.set_active(self.viewer, account, not services.is_active(account))
        return Response(_user(account))


class _BatchView(AdminView):
    """PATCH {nicknames: [...]}: act on each, answer {"user": [...]} as the seed shows."""

    access = {"PATCH": WRITE_ACCOUNTS}
    permissions = {"PATCH": ("manage_users",)}
    act = None

    def patch(self, request):
        accounts = _nicknames(self.params)
        with transaction.atomic():  # all of them or, on a refusal, none
            services.for_each(self.viewer, accounts, lambda account: type(self).act(self.viewer, account),
                              flags=())
        return Response({"user": _users(accounts)})


def batch_view(name, act):
    return type(f"{name.title()}UsersView", (_BatchView,), {"act": staticmethod(act)}).as_view()


USER_BATCHES = {
    "activate": lambda actor, account: services.set_active(actor, account, True),
    "deactivate": lambda actor, account: services.set_active(actor, account, False),
    "approve": services.approve,
    "suggest": lambda actor, account: services.set_suggested(actor, account, True),
    "unsuggest": lambda actor, account: services.set_suggested(actor, account, False),
}


class TagView(AdminView):
    access = {"PUT": WRITE_ACCOUNTS, "DELETE": WRITE_ACCOUNTS}
    permissions = {"PUT": ("manage_users",), "DELETE": ("manage_users",)}

    def _tags(self, add):
        params = self.params
        services.tag_users(self.viewer, _nicknames(params), params.list("tags"), add)
        return Response("")

    def put(self, request):
        return self._tags(True)

    def delete(self, request):
        return self._tags(False)


class UserPermissionGroupsView(AdminView):
    """GET a user's groups."""

    access = {"GET": READ_ACCOUNTS}
    permissions = {"GET": ("manage_users",)}

    def _groups(self, account):
        role = account.user.role if account.is_local else None
        return {"is_admin": services.is_admin_role(role), "is_moderator": services.is_moderator_role(role)}

    def get(self, request, nickname=None, group=None):
        if nickname is None:
            raise NotFound()
        account = services.find_by_nickname(nickname)
        if group is not None and group not in ("admin", "moderator"):
            raise NotFound()
        return Response(self._groups(account))


class PermissionGroupView(UserPermissionGroupsView):
    """POST/DELETE a group for a user (or, without :nickname, for {nicknames})."""

    access = {"GET": READ_ACCOUNTS, "POST": WRITE_ACCOUNTS, "DELETE": WRITE_ACCOUNTS}
    permissions = {"GET": ("manage_users",), "POST": ("manage_roles",), "DELETE": ("manage_roles",)}

    def _change(self, nickname, group, add):
        accounts = [services.find_by_nickname(nickname)] if nickname else _nicknames(self.params)
        for account in accounts:
            services.set_permission_group(self.viewer, account, group, add)
        if nickname:
            return Response(self._groups(admin_services.find_account(accounts[0].id)))
        return Response({f"is_{group}": add})

    def post(self, request, group, nickname=None):
        return self._change(nickname, group, True)

    def delete(self, request, group, nickname=None):
        return self._change(nickname, group, False)


class ForcePasswordResetView(AdminView):
    access = {"PATCH": WRITE_ACCOUNTS}
    permissions = {"PATCH": ("manage_users",)}

    def patch(self, request):
        services.force_password_reset(self.viewer, _nicknames(self.params))
        return Response(status=204)


class ConfirmEmailView(AdminView):
    access = {"PATCH": WRITE_ACCOUNTS}
    permissions = {"PATCH": ("manage_users",)}
    resend = False

    def patch(self, request):
        accounts = _nicknames(self.params)
        (services.resend_confirmations if self.resend else services.confirm_emails)(self.viewer, accounts)
        return Response("")


class ResendConfirmationView(ConfirmEmailView):
    resend = True


class FollowView(AdminView):
    access = {"POST": WRITE_FOLLOWS}
    permissions = {"POST": ("manage_users",)}
    follow = True

    def post(self, request):
        params = self.params
        follower = services.find_by_nickname(params.str("follower", required=True))
        followed = services.find_by_nickname(params.str("followed", required=True))
        services.follow_on_behalf(self.viewer, follower, followed, self.follow)
        return Response("ok")


class UnfollowView(FollowView):
    follow = False


class CredentialsView(AdminView):
    access = {"GET": READ_ACCOUNTS, "PATCH": WRITE_ACCOUNTS}
    permissions = {"GET": ("manage_users",), "PATCH": ("manage_user_access",)}

    def get(self, request, nickname):
        account = services.find_by_nickname(nickname)
        return Response(services.credentials_json(account))

    def patch(self, request, nickname):
        account = services.find_by_nickname(nickname)
        services.update_credentials(self.viewer, account, dict(self.params.data))
        return Response({"status": "success"})


class PasswordResetLinkView(AdminView):
    access = {"GET": WRITE_ACCOUNTS}
    permissions = {"GET": ("manage_user_access",)}

    def get(self, request, nickname):
        return Response(services.password_reset_link(self.viewer, services.find_by_nickname(nickname)))


class DisableMfaView(AdminView):
    access = {"PUT": WRITE_ACCOUNTS}
    permissions = {"PUT": ("manage_user_access",)}

    def put(self, request):
        account = services.find_by_nickname(self.params.str("nickname", required=True))
        return Response(services.disable_mfa(self.viewer, account))


class BackupsView(AdminView):
    """POST {nickname}: a backup of that user's data, built in the background."""

    access = {"POST": READ_ACCOUNTS}
    permissions = {"POST": ("manage_user_access",)}

    def post(self, request):
        services.create_backup(self.viewer, services.find_by_nickname(self.params.str("nickname", required=True)))
        return Response("")


# --- Chats ------------------------------------------------------------------------------------

def _admin_chats_json(chats, viewer):
    """Pleroma's AdminAPI ChatView: the chat with its owner (sender) and the other side (receiver)."""
    chats = list(chats)
    owners = {chat.account_id: chat.account for chat in chats}
    rendered = dict(zip(owners, AccountSerializer.render_many(list(owners.values()), viewer=viewer)))
    out = []
    for chat, data in zip(chats, render_chats(chats, viewer)):
        receiver = data.pop("account")
        out.append({**data, "sender": rendered[chat.account_id], "receiver": receiver})
    return out


class UserChatsView(AdminView):
    access = {"GET": READ_CHATS}
    permissions = {"GET": ("manage_reports",)}

    def get(self, request, nickname):
        account = services.find_by_nickname(nickname)
        return Response(_admin_chats_json(services.user_chats(account)[:MAX_PAGE_SIZE], self.viewer))


class ChatView(AdminView):
    access = {"GET": READ_CHATS}
    permissions = {"GET": ("manage_reports",)}

    def get(self, request, chat_id):
        return Response(_admin_chats_json([services.find_chat(chat_id)], self.viewer)[0])


class ChatMessagesView(AdminView):
    access = {"GET": READ_CHATS}
    permissions = {"GET": ("manage_reports",)}

    def get(self, request, chat_id):
        chat = services.find_chat(chat_id)
        page = paginate(self, messages_of(chat).select_related("media"), default_limit=20, max_limit=40)
        return page.response(render_messages(page.items, chat))


class ChatMessageView(AdminView):
    access = {"DELETE": WRITE_CHATS}
    permissions = {"DELETE": ("manage_reports",)}

    def delete(self, request, chat_id, message_id):
        chat = services.find_chat(chat_id)
        message = find_message(chat, message_id)
        rendered = render_message(message, chat)
        services.delete_chat_message(self.viewer, chat, message)
        return Response(rendered)


# --- Reports ----------------------------------------------------------------------------------

def _reports_json(reports, viewer):
    reports = list(reports)
    statuses = {}
    every = [status for report in reports for status in report.statuses.all()]
    rendered = dict(zip([status.id for status in every], render_statuses(every, viewer))) if every else {}
    for report in reports:
        statuses[report.id] = [rendered[s.id] for s in report.statuses.all() if s.id in rendered]
    return [serializers.report_json(report, viewer, statuses[report.id]) for report in reports]


def _admin_reports():
    return admin_services.admin_reports().select_related("closure").prefetch_related(
        "notes__account__user__role", "account__moderation_tags", "target_account__moderation_tags")


class ReportsView(AdminView):
    access = {"GET": READ_REPORTS, "PATCH": WRITE_REPORTS}
    permissions = {"GET": ("manage_reports",), "PATCH": ("manage_reports",)}

    def get(self, request):
        queryset = services.filter_reports_by_state(_admin_reports().order_by("-id"), self.params.str("state"))
        total = queryset.count()
        reports, _size = _slice(queryset, self.params)
        return Response({"reports": _reports_json(reports, self.viewer), "total": total})

    def patch(self, request):
        entries = self.params.raw("reports")
        if isinstance(entries, dict):
            entries = list(entries.values())
        if not isinstance(entries, list) or not entries or len(entries) > services.MAX_BATCH:
            raise ValidationFailed("reports: give a list of {id, state}")
        for entry in entries:
            if not isinstance(entry, dict):
                raise ValidationFailed("reports: give a list of {id, state}")
            report = admin_services.find_report(parse_id(entry.get("id")))
            services.change_report_state(self.viewer, report, str(entry.get("state") or ""))
        return Response(status=204)


class ReportView(AdminView):
    access = {"GET": READ_REPORTS}
    permissions = {"GET": ("manage_reports",)}

    def get(self, request, report_id):
        report = _admin_reports().filter(pk=parse_id(report_id)).first()
        if report is None:
            raise NotFound()
        return Response(_reports_json([report], self.viewer)[0])


class ReportNotesView(AdminView):
    access = {"POST": WRITE_REPORTS}
    permissions = {"POST": ("manage_reports",)}

    def post(self, request, report_id):
        report = admin_services.find_report(parse_id(report_id))
        services.add_report_note(self.viewer, report, self.params.str("content", max_length=5000))
        return Response(status=204)


class ReportNoteView(AdminView):
    access = {"DELETE": WRITE_REPORTS}
    permissions = {"DELETE": ("manage_reports",)}

    def delete(self, request, report_id, note_id):
        note = ReportNote.objects.filter(pk=parse_id(note_id), report_id=parse_id(report_id)).first()
        if note is None:
            raise NotFound()
        services.delete_report_note(self.viewer, note)
        return Response(status=204)


# --- Statuses ---------------------------------------------------------------------------------

def _status(status_id):
    status = Status.objects.select_related("account").filter(pk=parse_id(status_id)).first()
    if status is None:
        raise NotFound()
    return status


class StatusesView(AdminView):
    access = {"GET": READ_STATUSES}
    permissions = {"GET": ("manage_reports",)}

    def get(self, request):
        params = self.params
        queryset = services.list_statuses(local_only=params.bool("local_only", False),
                                          with_private=params.bool("godmode", False),
                                          with_reblogs=params.bool("with_reblogs", False))
        statuses, _size = _slice(queryset, params, default_size=50)
        return Response(render_statuses(statuses, self.viewer))


class StatusView(AdminView):
    access = {"GET": READ_STATUSES, "PUT": WRITE_STATUSES, "DELETE": WRITE_STATUSES}
    permissions = {"GET": ("manage_reports",), "PUT": ("manage_reports",), "DELETE": ("manage_reports",)}

    def get(self, request, status_id):
        return Response(render_status(_status(status_id), self.viewer))

    def put(self, request, status_id):
        params = self.params
        status = services.update_status(self.viewer, _status(status_id), sensitive=params.bool("sensitive"),
                                        visibility=params.str("visibility"))
        return Response(render_status(status, self.viewer))

    def delete(self, request, status_id):
        services.delete_status(self.viewer, _status(status_id))
        return Response({})


# --- Invites ----------------------------------------------------------------------------------

class InviteTokenView(AdminView):
    access = {"POST": WRITE_INVITES}
    permissions = {"POST": ("manage_invites",)}

    def post(self, request):
        params = self.params
        expires = params.str("expires_at")
        expires_at = None
        if expires:
            try:
                expires_at = date.fromisoformat(expires.strip()[:10])
            except ValueError:
                raise ValidationFailed("expires_at: is not a date (YYYY-MM-DD)") from None
        invite = services.create_invite(self.viewer, max_use=params.int("max_use", min_value=1, max_value=1000000),
                                        expires_at=expires_at)
        return Response(serializers.invite_json(invite))


class InvitesView(AdminView):
    access = {"GET": READ_INVITES}
    permissions = {"GET": ("manage_invites",)}

    def get(self, request):
        invites = Invite.objects.order_by("-id")[:1000]
        return Response({"invites": [serializers.invite_json(invite) for invite in invites]})


class RevokeInviteView(AdminView):
    access = {"POST": WRITE_INVITES}
    permissions = {"POST": ("manage_invites",)}

    def post(self, request):
        invite = services.revoke_invite(self.viewer, self.params.str("token", required=True))
        return Response(serializers.invite_json(invite))


class EmailInviteView(AdminView):
    access = {"POST": WRITE_INVITES}
    permissions = {"POST": ("manage_invites",)}

    def post(self, request):
        params = self.params
        services.email_invite(self.viewer, params.str("email", required=True, strip=True),
                              params.str("name", max_length=255))
        return Response(status=204)


# --- Announcements ----------------------------------------------------------------------------

def _announcement_fields(params):
    return {"content": params.str("content"), "starts_at": params.datetime("starts_at"),
            "ends_at": params.datetime("ends_at"), "all_day": params.bool("all_day")}


def _announcement_json(announcements, viewer):
    announcements = list(announcements)
    rendered = render_announcements(announcements, viewer)
    return [{**data, "pleroma": {"raw_content": announcement.text}}
            for data, announcement in zip(rendered, announcements)]


def _announcement(announcement_id):
    announcement = Announcement.objects.filter(pk=parse_id(announcement_id)).first()
    if announcement is None:
        raise NotFound()
    return announcement


class AnnouncementsView(AdminView):
    access = {"GET": READ, "POST": WRITE}
    permissions = {"GET": ("manage_announcements",), "POST": ("manage_announcements",)}

    def get(self, request):
        params = self.params
        limit = params.int("limit", 20, min_value=1, max_value=200, clamp=True)
        offset = params.int("offset", 0, min_value=0, max_value=1000000)
        rows = Announcement.objects.order_by("-id")[offset:offset + limit]
        return Response(_announcement_json(rows, self.viewer))

    def post(self, request):
        announcement = services.create_announcement(self.viewer, **_announcement_fields(self.params))
        return Response(_announcement_json([announcement], self.viewer)[0])


class AnnouncementView(AdminView):
    access = {"GET": READ, "PATCH": WRITE, "DELETE": WRITE}
    permissions = {method: ("manage_announcements",) for method in ("GET", "PATCH", "DELETE")}

    def get(self, request, announcement_id):
        return Response(_announcement_json([_announcement(announcement_id)], self.viewer)[0])

    def patch(self, request, announcement_id):
        announcement = services.update_announcement(self.viewer, _announcement(announcement_id),
                                                    **_announcement_fields(self.params))
        return Response(_announcement_json([announcement], self.viewer)[0])

    def delete(self, request, announcement_id):
        services.delete_announcement(self.viewer, _announcement(announcement_id))
        return Response({})


# --- OAuth applications ----------------------------------------------------------------------

def _app(app_id):
    try:
        number = int(app_id)
    except ValueError:
        raise NotFound() from None
    app = Application.objects.filter(pk=number).first()
    if app is None:
        raise NotFound()
    return app


def _app_fields(params):
    scopes = params.raw("scopes")
    return {"name": params.str("name"), "redirect_uris": params.str("redirect_uris"),
            "scopes": scopes if isinstance(scopes, (list, str)) else None, "website": params.str("website")}


class AppsView(AdminView):
    access = {"GET": WRITE, "POST": WRITE}
    permissions = {"GET": ("manage_settings",), "POST": ("manage_settings",)}

    def get(self, request):
        params = self.params
        queryset = Application.objects.order_by("id")
        if params.str("name"):
            queryset = queryset.filter(name__icontains=params.str("name"))
        if params.str("client_id"):
            queryset = queryset.filter(client_id=params.str("client_id"))
        if params.bool("trusted", False):
            queryset = queryset.none()  # no app is trusted (skipping the consent page) here
        count = queryset.count()
        apps, size = _slice(queryset, params)
        return Response({"apps": [serializers.app_json(app) for app in apps], "count": count, "page_size": size})

    def post(self, request):
        app = services.create_app(self.viewer, **_app_fields(self.params))
        return Response(serializers.app_json(app))


class AppView(AdminView):
    access = {"PATCH": WRITE, "DELETE": WRITE}
    permissions = {"PATCH": ("manage_settings",), "DELETE": ("manage_settings",)}

    def patch(self, request, app_id):
        app = services.update_app(self.viewer, _app(app_id), **_app_fields(self.params))
        return Response(serializers.app_json(app))

    def delete(self, request, app_id):
        services.delete_app(self.viewer, _app(app_id))
        return Response(status=204)


# --- Instance: documents, frontends, config, log, stats ------------------------------------

# Pleroma's instance documents, kept in the instance settings they correspond to here.
DOCUMENTS = {"terms-of-service": ("terms_of_service", "/terms"),
             "instance-panel": ("extended_description", "/about")}
MAX_DOCUMENT = 1024 * 1024


class InstanceDocumentView(AdminView):
    access = {"GET": READ, "PATCH": WRITE, "DELETE": WRITE}
    permissions = {method: ("manage_settings",) for method in ("GET", "PATCH", "DELETE")}

    def _document(self, name):
        if name not in DOCUMENTS:
            raise NotFound()
        return DOCUMENTS[name]

    def get(self, request, name):
        field, _url = self._document(name)
        return HttpResponse(getattr(SiteSettings.load(), field), content_type="text/html; charset=utf-8")

    def patch(self, request, name):
        field, url = self._document(name)
        upload = self.params.file("file")
        if upload is None:
            raise BadRequest("param is missing or the value is empty: file")
        if upload.size > MAX_DOCUMENT:
            raise ValidationFailed("file: is larger than 1 MB")
        try:
            content = upload.read().decode("utf-8")
        except UnicodeDecodeError:
            raise ValidationFailed("file: is not UTF-8 text") from None
        services.update_site_settings(self.viewer, **{field: content.replace("\x00", "")})
        return Response({"url": absolute(url)})

    def delete(self, request, name):
        field, url = self._document(name)
        services.update_site_settings(self.viewer, **{field: ""})
        return Response({"url": absolute(url)})


class FrontendsView(AdminView):
    """No frontends are bundled or installable here: the list is empty and installing refused."""

    access = {"GET": READ, "POST": WRITE}
    permissions = {"GET": ("manage_settings",), "POST": ("manage_settings",)}

    def get(self, request):
        return Response([])

    def post(self, request):
        raise BadRequest("Installing frontends is not supported by this server")


class ConfigView(AdminView):
    access = {"GET": READ, "POST": WRITE}
    permissions = {"GET": ("manage_settings",), "POST": ("manage_settings",)}

    def get(self, request):
        return Response(config.configs_json(SiteSettings.load()))

    def post(self, request):
        values = config.changes(self.params.raw("configs"), SiteSettings.load())
        try:
            site = services.update_site_settings(self.viewer, **values)
        except ValidationError as error:
            raise ValidationFailed(config.validation_message(error)) from None
        return Response(config.configs_json(site))


class ConfigDescriptionsView(AdminView):
    access = {"GET": READ}
    permissions = {"GET": ("manage_settings",)}

    def get(self, request):
        return Response(config.descriptions_json())


def _rule_json(rule):
    return {"id": str(rule.id), "text": rule.text, "hint": rule.hint, "priority": rule.position}


def _rule_fields(params):
    return {"text": params.str("text"), "hint": params.str("hint"),
            "priority": params.int("priority", min_value=-1000000, max_value=1000000)}


class RulesView(AdminView):
    access = {"GET": READ, "POST": WRITE}
    permissions = {"GET": ("manage_rules",), "POST": ("manage_rules",)}

    def get(self, request):
        return Response([_rule_json(rule) for rule in Rule.objects.all()[:MAX_PAGE_SIZE]])

    def post(self, request):
        return Response(_rule_json(services.save_rule(self.viewer, **_rule_fields(self.params))))


class RuleView(AdminView):
    access = {"PATCH": WRITE, "DELETE": WRITE}
    permissions = {"PATCH": ("manage_rules",), "DELETE": ("manage_rules",)}

    def _rule(self, rule_id):
        rule = Rule.objects.filter(pk=parse_id(rule_id)).first()
        if rule is None:
            raise NotFound()
        return rule

    def patch(self, request, rule_id):
        return Response(_rule_json(services.save_rule(self.viewer, self._rule(rule_id), **_rule_fields(self.params))))

    def delete(self, request, rule_id):
        rule = self._rule(rule_id)
        data = _rule_json(rule)
        services.delete_rule(self.viewer, rule)
        return Response(data)


class InstanceView(AdminView):
    """DELETE /instances/:instance: the remote instance's accounts deleted; its name answers."""

    access = {"DELETE": WRITE_ACCOUNTS}
    permissions = {"DELETE": ("delete_user_data",)}

    def delete(self, request, instance):
        services.delete_instance(self.viewer, instance)
        return Response(instance)


class ReloadEmojiView(AdminView):
    """Custom emoji are read from the database on every request here: nothing to reload."""

    access = {"POST": WRITE}
    permissions = {"POST": ("manage_custom_emojis",)}

    def post(self, request):
        return Response("ok")


class RestartView(AdminView):
    """Pleroma restarts itself to apply database configuration; every setting here applies at
    once, so there is nothing to restart: {} as Pleroma answers a restart."""

    access = {"GET": WRITE}
    permissions = {"GET": ("manage_settings",)}

    def get(self, request):
        return Response({})


class NeedRebootView(AdminView):
    access = {"GET": READ}
    permissions = {"GET": ("manage_settings",)}

    def get(self, request):
        return Response({"need_reboot": False})


class ModerationLogView(AdminView):
    access = {"GET": READ}
    permissions = {"GET": ("view_audit_log",)}

    def get(self, request):
        params = self.params
        queryset = AuditLogEntry.objects.select_related("account").order_by("-id")
        if params.id("user_id") is not None:
            queryset = queryset.filter(account_id=params.id("user_id"))
        if params.str("search"):
            queryset = queryset.filter(summary__icontains=params.str("search"))
        if params.datetime("start_date") is not None:
            queryset = queryset.filter(created_at__gte=params.datetime("start_date"))
        if params.datetime("end_date") is not None:
            queryset = queryset.filter(created_at__lte=params.datetime("end_date"))
        total = queryset.count()
        entries, _size = _slice(queryset, params)
        items = [{"id": str(entry.id), "time": int(entry.created_at.timestamp()),
                  "message": f"@{entry.account.username if entry.account else 'system'} {entry.action} "
                             f"{entry.target_type} {entry.summary}".strip(),
                  "data": {"action": entry.action, "target_type": entry.target_type, "target_id": entry.target_id,
                           "actor": {"id": str(entry.account_id), "nickname": entry.account.acct}
                           if entry.account else None}}
                 for entry in entries]
        return Response({"items": items, "total": total})


class StatsView(AdminView):
    access = {"GET": READ}
    permissions = {"GET": ("view_dashboard",)}

    def get(self, request):
        counts = {"public": 0, "unlisted": 0, "private": 0, "direct": 0}
        for row in Status.objects.filter(local=True).values("visibility").annotate(n=Count("id")):
            counts[row["visibility"]] = row["n"]
        return Response({"status_visibility": counts})


# --- Federation features that are not enabled ------------------------------------------------

NO_FEDERATION = "Federation is not enabled on this server: there are no relays"
NO_MEDIA_PROXY = "The media proxy is not enabled on this server"


class RelaysView(AdminView):
    access = {"GET": READ, "POST": WRITE_FOLLOWS, "DELETE": WRITE_FOLLOWS}
    permissions = {method: ("manage_federation",) for method in ("GET", "POST", "DELETE")}

    def get(self, request):
        return Response({"relays": []})

    def post(self, request):
        raise BadRequest(NO_FEDERATION)

    def delete(self, request):
        raise BadRequest(NO_FEDERATION)


class MediaProxyCachesView(AdminView):
    access = {"GET": READ_PROXY}
    permissions = {"GET": ("manage_settings",)}

    def get(self, request):
        _page_number, size = _page(self.params)
        return Response({"page_size": size, "count": 0, "urls": []})


class MediaProxyCacheActionView(AdminView):
    access = {"POST": WRITE_PROXY}
    permissions = {"POST": ("manage_settings",)}

    def post(self, request):
        raise BadRequest(NO_MEDIA_PROXY)
