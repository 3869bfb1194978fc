from django.shortcuts import render
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe
from rest_framework.response import Response

from fedi.api import Access, ApiView
from fedi.errors import NotFound
from fedi.text import sanitize
from statuses.embed import embeddable_status, oembed_json, status_from_url


class OEmbedView(ApiView):
    """GET /api/oembed?url=...[&maxwidth=&maxheight=]."""

    access = {"GET": Access.public()}

    def get(self, request):
        params = self.params
        url = params.str("url", required=True, strip=True, max_length=2048)
        maxwidth = params.int("maxwidth", None, min_value=1, max_value=10000)
        maxheight = params.int("maxheight", None, min_value=1, max_value=10000)
        status = status_from_url(url)
        if status is None:
            raise NotFound()
        return Response(oembed_json(status, maxwidth, maxheight))


def _status_page(request, username, status_id):
    status = embeddable_status(username, status_id)
    if status is None:
        return render(request, "statuses/embed_not_found.html", status=404)
    account = status.account
    return render(request, "statuses/embed.html", {
        "status": status, "account": account,
        # stored content is sanitized when written; sanitized again because this page is
        # framed by other sites and renders it as HTML
        "content": sanitize(status.content),
        "url": f"/@{account.username}/{status.id}",
    })


@require_safe
@xframe_options_exempt  # the page exists to be framed by other sites
def embed_page(request, username, status_id):
    return _status_page(request, username, status_id)


@require_safe
def status_page(request, username, status_id):
    """A public status's page (the `url` of the Status entity, where /ostatus_subscribe
    sends a remote reader): the embed's rendering, not framable."""
    return _status_page(request, username, status_id)
