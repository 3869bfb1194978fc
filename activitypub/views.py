"""GET /users/<username> (the actor WebFinger's `self` link names) and its collections.

Served as application/activity+json to whoever asks for ActivityPub (Accept); a browser
following the link is sent to the profile page, as Mastodon does."""
from django.http import Http404, HttpResponseRedirect, JsonResponse

from accounts.search import local_account
from accounts.serializers import account_uri, account_url
from activitypub.actors import CONTENT_TYPE, collection, person, wants_activity_json


def _local_account(username):
    account = local_account(username)
    if account is None:
        raise Http404("No such account")
    return account


def _activity_json(document):
    response = JsonResponse(document, content_type=CONTENT_TYPE, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "max-age=60, public"
    response["Vary"] = "Accept"
    return response


def actor(request, username):
    account = _local_account(username)
    if not wants_activity_json(request):
        response = HttpResponseRedirect(account_url(account))
        response["Vary"] = "Accept"
        return response
    return _activity_json(person(account))


def followers(request, username):
    account = _local_account(username)
    return _activity_json(collection(f"{account_uri(account)}/followers", account.followers_count))


def following(request, username):
    account = _local_account(username)
    return _activity_json(collection(f"{account_uri(account)}/following", account.following_count))


def outbox(request, username):
    account = _local_account(username)
    return _activity_json(collection(f"{account_uri(account)}/outbox", account.statuses_count))
