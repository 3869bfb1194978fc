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
MODERATION = ["view_dashboard", "view_audit_log", "manage_users", "manage_user_access", "delete_user_data",
              "manage_reports", "manage_appeals", "manage_federation", "manage_blocks", "manage_taxonomies",
              "manage_invites", "view_feeds"]
ADMINISTRATION = ["manage_settings", "manage_rules", "manage_roles", "manage_webhooks", "manage_custom_emojis",
                  "manage_announcements"]


def flags(names):
    value = 0
    for name in names:
        value |= FLAGS[name]
    return value


# Mastodon's built-in roles, with its ids (Moderator 1, Admin 2, Owner 3).
ROLES = [
    (1, "Moderator", 10, flags(MODERATION)),
    (2, "Admin", 100, flags(MODERATION + ADMINISTRATION)),
    (3, "Owner", 1000, FLAGS["administrator"]),
]


def create_roles(apps, schema_editor):
    UserRole = apps.get_model("accounts", "UserRole")
    for pk, name, position, permissions in ROLES:
        UserRole.objects.update_or_create(pk=pk, defaults={"name": name, "position": position,
                                                           "permissions": permissions, "highlighted": False})
    # Rows inserted with explicit ids: move PostgreSQL's sequence past them.
    connection = schema_editor.connection
    from django.core.management.color import no_style

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [UserRole]):
            cursor.execute(sql)


def delete_roles(apps, schema_editor):
    apps.get_model("accounts", "UserRole").objects.filter(pk__in=[pk for pk, *_ in ROLES]).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_initial")]
    operations = [migrations.RunPython(create_roles, delete_roles)]
