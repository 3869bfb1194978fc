"""The HTML pages of the OAuth flow: sign in, sign out, authorize (consent), the code page."""
from functools import wraps
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from oauth2_provider.exceptions import OAuthToolkitError
from oauth2_provider.views import AuthorizationView
from oauth2_provider.views.mixins import OAuthLibMixin
from oauthlib.oauth2.rfc6749.errors import InvalidRequestError

from accounts.services.registration import check_password
from accounts.services.users import revoke_all_tokens, user_for_reset_token
from fedi.errors import ValidationFailed
from fedi.params import to_bool
from instance.services import site_settings
from oauth.models import OOB_REDIRECT_URI, Application
from oauth.sign_in import safe_next, sign_in
from oauth.tokens import ERROR_DESCRIPTIONS


def keep_opener(view):
    """These pages run in a web client's sign-in popup (Phanpy, Elk...), which hands the
    result back to the window that opened it. Django's default Cross-Origin-Opener-Policy
    (same-origin) would cut that link: the popup signs in by itself and the client's tab
    never hears of it. So these pages keep the opener (every other page keeps Django's
    policy)."""

    @wraps(view)
    def with_opener(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Cross-Origin-Opener-Policy"] = "unsafe-none"
        return response

    return with_opener


def page(request, template, context=None, status=200):
    """Renders one of these pages with what the base layout needs."""
    context = {"site_name": site_settings().title, **(context or {})}
    return render(request, template, context, status=status)


def error_page(request, error, description=None, status=400):
    description = description or ERROR_DESCRIPTIONS.get(error) or "The request could not be processed."
    return page(request, "oauth/error.html", {"error": error, "description": description}, status=status)


@method_decorator([keep_opener, csrf_protect, never_cache], name="dispatch")
class SignInView(View):
    """GET/POST /auth/sign_in: an e-mail address or username and a password."""

    def get(self, request):
        next_url = safe_next(request, request.GET.get("next"), "")
        if request.user.is_authenticated:
            if next_url:
                return HttpResponseRedirect(next_url)
            return page(request, "oauth/signed_in.html")
        return page(request, "oauth/sign_in.html", {"next": next_url})

    def post(self, request):
        next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"), "")
        login_name = request.POST.get("username") or request.POST.get("email") or ""
        user, error = sign_in(request, login_name, request.POST.get("password") or "")
        if user is None:
            return page(request, "oauth/sign_in.html", {"next": next_url, "error": error, "username": login_name},
                        status=401)
        return HttpResponseRedirect(next_url or reverse("sign-in"))


@method_decorator([keep_opener, csrf_protect, never_cache], name="dispatch")
class SignOutView(View):
    """POST /auth/sign_out signs out; GET shows the button (signing out changes state: POST only)."""

    def get(self, request):
        return page(request, "oauth/sign_out.html")

    def post(self, request):
        logout(request)
        return HttpResponseRedirect(reverse("sign-in"))


def _without_param(request, name):
    query = [(key, value) for key, value in parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True)
             if key != name]
    return request.path + ("?" + urlencode(query) if query else "")


@method_decorator([keep_opener, never_cache], name="dispatch")
class AuthorizeView(AuthorizationView):
    """GET /oauth/authorize shows the consent page; POST issues the code (or the refusal)."""

    template_name = "oauth/authorize.html"

    def dispatch(self, request, *args, **kwargs):
        if request.method == "GET" and to_bool(request.GET.get("force_login")):
            # Sign in again (perhaps as someone else), then come back without force_login.
            logout(request)
            return redirect_to_login(_without_param(request, "force_login"), self.get_login_url())
        try:
            return super().dispatch(request, *args, **kwargs)
        except ValueError:  # oauthlib refuses malformed query strings ("Invalid hex encoding...")
            return error_page(request, "invalid_request")

    def get(self, request, *args, **kwargs):
        # Always ask: approval_prompt=auto would skip consent when a token already exists.
        request.GET = request.GET.copy()
        request.GET["approval_prompt"] = "force"
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["site_name"] = site_settings().title
        context["scope_items"] = list(zip(context.get("scopes", []), context.get("scopes_descriptions", [])))
        return context

    def validate_authorization_request(self, request):
        scopes, credentials = super().validate_authorization_request(request)
        if "code_challenge" in credentials and credentials.get("code_challenge_method") != "S256":
            # Mastodon supports S256 only (oauthlib would also take "plain", its default).
            error = InvalidRequestError(description="The code challenge method must be S256.",
                                        state=credentials.get("state"))
            error.redirect_uri = credentials.get("redirect_uri")
            error.client_id = credentials.get("client_id")
            raise OAuthToolkitError(error=error)
        return scopes, credentials

    def form_valid(self, form):
        if not Application.objects.filter(client_id=form.cleaned_data["client_id"]).exists():
            return error_page(self.request, "invalid_client", status=401)
        method = form.cleaned_data.get("code_challenge_method")
        if form.cleaned_data.get("code_challenge") and method != "S256":
            return error_page(self.request, "invalid_request", "The code challenge method must be S256.")
        return super().form_valid(form)

    def form_invalid(self, form):
        return error_page(self.request, "invalid_request")

    def error_response(self, error, application, **kwargs):
        redirect, details = OAuthLibMixin.error_response(self, error, **kwargs)
        if redirect and details["error"].redirect_uri:
            if application is None:  # needed for its redirect URI schemes (myapp://...)
                application = Application.objects.filter(client_id=details["error"].client_id or "").first()
            return self.redirect(details["url"], application)
        oauth_error = details["error"]
        return error_page(self.request, oauth_error.error, oauth_error.description, status=oauth_error.status_code)

    def redirect(self, redirect_to, application):
        if redirect_to.startswith(OOB_REDIRECT_URI):
            # Out of band: show the code to the person, who copies it into the app.
            result = dict(parse_qsl(urlsplit(redirect_to).query))
            if result.get("code"):
                code_page = reverse("oauth-authorize-native") + "?" + urlencode({"code": result["code"]})
                return HttpResponseRedirect(code_page)
            return error_page(self.request, result.get("error", "invalid_request"), result.get("error_description"))
        return super().redirect(redirect_to, application)


@method_decorator([keep_opener, never_cache], name="dispatch")
class AuthorizationCodeView(View):
    """GET /oauth/authorize/native?code=...: the code for apps using urn:ietf:wg:oauth:2.0:oob."""

    def get(self, request):
        code = request.GET.get("code", "")
        if not code:
            return error_page(request, "invalid_request")
        return page(request, "oauth/authorization_code.html", {"code": code})


@method_decorator([csrf_protect, never_cache], name="dispatch")
class PasswordResetView(View):
    """GET/POST /auth/password/edit?reset_password_token=...: choose a new password from a
    link staff handed out (the Pleroma admin API's password_reset); the link then stops
    working, and every session of the user ends."""

    def _user(self, request):
        token = request.POST.get("reset_password_token") or request.GET.get("reset_password_token") or ""
        return token, user_for_reset_token(token)

    def get(self, request):
        token, user = self._user(request)
        if user is None:
            return error_page(request, "invalid_token", "This password reset link is invalid or has expired.")
        return page(request, "oauth/password_reset.html", {"token": token})

    def post(self, request):
        token, user = self._user(request)
        if user is None:
            return error_page(request, "invalid_token", "This password reset link is invalid or has expired.")
        password = request.POST.get("password") or ""
        errors = ValidationFailed()
        check_password(errors, password)
        if password != (request.POST.get("password_confirmation") or ""):
            errors.add("password_confirmation", "ERR_INVALID", "does not match the password")
        if errors:
            return page(request, "oauth/password_reset.html", {"token": token, "error": errors.full_message},
                        status=422)
        user.set_password(password)
        user.save(update_fields=["password"])
        revoke_all_tokens(user)
        return HttpResponseRedirect(reverse("sign-in"))
