"""The built-in roles get exactly Mastodon's defaults (config/roles.yml): the first
migration gave the Moderator federation, blocks, appeals, invites, user access and data
deletion, which Mastodon keeps for the Admin. Rows are found by name (an operator may have
renumbered them); a role an operator renamed is left alone."""
from django.db import migrations

FLAGS = {
    "administrator": 1 << 0, "view_devops": 1 << 1, "view_audit_log": 1 << 2, "view_dashboard": 1 << 3,
    "manage_reports": 1 << 4, "manage_federation": 1 << 5, "manage_settings": 1 << 6,
    "manage_blocks": 1 << 7, "manage_taxonomies": 1 << 8, "manage_appeals": 1 << 9,
    "manage_users": 1 << 10, "manage_invites": 1 << 11, "manage_rules": 1 << 12,
    "manage_announcements": 1 << 13, "manage_custom_emojis": 1 << 14, "manage_webhooks": 1 << 15,
    "invite_users": 1 << 16, "manage_roles": 1 << 17, "manage_user_access": 1 << 18,
    "delete_user_data": 1 << 19, "view_feeds": 1 << 20,
}
MODERATOR = ["invite_users", "view_dashboard", "view_audit_log", "view_feeds", "manage_users", "manage_reports",
             "manage_taxonomies"]
ADMIN = MODERATOR + ["manage_user_access", "delete_user_data", "manage_federation", "manage_settings",
                     "manage_blocks", "manage_appeals", "manage_rules", "manage_invites", "manage_announcements",
                     "manage_custom_emojis", "manage_webhooks", "manage_roles"]
OLD_MODERATION = ["view_dashboard", "view_audit_log", "manage_users", "manage_user_access", "delete_user_data",
                  "manage_reports", "manage_appeals", "manage_federation", "manage_blocks", "manage_taxonomies",
                  "manage_invites", "view_feeds"]
OLD_ADMINISTRATION = ["manage_settings", "manage_rules", "manage_roles", "manage_webhooks",
                      "manage_custom_emojis", "manage_announcements"]


def flags(names):
    value = 0
    for name in names:
        value |= FLAGS[name]
    return value


def forwards(apps, schema_editor):
    UserRole = apps.get_model("accounts", "UserRole")
    UserRole.objects.filter(name="Moderator").update(permissions=flags(MODERATOR))
    UserRole.objects.filter(name="Admin").update(permissions=flags(ADMIN))


def backwards(apps, schema_editor):
    UserRole = apps.get_model("accounts", "UserRole")
    UserRole.objects.filter(name="Moderator").update(permissions=flags(OLD_MODERATION))
    UserRole.objects.filter(name="Admin").update(permissions=flags(OLD_MODERATION + OLD_ADMINISTRATION))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_dismissedsuggestion")]
    operations = [migrations.RunPython(forwards, backwards)]
