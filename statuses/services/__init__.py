"""Business rules for statuses (Mastodon's PostStatusService, RemoveStatusService, ...)."""
