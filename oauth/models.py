"""OAuth client applications, as Mastodon's API registers them."""
from django.db import models
from oauth2_provider.models import AbstractApplication

OOB_REDIRECT_URI = "urn:ietf:wg:oauth:2.0:oob"


class Application(AbstractApplication):
    """A client app. Mastodon apps may use every grant; scopes bound what tokens may get."""

    scopes = models.CharField(max_length=1024, default="read")
    website = models.CharField(max_length=2048, null=True, blank=True)

    class Meta(AbstractApplication.Meta):
        swappable = "OAUTH2_PROVIDER_APPLICATION_MODEL"

    @property
    def redirect_uri_list(self):
        return self.redirect_uris.split()

    def redirect_uri_allowed(self, uri):
        # Exact match, any scheme: mobile apps register their own (tusky://oauth, ...).
        return uri in self.redirect_uri_list

    def allows_grant_type(self, *grant_types):
        return True

    def clean(self):
        # AbstractApplication.clean() insists on http(s) redirect URIs and one grant type;
        # Mastodon apps have custom schemes and every grant.
        pass

    def get_allowed_schemes(self):
        # Whatever schemes the app registered (custom ones for mobile apps).
        return sorted({uri.split(":", 1)[0] for uri in self.redirect_uri_list if ":" in uri} | {"http", "https"})
