"""The lower apps' events that close or feed streams (README "Layout": signals up, calls
down), connected in streaming/apps.py."""
from streaming.publish import disconnect_account


def access_lost(sender, account_id, **kwargs):
    """A disabled user or a suspended account: its open streams close."""
    disconnect_account(account_id)
