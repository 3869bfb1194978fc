from django.apps import AppConfig


class InstanceApiConfig(AppConfig):
    """The instance's API (Instance entity, peers, activity, rules, documents, emoji,
    webfinger, host-meta, nodeinfo): above accounts, which it names and counts; the settings
    it shows are the instance app's, below accounts."""

    name = "instance_api"
    verbose_name = "Instance API"

    def ready(self):
        # Imported in ready(): models and the other apps' modules load once the registry is.
        from fedi.auth import user_returned
        from instance_api.stats import record_login

        # A user back on the API (at most once a day): their login of the week.
        user_returned.connect(record_login, dispatch_uid="instance.record_login")
