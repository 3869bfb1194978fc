"""Pleroma's bookmark folders: GET/POST /api/v1/pleroma/bookmark_folders, PATCH/DELETE
/api/v1/pleroma/bookmark_folders/:id. BookmarkFolder: {id, name, emoji, emoji_url}."""
from rest_framework.response import Response

from fedi.api import Access, ApiView
from fedi.errors import NotFound
from fedi.links import media
from fedi.params import is_id
from instance.models import CustomEmoji
from statuses.models import BookmarkFolder
from statuses.services import interactions

MAX_FOLDERS_LISTED = 200


def find_folder(account, folder_id):
    text = str(folder_id)
    folder = BookmarkFolder.objects.filter(pk=int(text), account=account).first() if is_id(text) else None
    if folder is None:
        raise NotFound("Record not found")
    return folder


def folder_json(folder, custom_emojis):
    shortcode = folder.emoji[1:-1] if folder.emoji and folder.emoji.startswith(":") else None
    custom = custom_emojis.get(shortcode) if shortcode else None
    return {"id": str(folder.id), "name": folder.name, "emoji": folder.emoji,
            "emoji_url": media(custom.image) if custom is not None else None}


def render_folders(folders):
    folders = list(folders)
    codes = {folder.emoji[1:-1] for folder in folders if folder.emoji and folder.emoji.startswith(":")}
    custom = ({emoji.shortcode: emoji for emoji in CustomEmoji.objects.filter(shortcode__in=codes,
                                                                             domain__isnull=True)}
              if codes else {})
    return [folder_json(folder, custom) for folder in folders]


class BookmarkFoldersView(ApiView):
    access = {"GET": Access.user("read:bookmarks"), "POST": Access.user("write:bookmarks")}

    def get(self, request):
        folders = BookmarkFolder.objects.filter(account=self.viewer).order_by("id")[:MAX_FOLDERS_LISTED]
        return Response(render_folders(folders))

    def post(self, request):
        folder = interactions.create_bookmark_folder(self.viewer, self.params.str("name", max_length=1000),
                                                     self.params.str("emoji", strip=True, max_length=200))
        return Response(render_folders([folder])[0])


class BookmarkFolderView(ApiView):
    access = {"PATCH": Access.user("write:bookmarks"), "DELETE": Access.user("write:bookmarks")}

    def patch(self, request, folder_id):
        folder = find_folder(self.viewer, folder_id)
        folder = interactions.update_bookmark_folder(folder, self.params.str("name", max_length=1000),
                                                     self.params.str("emoji", strip=True, max_length=200))
        return Response(render_folders([folder])[0])

    def delete(self, request, folder_id):
        folder = find_folder(self.viewer, folder_id)
        rendered = render_folders([folder])[0]
        folder.delete()  # its bookmarks stay, out of any folder
        return Response(rendered)
