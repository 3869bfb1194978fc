"""Follow, mute and block imports (Pleroma's /api/pleroma/follow_import, mutes_import,
blocks_import): the list is stored as a job and processed by a Celery task, each line
getting its outcome ("followed", "muted", "blocked", "not found", or why it failed)."""
from django.db import transaction
from django.utils import timezone

from accounts.models import Account
from accounts.search import find_by_handle
from fedi.errors import ApiError, BadRequest
from pleroma_api.models import ImportJob
from pleroma_api.tasks import run_import
from relationships import services as relationships

MAX_LINES = 10_000
MAX_LIST_BYTES = 1_000_000
HEADERS = {"account address"}  # Mastodon's CSV export starts with "Account address,Show boosts,..."
OUTCOMES = {"follows": "followed", "mutes": "muted", "blocks": "blocked"}


def parse_list(text: str) -> list[str]:
    """The handles of a list: one per line; a CSV line (Mastodon's export) gives its first
    column; blank lines and the CSV header are skipped."""
    handles = []
    for line in text.replace("\r", "\n").split("\n"):
        handle = line.split(",", 1)[0].strip()
        if handle and handle.lower() not in HEADERS:
            handles.append(handle)
    if len(handles) > MAX_LINES:
        raise BadRequest(f"Too many lines (maximum is {MAX_LINES})")
    return handles


def start_import(account: Account, kind: str, text: str) -> ImportJob:
    if kind not in ImportJob.KINDS:
        raise ValueError(kind)
    if not text or not text.strip():
        raise BadRequest("param is missing or the value is empty: list")
    if len(text.encode("utf-8")) > MAX_LIST_BYTES:
        raise ApiError("The list is too large", status=413)
    job = ImportJob.objects.create(account=account, kind=kind, lines=parse_list(text))

    transaction.on_commit(lambda: run_import.delay(job.id))
    return job


def _apply(kind, account, target):
    if kind == "follows":
        relationships.follow(account, target)
    elif kind == "mutes":
        relationships.mute(account, target)
    else:
        relationships.block(account, target)


def process_import(job_id: int) -> ImportJob | None:
    """Run an import job, line by line; one failing line never stops the others."""
    job = ImportJob.objects.select_related("account").filter(pk=job_id, state="pending").first()
    if job is None:
        return None
    ImportJob.objects.filter(pk=job.pk).update(state="running")
    results = []
    for handle in job.lines:
        target = find_by_handle(handle.lstrip("@"))
        if target is None:
            results.append({"line": handle, "outcome": "not found"})
            continue
        if target.id == job.account_id:
            results.append({"line": handle, "outcome": "skipped: your own account"})
            continue
        try:
            _apply(job.kind, job.account, target)
        except ApiError as error:
            results.append({"line": handle, "outcome": f"failed: {error.message or 'not allowed'}"})
            continue
        results.append({"line": handle, "outcome": OUTCOMES[job.kind]})
    job.results, job.state, job.finished_at = results, "done", timezone.now()
    job.save(update_fields=["results", "state", "finished_at"])
    return job


def job_json(job: ImportJob) -> dict:
    return {"id": str(job.id), "type": job.kind, "state": job.state, "results": job.results,
            "inserted_at": job.created_at.isoformat().replace("+00:00", "Z"),
            "finished_at": job.finished_at.isoformat().replace("+00:00", "Z") if job.finished_at else None}
