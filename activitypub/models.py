from django.db import models
from django.utils import timezone


class ActorKey(models.Model):
    """The RSA key pair of a local actor (HTTP Signatures). Made on first use, as Mastodon
    makes one per local account; the private key never leaves the server."""

    account = models.OneToOneField("accounts.Account", on_delete=models.CASCADE, primary_key=True,
                                   related_name="actor_key")
    public_key = models.TextField()
    private_key = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"key of {self.account_id}"
