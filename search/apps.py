from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported in ready(): models and the other apps' modules load once the registry is.
        from search import receivers
        from statuses import signals as statuses

        # Every saved status enters the full-text index in its own transaction (whatever
        # created it: posting, federation, imports); distribution and edits index it again
        # with its poll and media descriptions. Deletion: the entry goes with its row.
        statuses.status_saved.connect(receivers.status_saved, dispatch_uid="search.status_saved")
        statuses.status_distributed.connect(receivers.index_status, dispatch_uid="search.status_distributed")
        statuses.status_edited.connect(receivers.index_status, dispatch_uid="search.status_edited")
