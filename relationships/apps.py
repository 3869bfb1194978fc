from django.apps import AppConfig


class RelationshipsConfig(AppConfig):
    name = "relationships"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from accounts.signals import account_relationships

        account_relationships.connect(_account_relationships, weak=False,
                                      dispatch_uid="relationships.account_relationships")


def _account_relationships(sender=None, view=None, accounts=(), **kwargs):
    """Pleroma's with_relationships on the accounts app's views (GET /api/v1/accounts/:id)."""
    from relationships.serializers import pleroma_relationships

    return pleroma_relationships(view, accounts)
