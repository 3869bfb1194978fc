"""Generate the benchmark's data set, through the project's own services where they are
fast enough, and bulk inserts shaped exactly like their rows where they are not.

    DATABASE_URL=... REDIS_URL=... CELERY_TASK_ALWAYS_EAGER=1 python bench/seed.py --profile full OUT.json

Bulk (what the services would write, many thousands at once): accounts + users (one
password hash shared by all, since hashing is deliberately slow), the follow graph (Follow
rows and the followers/following counters), access tokens. Through the services (so feeds,
notifications, counters, polls, media and mentions are what the server itself produces):
statuses (with media, polls, hashtags, mentions), replies and a 200-post thread, boosts,
favourites, follows of the reader, a list. Background tasks run eagerly in this process, so
the fan-out fills the home and list feeds in Redis as the workers would.

Writes a JSON file with the ids and tokens the benchmark needs.
"""
import argparse
import io
import json
import os
import random
import secrets
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fedi.settings")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "1")
os.environ.setdefault("PREVIEW_CARDS_ENABLED", "false")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402
from oauth2_provider.models import get_access_token_model  # noqa: E402

from accounts.models import Account, User  # noqa: E402
from oauth.services import create_application  # noqa: E402
from relationships.models import Follow  # noqa: E402
from relationships.services import follow  # noqa: E402
from statuses.models import Status  # noqa: E402
from statuses.services.interactions import favourite, reblog  # noqa: E402
from statuses.services.posting import post_status  # noqa: E402

PROFILES = {
    # accounts: every account (all local, all active); celebrity_followers: of those, how
    # many follow the celebrity; authors x per_author: the reader's followed statuses.
    "full": dict(accounts=10_050, celebrity_followers=10_000, popular=3, popular_followers=2_000,
                 authors=50, per_author=20, thread=200, notifications=300, media=20, polls=20,
                 stream_users=1_000),
    "quick": dict(accounts=1_200, celebrity_followers=1_000, popular=2, popular_followers=300,
                  authors=20, per_author=10, thread=200, notifications=100, media=5, polls=5,
                  stream_users=200),
    # The embedded default's memory run (SQLite): small, the same shapes.
    "tiny": dict(accounts=100, celebrity_followers=50, popular=1, popular_followers=20, authors=5, per_author=6,
                 thread=50, notifications=20, media=2, polls=2, stream_users=10),
}
PASSWORD = "bench-password-1"
SCOPES = "read write follow push"
WORDS = ("river mountain coffee garden python django music winter summer harbour lantern meadow orbit "
         "pixel quartz saffron thunder velvet willow zephyr amber bridge canyon delta ember falcon").split()


def log(*parts):
    print("[seed]", *parts, flush=True)


def sentence(rng, n=12):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def png_bytes(rng):
    from PIL import Image

    image = Image.new("RGB", (320, 240), (rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    for x in range(0, 320, 16):
        for y in range(0, 240, 16):
            image.putpixel((x, y), (rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def bulk_users(count, prefix, password_hash, now):
    """`count` local, confirmed, active users (as accounts.services.users.create_local_user
    makes them), in bulk."""
    accounts = [Account(username=f"{prefix}{index}", domain=None, display_name=f"Bench {prefix} {index}",
                        indexable=True, discoverable=True)
                for index in range(count)]
    Account.objects.bulk_create(accounts, batch_size=2000)
    users = [User(email=f"{account.username}@bench.example", account=account, password=password_hash,
                  locale="en", approved=True, confirmed_at=now, current_sign_in_at=now)
             for account in accounts]
    User.objects.bulk_create(users, batch_size=2000)
    return accounts


def bulk_follows(pairs):
    """Follow rows for (follower, followed) pairs, and the counters FollowService keeps."""
    Follow.objects.bulk_create([Follow(account_id=a, target_account_id=b) for a, b in pairs],
                               batch_size=5000, ignore_conflicts=True)


def fix_counters():
    with connection.cursor() as cursor:
        table = Account._meta.db_table
        follow_table = Follow._meta.db_table
        cursor.execute(f"UPDATE {table} SET followers_count = (SELECT COUNT(*) FROM {follow_table} f "
                       f"WHERE f.target_account_id = {table}.id), following_count = (SELECT COUNT(*) FROM "
                       f"{follow_table} f WHERE f.account_id = {table}.id)")


def make_tokens(users, app, now):
    model = get_access_token_model()
    raws = [secrets.token_urlsafe(32) for _ in users]
    model.objects.bulk_create([model(user=user, application=app, token=raw, scope=SCOPES,
                                     expires=now + timedelta(days=3650)) for user, raw in zip(users, raws)],
                              batch_size=2000)
    return raws


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--profile", choices=sorted(PROFILES), default="full")
    parser.add_argument("out")
    args = parser.parse_args()
    p = PROFILES[args.profile]
    rng = random.Random(11)
    now = timezone.now()
    started = time.monotonic()
    password_hash = make_password(PASSWORD)
    app, _secret = create_application("bench", "urn:ietf:wg:oauth:2.0:oob", SCOPES)

    # --- Accounts: named roles first, then the crowd -------------------------------------
    named = bulk_users(1, "reader", password_hash, now) + bulk_users(1, "poster", password_hash, now) \
        + bulk_users(1, "celebrity", password_hash, now) + bulk_users(1, "small", password_hash, now)
    reader, poster, celebrity, small = named
    authors = bulk_users(p["authors"], "author", password_hash, now)
    popular = bulk_users(p["popular"], "popular", password_hash, now)
    crowd_count = p["accounts"] - len(named) - len(authors) - len(popular)
    crowd = bulk_users(crowd_count, "user", password_hash, now)
    log(f"{Account.objects.count()} accounts in {time.monotonic() - started:.1f}s")

    # --- Follow graph: a celebrity, a few popular accounts, small circles ----------------
    pairs = [(account.id, celebrity.id) for account in crowd[:p["celebrity_followers"]]]
    for account in popular:
        pairs += [(follower.id, account.id) for follower in rng.sample(crowd, min(p["popular_followers"], len(crowd)))]
    for account in crowd:  # everyone follows a handful of others
        pairs += [(account.id, other.id) for other in rng.sample(crowd, 3) if other.id != account.id]
    small_followers = crowd[:5]
    pairs += [(follower.id, small.id) for follower in small_followers]
    for author in authors:  # a few crowd followers each, so their posts fan out a little
        pairs += [(follower.id, author.id) for follower in rng.sample(crowd, 5)]
    bulk_follows(pairs)
    fix_counters()
    log(f"{Follow.objects.count()} follows in {time.monotonic() - started:.1f}s")

    # The reader's follows go through the service (merges into the home feed, notifications).
    for target in authors + popular + [celebrity]:
        follow(Account.objects.get(pk=reader.id), target)
    for author in authors[:10]:
        follow(Account.objects.get(pk=author.id), reader)  # so the reader has follow notifications

    from feeds.lists import add_accounts, create_list

    reader_account = Account.objects.get(pk=reader.id)
    bench_list = create_list(reader_account, "bench authors")
    add_accounts(bench_list, [author.id for author in authors[: max(5, len(authors) // 3)]])

    # --- Media, polls, hashtags, mentions: the authors' statuses -------------------------
    from media_attachments.services import create_media

    media_ids = []
    for index in range(p["media"]):
        author = Account.objects.get(pk=authors[index % len(authors)].id)
        upload = SimpleUploadedFile(f"bench{index}.png", png_bytes(rng), content_type="image/png")
        media_ids.append((author.id, create_media(author, upload, description=f"picture {index}").id))
    media_by_author = {}
    for author_id, media_id in media_ids:
        media_by_author.setdefault(author_id, []).append(media_id)

    author_objects = [Account.objects.get(pk=author.id) for author in authors]
    polls_left = p["polls"]
    statuses = []
    for round_index in range(p["per_author"]):
        for author in author_objects:
            text = sentence(rng)
            kwargs = {}
            if round_index % 4 == 0:
                text += " #bench"
            if round_index % 5 == 1:
                text += f" @{rng.choice(crowd).username} @reader"
            if media_by_author.get(author.id):
                kwargs["media_ids"] = [media_by_author[author.id].pop()]
            elif polls_left > 0 and round_index % 3 == 2:
                polls_left -= 1
                kwargs["poll"] = {"options": ["yes", "no", "maybe"], "expires_in": 86400}
            statuses.append(post_status(author, text=text, visibility="public", **kwargs))
    log(f"{len(statuses)} author statuses in {time.monotonic() - started:.1f}s")

    # Replies among the authors, boosts and favourites of each other's statuses.
    for status in rng.sample(statuses, len(statuses) // 10):
        replier = rng.choice(author_objects)
        post_status(replier, text="@" + status.account.username + " " + sentence(rng, 6), visibility="public",
                    in_reply_to_id=status.id)
    for status in rng.sample(statuses, len(statuses) // 10):
        booster = rng.choice(author_objects)
        if booster.id != status.account_id:
            reblog(booster, status)
    for status in rng.sample(statuses, len(statuses) // 5):
        favourite(rng.choice(author_objects), status)

    # --- The reader's own statuses, and notifications about them -------------------------
    own = [post_status(reader_account, text=sentence(rng) + " #bench", visibility="public") for _ in range(20)]
    crowd_objects = [Account.objects.get(pk=account.id) for account in rng.sample(crowd, 60)]
    made = 0
    while made < p["notifications"]:
        actor = rng.choice(crowd_objects + author_objects)
        kind = made % 4
        target = rng.choice(own)
        if kind == 0:
            favourite(actor, target)
        elif kind == 1:
            reblog(actor, target)
        elif kind == 2:
            post_status(actor, text="@reader " + sentence(rng, 5), visibility="public", in_reply_to_id=target.id)
        else:
            post_status(actor, text="hello @reader " + sentence(rng, 5), visibility="public")
        made += 1
    log(f"notifications done in {time.monotonic() - started:.1f}s")

    # --- A 200-post thread -----------------------------------------------------------------
    root = post_status(author_objects[0], text="A long thread: " + sentence(rng), visibility="public")
    thread = [root]
    while len(thread) < p["thread"]:
        parent = rng.choice(thread[-20:])
        replier = rng.choice(author_objects[:10])
        thread.append(post_status(replier, text=f"@{parent.account.username} " + sentence(rng, 8),
                                  visibility="public", in_reply_to_id=parent.id))
    log(f"thread of {len(thread)} in {time.monotonic() - started:.1f}s")

    # --- Tokens ------------------------------------------------------------------------------
    named_users = list(User.objects.filter(account_id__in=[reader.id, poster.id, celebrity.id, small.id])
                       .select_related("account"))
    raws = dict(zip([user.account.username for user in named_users], make_tokens(named_users, app, now)))
    stream_users = list(User.objects.filter(account_id__in=[a.id for a in crowd[:p["stream_users"]]])
                        .order_by("account_id"))
    stream_tokens = make_tokens(stream_users, app, now)
    # Every stream user follows the poster, so the poster's posts reach all their user streams.
    bulk_follows([(user.account_id, poster.id) for user in stream_users])
    fix_counters()

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
    sample_status = statuses[len(statuses) // 2]
    data = {
        "profile": args.profile,
        "tokens": raws,
        "stream_tokens": stream_tokens,
        "account_ids": {"reader": reader.id, "poster": poster.id, "celebrity": celebrity.id, "small": small.id,
                        "author0": authors[0].id},
        "celebrity_follower_ids": [account.id for account in crowd[:p["celebrity_followers"]]],
        "small_follower_ids": [account.id for account in small_followers],
        "status_id": sample_status.id,
        "thread_root_id": root.id,
        "thread_mid_id": thread[len(thread) // 2].id,
        "list_id": bench_list.id,
        "counts": {"accounts": Account.objects.count(), "follows": Follow.objects.count(),
                   "statuses": Status.objects.count()},
        "seconds": round(time.monotonic() - started, 1),
    }
    Path(args.out).write_text(json.dumps(data))
    log(f"done: {data['counts']} in {data['seconds']}s")


if __name__ == "__main__":
    main()
