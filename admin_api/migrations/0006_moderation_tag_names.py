from django.db import migrations


def copy_tags(apps, schema_editor):
    """Account.moderation_tag_names starts as the AccountTag rows it mirrors."""
    AccountTag = apps.get_model("admin_api", "AccountTag")
    Account = apps.get_model("accounts", "Account")
    names = {}
    for account_id, name in AccountTag.objects.order_by("name").values_list("account_id", "name"):
        names.setdefault(account_id, []).append(name)
    for account_id, tags in names.items():
        Account.objects.filter(pk=account_id).update(moderation_tag_names=tags)


class Migration(migrations.Migration):
    dependencies = [
        ("admin_api", "0005_warning_presets_and_appeals"),
        ("accounts", "0009_email_domain_block_mx_and_moderation_tags"),
    ]

    operations = [migrations.RunPython(copy_tags, migrations.RunPython.noop)]
