"""Refuses every request from an address in an active `no_access` IP block (Mastodon's
Rack::Attack blocklist on IpBlock), before any other work is done for it."""
from django.http import JsonResponse

from accounts.services.blocks import ip_has_no_access
from fedi.ratelimit import client_ip


class IpBlockMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if ip_has_no_access(client_ip(request)):
            return JsonResponse({"error": "This action is not allowed"}, status=403)
        return self.get_response(request)
