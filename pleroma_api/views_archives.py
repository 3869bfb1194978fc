"""Imports (follows, mutes, blocks) and backups: thin views over pleroma_api.services_imports
and services_backups; the work is done by Celery tasks."""
from rest_framework.response import Response

from fedi.api import Access, ApiView
from fedi.errors import ApiError, BadRequest
from pleroma_api import services_backups, services_imports
from pleroma_api.models import Backup, ImportJob

MAX_LISTED = 50


class ImportView(ApiView):
    """POST /api/pleroma/follow_import | mutes_import | blocks_import: `list`, a string or an
    uploaded file, imported by a Celery task (GET /api/pleroma/imports shows how each line
    went). Answers "ok", the response of the Pleroma API reference (Pleroma's controller
    itself says "job started"; clients look at the status code)."""

    kind = "follows"
    access = {"POST": Access.user("write:follows")}

    def post(self, request):
        upload = self.params.file("list")
        if upload is not None:
            if upload.size > services_imports.MAX_LIST_BYTES:
                raise ApiError("The list is too large", status=413)
            try:
                text = upload.read().decode("utf-8")
            except UnicodeDecodeError:
                raise BadRequest("The list must be UTF-8 text")
        else:
            text = self.params.str("list") or ""
        services_imports.start_import(self.viewer, self.kind, text)
        return Response("ok")


class MutesImportView(ImportView):
    kind = "mutes"
    access = {"POST": Access.user("write:mutes")}


class BlocksImportView(ImportView):
    kind = "blocks"
    access = {"POST": Access.user("write:blocks")}


class ImportsView(ApiView):
    """GET /api/pleroma/imports: the user's import jobs with each line's outcome (an addition:
    Pleroma keeps them in its job queue only)."""

    access = {"GET": Access.user("read:follows")}

    def get(self, request):
        jobs = ImportJob.objects.filter(account=self.viewer).order_by("-id")[:MAX_LISTED]
        return Response([services_imports.job_json(job) for job in jobs])


class BackupsView(ApiView):
    access = {"GET": Access.user("read:accounts"), "POST": Access.user("write:accounts")}

    def get(self, request):
        backups = Backup.objects.filter(account=self.viewer).order_by("-id")[:MAX_LISTED]
        return Response([services_backups.backup_json(backup) for backup in backups])

    def post(self, request):
        services_backups.request_backup(self.viewer)
        return self.get(request)
