"""Key pairs of local actors."""
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.db import IntegrityError, transaction

from activitypub.models import ActorKey

KEY_SIZE = 2048  # Mastodon's size


def new_key_pair() -> tuple[str, str]:
    """(public PEM, private PEM) of a fresh RSA key."""
    private = rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)
    private_pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                        serialization.NoEncryption()).decode("ascii")
    public_pem = private.public_key().public_bytes(serialization.Encoding.PEM,
                                                   serialization.PublicFormat.SubjectPublicKeyInfo).decode("ascii")
    return public_pem, private_pem


def actor_key(account) -> ActorKey:
    """The account's key pair, made on first use (two requests racing keep the first)."""
    key = ActorKey.objects.filter(account=account).first()
    if key is not None:
        return key
    public_pem, private_pem = new_key_pair()
    try:
        with transaction.atomic():
            return ActorKey.objects.create(account=account, public_key=public_pem, private_key=private_pem)
    except IntegrityError:
        return ActorKey.objects.get(account=account)
