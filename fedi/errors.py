"""Mastodon's error format for every API response: {"error": "..."} (422 may add "details")."""
import logging

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404, JsonResponse
from django.views.defaults import bad_request, page_not_found, permission_denied, server_error
from rest_framework import exceptions as drf
from rest_framework.response import Response

logger = logging.getLogger("fedi.api")


class ApiError(Exception):
    status = 400
    message = "Bad request"

    def __init__(self, message=None, status=None, headers=None):
        super().__init__(message or self.message)
        self.message = message or self.message
        if status is not None:
            self.status = status
        self.headers = headers or {}

    def payload(self):
        return {"error": self.message}


class BadRequest(ApiError):
    """A parameter is missing or malformed (Mastodon answers 400 for these)."""


class Unauthorized(ApiError):
    status = 401
    message = "The access token is invalid"

    def __init__(self, message=None, status=None, headers=None):
        # As Doorkeeper answers, so clients know to (re)authenticate.
        headers = {"WWW-Authenticate": 'Bearer realm="Doorkeeper", error="invalid_token", '
                                       'error_description="The access token is invalid"', **(headers or {})}
        super().__init__(message, status, headers)


class Forbidden(ApiError):
    status = 403
    message = "This action is not allowed"


class OutsideScopes(Forbidden):
    message = "This action is outside the authorized scopes"


class NotFound(ApiError):
    status = 404
    message = "Record not found"


class Gone(ApiError):
    status = 410
    message = "Gone"


class Conflict(ApiError):
    status = 409
    message = "Conflict"


class UserRequired(ApiError):
    status = 422
    message = "This method requires an authenticated user"


class Unprocessable(ApiError):
    status = 422
    message = "Unprocessable entity"


class TooManyRequests(ApiError):
    status = 429
    message = "Too many requests"


class ServiceUnavailable(ApiError):
    status = 503
    message = "Service unavailable"


# Mastodon's validation error codes with their English descriptions (accounts seed).
ERROR_DESCRIPTIONS = {
    "ERR_BLOCKED": "is not allowed",
    "ERR_UNREACHABLE": "does not seem to exist",
    "ERR_TAKEN": "is already taken",
    "ERR_RESERVED": "is reserved",
    "ERR_ACCEPTED": "must be accepted",
    "ERR_BLANK": "can't be blank",
    "ERR_INVALID": "is invalid",
    "ERR_TOO_LONG": "is too long",
    "ERR_TOO_SHORT": "is too short",
    "ERR_INCLUSION": "is not included in the list",
}


class ValidationFailed(ApiError):
    """422 Validation failed, with Mastodon's per-attribute `details` when there are any.

    Collect problems with add() and raise once, so the client sees every problem at once:

        errors = ValidationFailed()
        errors.add("username", "ERR_TAKEN")
        errors.raise_if_any()
    """

    status = 422

    def __init__(self, message=None, details=None):
        self.details = {}
        for attr, items in (details or {}).items():
            for item in items:
                self.add(attr, item["error"], item.get("description"))
        super().__init__(message or "Validation failed")
        self._explicit_message = message

    def add(self, attribute, code, description=None):
        description = description or ERROR_DESCRIPTIONS.get(code, "is invalid")
        self.details.setdefault(attribute, []).append({"error": code, "description": description})
        return self

    def __bool__(self):
        return bool(self.details) or bool(self._explicit_message)

    def raise_if_any(self):
        if self.details:
            raise self

    @property
    def full_message(self):
        if self._explicit_message:
            return self._explicit_message
        parts = [
            f"{attr.replace('_', ' ').capitalize()} {item['description']}"
            for attr, items in self.details.items()
            for item in items
        ]
        return "Validation failed: " + ", ".join(parts)

    def payload(self):
        body = {"error": self.full_message}
        if self.details:
            body["details"] = self.details
        return body


def error_response(message, status, headers=None, extra=None):
    body = {"error": message}
    if extra:
        body.update(extra)
    response = Response(body, status=status)
    for key, value in (headers or {}).items():
        response[key] = value
    return response


def exception_handler(exc, context):
    """DRF exception handler: everything leaves as {"error": ...}."""
    if isinstance(exc, ApiError):
        body = exc.payload()
        return error_response(body.pop("error"), exc.status, exc.headers, extra=body)
    if isinstance(exc, (Http404, ObjectDoesNotExist)):
        return error_response(NotFound.message, 404)
    if isinstance(exc, (drf.NotAuthenticated, drf.AuthenticationFailed)):
        return exception_handler(Unauthorized(), context)
    if isinstance(exc, (drf.PermissionDenied, PermissionDenied)):
        return error_response(Forbidden.message, 403)
    if isinstance(exc, drf.Throttled):
        return error_response(TooManyRequests.message, 429)
    if isinstance(exc, drf.ParseError):
        return error_response(f"Could not parse the request body: {exc.detail}", 400)
    if isinstance(exc, drf.UnsupportedMediaType):
        return error_response(f"Unsupported content type: {exc.detail}", 415)
    if isinstance(exc, drf.MethodNotAllowed):
        return error_response("Method not allowed", 405)
    if isinstance(exc, drf.NotAcceptable):
        return error_response("Not acceptable", 406)
    if isinstance(exc, drf.ValidationError):
        return error_response(f"Validation failed: {_flatten(exc.detail)}", 422)
    if isinstance(exc, drf.APIException):
        return error_response(str(exc.detail), exc.status_code)
    view = context.get("view")
    logger.exception("Unexpected error in %s", type(view).__name__ if view else "API", exc_info=exc)
    return error_response("Internal server error", 500)


def _flatten(detail):
    if isinstance(detail, dict):
        return ", ".join(f"{key} {_flatten(value)}" for key, value in detail.items())
    if isinstance(detail, list):
        return ", ".join(_flatten(item) for item in detail)
    return str(detail)


# Django-level handlers (URLs no API view matched, errors outside DRF), also JSON on the API.
def _is_api(request):
    path = request.path
    return path.startswith(("/api/", "/oauth/token", "/oauth/revoke", "/.well-known/", "/nodeinfo/"))


def handler404(request, exception=None):
    if _is_api(request):
        return JsonResponse({"error": NotFound.message}, status=404)

    return page_not_found(request, exception)


def handler500(request):
    if _is_api(request):
        return JsonResponse({"error": "Internal server error"}, status=500)

    return server_error(request)


def handler403(request, exception=None):
    if _is_api(request):
        return JsonResponse({"error": Forbidden.message}, status=403)

    return permission_denied(request, exception)


def handler400(request, exception=None):
    if _is_api(request):
        return JsonResponse({"error": "Bad request"}, status=400)

    return bad_request(request, exception)
