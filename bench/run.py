"""`make bench` / `make bench-quick`: the production set-up on loopback, measured.

Starts, each on a free port: a private redis-server, a PostgreSQL database of its own
(BENCH_DATABASE_URL's server, databases named fedi_bench*), `make worker` (Celery, 2
processes) and `make run WEB_CONCURRENCY=2`, exactly as the README runs production; and
the ceiling app (bench/ceiling.py: one Django view returning a small JSON object) under
gunicorn's sync workers and under the server `make run` uses, 2 workers each.

The machine may be busy (shared cores), so every row's figures are set against ceilings
measured right before that row: the ratios are what to compare between runs, the
absolute figures are this machine at that moment.

Writes bench/results/<stamp>-<profile>.{md,json,png} and bench/results/latest-<profile>.md.
"""
import argparse
import asyncio
import hashlib
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
RESULTS = BENCH / "results"
CACHE = BENCH / ".cache"
PY = str(ROOT / ".venv" / "bin" / "python")
VENV_BIN = ROOT / ".venv" / "bin"

PROFILES = {
    # seconds per row, per ceiling, wrk threads/connections, fan-out and streaming sizes
    "full": dict(seed="full", duration=10, ceiling=4, threads=2, connections=16, stream_clients=1000,
                 idle_connections=5000, stream_posts=5, media=10, embedded_duration=5),
    "quick": dict(seed="quick", duration=3, ceiling=1, threads=2, connections=16, stream_clients=200,
                  idle_connections=1000, stream_posts=2, media=3, embedded_duration=2),
}


def log(*parts):
    print("[bench]", *parts, flush=True)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_http(url, timeout=90, process=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{url}: the server exited ({process.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer in {timeout}s")


def tree_pids(pid):
    """pid and all its descendants (from /proc)."""
    children = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    result, stack = [], [pid]
    while stack:
        current = stack.pop()
        result.append(current)
        stack += children.get(current, [])
    return result


def rss_mb(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


_TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids):
    """User + system CPU seconds the processes used so far (from /proc)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return total / _TICK


def comm(pid):
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def cmdline(pid):
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


class Processes:
    """Everything the benchmark starts, each in its own process group, stopped at exit."""

    def __init__(self, logdir):
        self.logdir = logdir
        self.started = []

    def start(self, name, args, env=None, cwd=ROOT):
        out = open(self.logdir / f"{name}.log", "wb")
        process = subprocess.Popen(args, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        self.started.append((name, process))
        return process

    def stop(self, process, timeout=10):
        if process.poll() is not None:
            return
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.wait()

    def stop_all(self):
        for _name, process in reversed(self.started):
            self.stop(process)


# --- Load generation ---------------------------------------------------------------------

WRK = shutil.which("wrk")


def _ms(text):
    match = re.match(r"([\d.]+)(us|ms|s|m)", text)
    value, unit = float(match.group(1)), match.group(2)
    return value * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def load(url, *, duration, threads=2, connections=16, headers=(), method="GET", body="", content_type=None):
    """{req_per_s, p50_ms, p99_ms, requests, errors} of `url` under load."""
    headers = list(headers)
    if content_type:
        headers.append(f"Content-Type: {content_type}")
    if WRK:
        args = [WRK, "-t", str(threads), "-c", str(connections), "-d", f"{duration}s", "--latency", "--timeout", "30s"]
        for header in headers:
            args += ["-H", header]
        script = None
        if method != "GET":
            script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
            script.write(f"wrk.method = {json.dumps(method)}\nwrk.body = {json.dumps(body)}\n")
            script.close()
            args += ["-s", script.name]
        output = subprocess.run(args + [url], capture_output=True, text=True).stdout
        if script:
            os.unlink(script.name)
        result = {"requests": 0, "errors": 0, "req_per_s": 0.0, "p50_ms": None, "p99_ms": None}
        for line in output.splitlines():
            line = line.strip()
            if line.startswith("Requests/sec:"):
                result["req_per_s"] = float(line.split()[1])
            elif re.match(r"^50%\s", line):
                result["p50_ms"] = round(_ms(line.split()[1]), 2)
            elif re.match(r"^99%\s", line):
                result["p99_ms"] = round(_ms(line.split()[1]), 2)
            elif "requests in" in line:
                result["requests"] = int(line.split()[0])
            elif line.startswith("Non-2xx or 3xx responses:"):
                result["errors"] = int(line.split(":")[1])
            elif line.startswith("Socket errors:"):
                result["errors"] += sum(int(n) for n in re.findall(r"\d+", line))
        return result
    args = [PY, str(BENCH / "loadgen.py"), url, "--connections", str(connections), "--duration", str(duration),
            "--method", method, "--body", body]
    for header in headers:
        args += ["-H", header]
    return json.loads(subprocess.run(args, capture_output=True, text=True, check=True).stdout)


# --- HTTP helpers --------------------------------------------------------------------------

def request(base, path, token=None, *, method="GET", data=None, files=None, timeout=60):
    headers = {}
    body = None
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if files:
        boundary = "benchboundary" + os.urandom(8).hex()
        parts = []
        for name, (filename, content, ctype) in files.items():
            parts.append(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\n"
                         f"Content-Type: {ctype}\r\n\r\n".encode() + content + b"\r\n")
        for name, value in (data or {}).items():
            parts.append(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n".encode())
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
    elif data is not None:
        body = json.dumps(data).encode()
        headers["Content-Type"] = "application/json"
    req = urllib.request.Request(base + path, data=body, headers=headers, method=method)
    with urllib.request.urlopen(req, timeout=timeout) as response:
        return response.status, json.loads(response.read() or b"null")


# --- The stack -------------------------------------------------------------------------------

def seed_key(profile):
    digest = hashlib.sha1()
    digest.update((BENCH / "seed.py").read_bytes())
    digest.update(profile.encode())
    for migration in sorted(ROOT.glob("*/migrations/0*.py")):
        digest.update(str(migration.relative_to(ROOT)).encode())
        digest.update(migration.read_bytes())
    return digest.hexdigest()[:10]


def pg_admin(base_url, *statements):
    import psycopg

    with psycopg.connect(re.sub(r"/[^/]*$", "/postgres", base_url), autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


def db_exists(base_url, name):
    import psycopg

    with psycopg.connect(re.sub(r"/[^/]*$", "/postgres", base_url), autocommit=True) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


class Stack:
    def __init__(self, procs, profile, workdir, db_base):
        self.procs, self.profile, self.workdir = procs, profile, workdir
        self.db_base = db_base
        self.key = seed_key(profile)
        # Named after BENCH_DATABASE_URL's database (fedi_bench by default), so benches
        # given different names (one per worktree) never share or drop each other's template.
        prefix = re.sub(r"[^a-z0-9_]", "_", db_base.rsplit("/", 1)[-1].split("?")[0].lower()) or "fedi_bench"
        self.db_name = f"{prefix}_run_{os.getpid()}"  # two runs at once do not collide
        self.template = f"{prefix}_tpl_{profile}_{self.key}"
        self.redis_port = free_port()
        self.web_port = free_port()
        self.media_root = CACHE / f"media-{profile}-{self.key}"
        self.env = dict(os.environ)
        for name in ("DATA_DIR", "LOCAL_DOMAIN", "WEB_DOMAIN"):
            self.env.pop(name, None)
        self.env.update({
            "DATABASE_URL": re.sub(r"/[^/]*$", f"/{self.db_name}", db_base),
            "REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "SECRET_KEY": "bench-secret-key-not-for-production",
            "RATE_LIMITS_ENABLED": "false",
            "PREVIEW_CARDS_ENABLED": "false",
            "MEDIA_ROOT": str(self.media_root),
            "LOG_LEVEL": "WARNING",
            "PORT": str(self.web_port), "HOST": "127.0.0.1",
        })
        self.base = f"http://127.0.0.1:{self.web_port}"
        self.web = self.worker = self.redis = None

    def start_redis(self, rdb=None):
        rdir = self.workdir / "redis"
        rdir.mkdir(exist_ok=True)
        if rdb is not None:
            shutil.copy(rdb, rdir / "dump.rdb")
        self.redis = self.procs.start("redis", ["redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1",
                                                "--dir", str(rdir), "--dbfilename", "dump.rdb", "--save", "",
                                                "--appendonly", "no", "--maxclients", "20000"])
        import redis

        self.r = redis.Redis(port=self.redis_port)
        for _ in range(100):
            try:
                self.r.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.1)
        while self.r.info("persistence").get("loading"):
            time.sleep(0.1)

    def prepare(self):
        """The seeded database and Redis: from the cache (a template database and a Redis
        snapshot) when this seed was made before, else seeded now and cached."""
        CACHE.mkdir(exist_ok=True)
        rdb = CACHE / f"redis-{self.profile}-{self.key}.rdb"
        info = CACHE / f"seed-{self.profile}-{self.key}.json"
        pg_admin(self.db_base, f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)')
        if rdb.exists() and info.exists() and db_exists(self.db_base, self.template):
            log(f"seed {self.profile}/{self.key}: from the cache")
            pg_admin(self.db_base, f'CREATE DATABASE "{self.db_name}" TEMPLATE "{self.template}"')
            self.start_redis(rdb)
            return json.loads(info.read_text())
        log(f"seed {self.profile}/{self.key}: generating (cached for later runs)")
        self.start_redis()
        pg_admin(self.db_base, f'CREATE DATABASE "{self.db_name}"')
        env = dict(self.env, CELERY_TASK_ALWAYS_EAGER="1")
        subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
        started = time.monotonic()
        subprocess.run([PY, str(BENCH / "seed.py"), "--profile", self.profile, str(info)], cwd=ROOT, env=env,
                       check=True, stdout=open(self.workdir / "seed.log", "wb"), stderr=subprocess.STDOUT)
        log(f"seeded in {time.monotonic() - started:.0f}s")
        self.r.save()
        shutil.copy(self.workdir / "redis" / "dump.rdb", rdb)
        for old in CACHE.glob(f"redis-{self.profile}-*.rdb"):
            if old != rdb:
                old.unlink()
        pg_admin(self.db_base, f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)',
                 f'CREATE DATABASE "{self.template}" TEMPLATE "{self.db_name}"')
        return json.loads(info.read_text())

    def start_servers(self):
        env = dict(self.env)
        self.worker = self.procs.start("worker", ["make", "--no-print-directory", "worker"], env=env)
        self.web = self.procs.start("web", ["make", "--no-print-directory", "run", "WEB_CONCURRENCY=2",
                                            f"PORT={self.web_port}", "HOST=127.0.0.1"], env=env)
        wait_http(self.base + "/api/v1/instance", timeout=180, process=self.web)
        # The worker is up when it answers a ping.
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            out = subprocess.run([str(VENV_BIN / "celery"), "-A", "fedi", "inspect", "ping", "-t", "2"], cwd=ROOT,
                                 env=env, capture_output=True, text=True)
            if "pong" in out.stdout:
                break
            time.sleep(1)

    def web_workers(self):
        """The web server's worker processes (the children doing the serving)."""
        return server_workers(self.web.pid)


def server_workers(root_pid):
    """The processes serving requests under `make run`: the uvicorn/gunicorn supervisor's
    worker children, or the server process itself when it has none."""
    pids = tree_pids(root_pid)
    supervisor = next((pid for pid in pids if ("uvicorn" in cmdline(pid) or "gunicorn" in cmdline(pid))
                       and comm(pid) not in ("sh", "bash", "dash", "make")), None)
    if supervisor is None:
        return []
    children = [pid for pid in tree_pids(supervisor)[1:] if "resource_tracker" not in cmdline(pid)]
    return children or [supervisor]


def ceiling_servers(procs):
    """The trivial app under gunicorn sync workers and under the project's server: their
    URLs and root processes."""
    g_port, a_port = free_port(), free_port()
    env = dict(os.environ)
    gunicorn = procs.start("ceiling-gunicorn", [str(VENV_BIN / "gunicorn"), "--chdir", str(BENCH), "-w", "2",
                                                "-b", f"127.0.0.1:{g_port}", "--log-level", "warning",
                                                "ceiling:wsgi"], env=env)
    asgi = procs.start("ceiling-asgi", project_server_command("ceiling:asgi", a_port, app_dir=str(BENCH)), env=env)
    wait_http(f"http://127.0.0.1:{g_port}/", process=gunicorn)
    wait_http(f"http://127.0.0.1:{a_port}/", process=asgi)
    return (f"http://127.0.0.1:{g_port}/", gunicorn.pid), (f"http://127.0.0.1:{a_port}/", asgi.pid)


def measured(url, pid, **options):
    """load() plus the CPU time the server's workers spent per request (ms): unlike the
    throughput, it hardly depends on what else the machine is running."""
    workers = server_workers(pid)
    before = cpu_seconds(workers)
    result = load(url, **options)
    spent = cpu_seconds(workers) - before
    result["cpu_ms"] = round(spent * 1000 / result["requests"], 2) if result["requests"] else None
    return result


def project_server_command(app, port, app_dir):
    """How `make run` serves (kept in step with the Makefile's run target)."""
    makefile = (ROOT / "Makefile").read_text()
    if "gunicorn" in makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]:
        return [str(VENV_BIN / "gunicorn"), "--chdir", app_dir, "-w", "2", "-k", "uvicorn.workers.UvicornWorker",
                "-b", f"127.0.0.1:{port}", "--log-level", "warning", app]
    return [str(VENV_BIN / "uvicorn"), "--app-dir", app_dir, app, "--host", "127.0.0.1", "--port", str(port),
            "--workers", "2", "--log-level", "warning"]


def project_server_name():
    makefile = (ROOT / "Makefile").read_text()
    run = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    name = "gunicorn + uvicorn workers" if "gunicorn" in run else "uvicorn"
    if "a2wsgi" in (ROOT / "fedi" / "asgi.py").read_text():
        name += ", sync views on a thread pool"
    return name


# --- Measurements -----------------------------------------------------------------------------

def http_rows(p, stack, seed, ceil_g, ceil_a):
    reader = seed["tokens"]["reader0"]
    small = seed["tokens"]["small0"]
    ids = seed["account_ids"]
    rows = [
        ("verify_credentials", "/api/v1/accounts/verify_credentials", {}),
        ("a status", f"/api/v1/statuses/{seed['status_id']}", {}),
        ("home, limit 40", "/api/v1/timelines/home?limit=40", {}),
        ("home, limit 20, one client", "/api/v1/timelines/home?limit=20", {"threads": 1, "connections": 1}),
        ("public, limit 40", "/api/v1/timelines/public?limit=40", {}),
        ("tag, limit 40", "/api/v1/timelines/tag/bench?limit=40", {}),
        ("list, limit 40", f"/api/v1/timelines/list/{seed['list_id']}?limit=40", {}),
        ("account statuses, limit 40", f"/api/v1/accounts/{ids['author0']}/statuses?limit=40", {}),
        ("context of a 200-post thread", f"/api/v1/statuses/{seed['thread_root_id']}/context", {}),
        ("notifications v1, limit 40", "/api/v1/notifications?limit=40", {}),
        ("notifications v2 grouped, limit 40", "/api/v2/notifications?limit=40", {}),
        ("search", "/api/v2/search?q=lantern&limit=20", {}),
        ("post a status", "/api/v1/statuses", {"method": "POST", "body": "status=benchmark+post+%23benchpost",
                                               "content_type": "application/x-www-form-urlencoded",
                                               "token": small}),
    ]
    results = []
    for name, path, options in rows:
        threads = options.get("threads", p["threads"])
        connections = options.get("connections", p["connections"])
        # Ceilings right before the row, with the same client settings: the ratios hold
        # even when the machine's load changes between rows.
        g = measured(*ceil_g, duration=p["ceiling"], threads=threads, connections=connections)
        a = measured(*ceil_a, duration=p["ceiling"], threads=threads, connections=connections)
        token = options.get("token", reader)
        r = measured(stack.base + path, stack.web.pid, duration=p["duration"], threads=threads,
                     connections=connections, headers=[f"Authorization: Bearer {token}"],
                     method=options.get("method", "GET"), body=options.get("body", ""),
                     content_type=options.get("content_type"))
        row = {"name": name, "path": path, "connections": connections, **r,
               "ceiling_gunicorn": g["req_per_s"], "ceiling_gunicorn_p50_ms": g["p50_ms"],
               "ceiling_server": a["req_per_s"], "ceiling_gunicorn_cpu_ms": g["cpu_ms"],
               "ceiling_server_cpu_ms": a["cpu_ms"],
               "cpu_share_gunicorn": (g["cpu_ms"] / r["cpu_ms"]) if g["cpu_ms"] and r["cpu_ms"] else None,
               "share_gunicorn": r["req_per_s"] / g["req_per_s"] if g["req_per_s"] else None,
               "share_server": r["req_per_s"] / a["req_per_s"] if a["req_per_s"] else None}
        log(f"{name}: {r['req_per_s']:.0f} req/s p50 {r['p50_ms']} ms p99 {r['p99_ms']} ms errors {r['errors']}"
            f" cpu {r['cpu_ms']} ms/req | ceilings {g['req_per_s']:.0f} / {a['req_per_s']:.0f} req/s,"
            f" cpu {g['cpu_ms']} / {a['cpu_ms']} ms/req")
        results.append(row)
    return results


def _feed_key(kind, feed_id):
    return f"fedi:feed:{kind}:{int(feed_id)}"


def wait_in_feeds(r, status_id, feed_ids, timeout):
    """Seconds until every one of these home feeds holds the status (None: timed out)."""
    member = f"{int(status_id):020d}"
    waiting = list(feed_ids)
    started = time.monotonic()
    while waiting and time.monotonic() - started < timeout:
        pipe = r.pipeline(transaction=False)
        for feed_id in waiting:
            pipe.zscore(_feed_key("home", feed_id), member)
        waiting = [feed_id for feed_id, score in zip(waiting, pipe.execute()) if score is None]
        if waiting:
            time.sleep(0.005)
    return None if waiting else time.monotonic() - started


def fan_out(stack, seed):
    """A celebrity's post reaching every active follower's home feed, and meanwhile a small
    account's post reaching its few followers."""
    followers = seed["celebrity_follower_ids"]
    # The rows before (posting statuses under load) leave the workers a backlog of
    # distributions: a probe post reaching its followers says the queue is empty again.
    _status, probe = request(stack.base, "/api/v1/statuses", seed["tokens"]["small0"], method="POST",
                             data={"status": "a probe"})
    drained = wait_in_feeds(stack.r, probe["id"], seed["small_follower_ids"], 300)
    log(f"fan-out: the workers' queue drained in {drained:.1f} s" if drained is not None else
        "fan-out: the workers' queue did not drain in 300 s")
    time.sleep(1)
    started = time.monotonic()
    _status, body = request(stack.base, "/api/v1/statuses", seed["tokens"]["celebrity0"], method="POST",
                            data={"status": "a post for everyone"})
    posted = time.monotonic()
    _status, small_body = request(stack.base, "/api/v1/statuses", seed["tokens"]["small0"], method="POST",
                                  data={"status": "a post for a few"})
    small_posted = time.monotonic()
    small = wait_in_feeds(stack.r, small_body["id"], seed["small_follower_ids"], 60)
    small_total = None if small is None else (time.monotonic() - small_posted)
    big = wait_in_feeds(stack.r, body["id"], followers, 300)
    total = None if big is None else (time.monotonic() - posted)
    log(f"fan-out to {len(followers)}: {total} s after the response ({posted - started:.3f}s to post);"
        f" the small account's post meanwhile: {small_total}")
    return {"followers": len(followers), "seconds": total, "small_seconds": small_total}


async def _stream_clients(base, tokens, stream, on_event, ready):
    import websockets

    url = base.replace("http://", "ws://") + "/api/v1/streaming"
    connections = []

    async def one(token):
        ws = await websockets.connect(f"{url}?stream={stream}&access_token={token}", open_timeout=60,
                                      max_size=None, ping_interval=None)
        connections.append(ws)
        return ws

    semaphore = asyncio.Semaphore(100)

    async def guarded(token):
        async with semaphore:
            return await one(token)

    sockets = await asyncio.gather(*[guarded(token) for token in tokens], return_exceptions=True)
    opened = [ws for ws in sockets if not isinstance(ws, BaseException)]
    failures = [ws for ws in sockets if isinstance(ws, BaseException)]

    async def reader(ws):
        try:
            async for raw in ws:
                on_event(raw, time.monotonic())
        except Exception:
            pass

    readers = [asyncio.ensure_future(reader(ws)) for ws in opened] if on_event else []
    try:
        await ready(len(opened), len(failures))
    finally:
        for task in readers:
            task.cancel()
        await asyncio.gather(*[ws.close() for ws in opened], return_exceptions=True)


# The latency clients are spread over processes: one Python process reading a thousand
# sockets (each frame inflated, its JSON parsed twice) fell behind the server, and its own
# queue showed up as delivery latency.
STREAM_CLIENT_PROCESSES = 4


def _client_process(base, tokens, stream, reports, stop):
    """A child process: connect `tokens`' streams, report ("connected", opened, failed),
    record each `update`'s arrival until `stop` is set, then report ("arrived", [(status
    id, wall-clock time)])."""
    arrived = []

    def on_event(raw, _at):
        at = time.time()
        message = json.loads(raw)
        if message.get("event") == "update":
            arrived.append((json.loads(message["payload"]).get("id"), at))

    async def ready(opened, failures):
        reports.put(("connected", opened, failures))
        while not stop.is_set():
            await asyncio.sleep(0.05)

    asyncio.run(_stream_clients(base, tokens, stream, on_event, ready))
    reports.put(("arrived", arrived))


def _stream_clients_spread(base, tokens, stream, on_arrival, ready, processes=STREAM_CLIENT_PROCESSES):
    """_stream_clients over `processes` child processes; on_arrival(status id, time) for
    every `update` once ready() returns."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    reports, stop = context.Queue(), context.Event()
    shares = [tokens[index::processes] for index in range(processes)]
    children = [context.Process(target=_client_process, args=(base, share, stream, reports, stop), daemon=True)
                for share in shares if share]
    for child in children:
        child.start()
    opened = failures = 0
    try:
        for _ in children:
            _kind, ok, failed = reports.get(timeout=300)
            opened, failures = opened + ok, failures + failed
        asyncio.run(ready(opened, failures))
    finally:
        stop.set()
    for _ in children:
        kind, arrivals = reports.get(timeout=120)
        for status_id, at in arrivals:
            on_arrival(status_id, at)
    for child in children:
        child.join(timeout=30)


def streaming(p, stack, seed):
    """Delivery latency after commit with `stream_clients` connected user streams (each
    follows the poster): a small account's posts reaching its few (connected) followers,
    then the poster's posts reaching every connected client; and the web processes' memory
    with `idle_connections` idle connections."""
    tokens = seed["stream_tokens"][:p["stream_clients"]]
    arrived = {}    # status id -> wall-clock times its `update` reached a client
    created_at = {}  # status id -> its created_at (wall clock, set before the commit)

    def on_arrival(status_id, at):
        # Kept for every status: an event may well arrive before the POST's response does.
        arrived.setdefault(status_id, []).append(at)

    result = {}

    async def post(token, text):
        loop = asyncio.get_running_loop()
        _code, body = await loop.run_in_executor(None, lambda: request(
            stack.base, "/api/v1/statuses", token, method="POST", data={"status": text}))
        created_at[body["id"]] = datetime.fromisoformat(body["created_at"].replace("Z", "+00:00")).timestamp()
        return body["id"]

    def summary(ids, per_post):
        # From the status's created_at (before its commit): an upper bound of "after commit".
        latencies = sorted(max(0.0, at - created_at[status_id]) * 1000
                           for status_id in ids for at in arrived.get(status_id, []))
        return {"posts": len(ids), "deliveries": len(latencies), "expected": per_post * len(ids),
                "p50_ms": round(statistics.median(latencies), 1) if latencies else None,
                "p99_ms": round(latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))], 1)
                if latencies else None}

    async def ready(opened, failures):
        result["clients"], result["client_failures"] = opened, failures
        await asyncio.sleep(2)
        few = []
        for index in range(p["stream_posts"] * 2):
            few.append(await post(seed["tokens"]["small0"], f"to a few {index}"))
            await asyncio.sleep(1)
        await asyncio.sleep(1)
        everyone = []
        for index in range(p["stream_posts"]):
            everyone.append(await post(seed["tokens"]["poster0"], f"streamed {index}"))
            await asyncio.sleep(3 if p["stream_posts"] > 2 else 4)
        await asyncio.sleep(2)
        posted.update(few=few, everyone=everyone, opened=opened)

    posted = {}
    _stream_clients_spread(stack.base, tokens, "user", on_arrival, ready)
    # The clients report what reached them once the posts are done.
    connected_few = len(set(seed["small_follower_ids"]) & set(seed.get("stream_account_ids", [])))
    result["few"] = summary(posted["few"], connected_few or len(seed["small_follower_ids"]))
    result["everyone"] = summary(posted["everyone"], posted["opened"])
    log(f"streaming with {result.get('clients')} clients: {result}")

    # Idle connections: the web workers' memory before and after.
    workers = stack.web_workers()
    before = sum(rss_mb(pid) for pid in workers)
    memory = {}
    idle_tokens = (seed["stream_tokens"] * (p["idle_connections"] // len(seed["stream_tokens"]) + 1))[
        :p["idle_connections"]]

    async def measure(opened, failures):
        await asyncio.sleep(3)
        memory["connections"], memory["failures"] = opened, failures
        memory["after"] = sum(rss_mb(pid) for pid in stack.web_workers())

    asyncio.run(_stream_clients(stack.base, idle_tokens, "user", None, measure))
    added = memory.get("after", before) - before
    memory.update({"before": round(before, 1), "after": round(memory.get("after", before), 1),
                   "workers": len(workers), "added_mb": round(added, 1),
                   "added_per_5000_mb": round(added * 5000 / max(1, memory.get("connections", 1)), 1)})
    log(f"idle connections: {memory}")
    return result, memory


def media(p, stack, seed):
    from PIL import Image
    import io

    token = seed["tokens"]["small0"]
    timings = []
    for index in range(p["media"]):
        image = Image.new("RGB", (1280, 960), (index * 20 % 256, 80, 160))
        out = io.BytesIO()
        image.save(out, "JPEG", quality=85)
        started = time.monotonic()
        code, body = request(stack.base, "/api/v2/media", token, method="POST",
                             files={"file": (f"b{index}.jpg", out.getvalue(), "image/jpeg")})
        while code == 202 or body.get("url") is None:
            time.sleep(0.05)
            code, body = request(stack.base, f"/api/v1/media/{body['id']}", token)
        timings.append((time.monotonic() - started) * 1000)
    timings.sort()
    result = {"uploads": len(timings), "p50_ms": round(statistics.median(timings), 1),
              "max_ms": round(timings[-1], 1), "kind": "1280x960 JPEG"}
    log(f"media upload to ready: {result}")
    return result


def embedded(p, procs, workdir):
    """`make run` on the embedded default (SQLite, no Redis), seeded small, under the same
    requests: the largest RSS of its process tree."""
    data_dir = workdir / "embedded"
    data_dir.mkdir()
    port = free_port()
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "CELERY_BROKER_URL", "LOCAL_DOMAIN")}
    env.update({"DATA_DIR": str(data_dir), "RATE_LIMITS_ENABLED": "false", "PREVIEW_CARDS_ENABLED": "false",
                "LOG_LEVEL": "WARNING", "CELERY_TASK_ALWAYS_EAGER": "1"})
    cached = CACHE / f"embedded-{seed_key('tiny')}"
    if not (cached / "db.sqlite3").exists():
        shutil.rmtree(cached, ignore_errors=True)
        cached.mkdir(parents=True)
        e = dict(env, DATA_DIR=str(cached))
        subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=e, check=True)
        subprocess.run([PY, str(BENCH / "seed.py"), "--profile", "tiny", str(cached / "seed.json")], cwd=ROOT,
                       env=e, check=True, stdout=open(workdir / "seed-embedded.log", "wb"),
                       stderr=subprocess.STDOUT)
    for item in cached.iterdir():
        (shutil.copytree if item.is_dir() else shutil.copy)(item, data_dir / item.name)
    seed = json.loads((data_dir / "seed.json").read_text())
    web = procs.start("embedded", ["make", "--no-print-directory", "run", f"PORT={port}", "HOST=127.0.0.1"],
                      env=dict(env, PORT=str(port)))
    base = f"http://127.0.0.1:{port}"
    wait_http(base + "/api/v1/instance", timeout=180, process=web)
    token = seed["tokens"]["reader0"]
    peak = 0.0
    rows = []
    for name, path in [("verify_credentials", "/api/v1/accounts/verify_credentials"),
                       ("home, limit 40", "/api/v1/timelines/home?limit=40"),
                       ("public, limit 40", "/api/v1/timelines/public?limit=40"),
                       ("notifications, limit 40", "/api/v1/notifications?limit=40"),
                       ("context", f"/api/v1/statuses/{seed['thread_root_id']}/context")]:
        r = load(base + path, duration=p["embedded_duration"], headers=[f"Authorization: Bearer {token}"])
        # Everything `make run` runs (the server and any process of its own).
        serving = [pid for pid in tree_pids(web.pid) if "python" in cmdline(pid) or "uvicorn" in cmdline(pid)
                   or "gunicorn" in cmdline(pid)]
        peak = max(peak, sum(rss_mb(pid) for pid in serving))
        rows.append({"name": name, **r})
    procs.stop(web)
    result = {"rss_mb": round(peak, 1), "rows": rows}
    log(f"embedded default: {result}")
    return result


# --- Report ------------------------------------------------------------------------------------

def machine():
    cpu = ""
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = ""
    try:
        memory = f"{int(Path('/proc/meminfo').read_text().split()[1]) // 1024} MB"
    except (OSError, IndexError, ValueError):
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "memory": memory, "python": platform.python_version(),
            "system": platform.platform(), "load_average": [round(x, 2) for x in os.getloadavg()]}


def commit():
    def git(*args):
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = bool(git("status", "--porcelain", "--untracked-files=no"))
    return head + ("-dirty" if dirty else "")


def pct(value):
    return "" if value is None else f"{value * 100:.1f}%"


def report(data):
    lines = [f"# Benchmark ({data['profile']}), {data['when']}", "",
             f"- commit: `{data['commit']}`",
             f"- machine: {data['machine']['cpu']}, {data['machine']['cores']} cores, {data['machine']['memory']}; "
             f"load average at start {data['machine']['load_average']}, at end {data['load_end']}",
             f"- load generator: {data['loadgen']}; {data['settings']}",
             f"- server: `make run WEB_CONCURRENCY=2` ({data['server']}), `make worker` (Celery), PostgreSQL, "
             f"a private Redis; ceilings: bench/ceiling.py under gunicorn sync workers and under "
             f"{data['server']}, 2 workers each, measured right before each row",
             f"- data: {data['seed']['counts']}", "",
             "Shares: this row's req/s over the ceiling's measured just before it; *by CPU*: the ceiling's CPU "
             "time per request (gunicorn) over this row's (the web processes' user+system time), which "
             "hardly depends on the machine's other load.", "",
             "| request | req/s | p50 ms | p99 ms | errors | share of ceiling (gunicorn) | share of ceiling "
             f"({data['server']}) | share by CPU | CPU ms/req | ceiling req/s (gunicorn / {data['server']}) "
             "| ceiling CPU ms/req (gunicorn / ASGI) |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for row in data["http"]:
        lines.append(f"| {row['name']} | {row['req_per_s']:.0f} | {row['p50_ms']} | {row['p99_ms']} | {row['errors']} | "
                     f"{pct(row['share_gunicorn'])} | {pct(row['share_server'])} | {pct(row.get('cpu_share_gunicorn'))} | "
                     f"{row.get('cpu_ms')} | {row['ceiling_gunicorn']:.0f} / {row['ceiling_server']:.0f} | "
                     f"{row.get('ceiling_gunicorn_cpu_ms')} / {row.get('ceiling_server_cpu_ms')} |")
    lines.append("")
    f = data.get("fanout")
    if f:
        lines.append(f"- fan-out of one post to {f['followers']} active followers, until the last home feed holds "
                     f"it: **{f['seconds'] if f['seconds'] is None else round(f['seconds'], 2)} s**; a small "
                     f"account's post meanwhile reached its followers in "
                     f"{f['small_seconds'] if f['small_seconds'] is None else round(f['small_seconds'] * 1000)} ms")
    s = data.get("streaming")
    if s:
        few, everyone = s["few"], s["everyone"]
        lines.append(f"- streaming, {s['clients']} connected user streams ({s['client_failures']} failed to "
                     f"connect), latency after commit: a small account's {few['posts']} posts to its connected "
                     f"followers ({few['deliveries']}/{few['expected']} delivered) p50 **{few['p50_ms']} ms**, "
                     f"p99 **{few['p99_ms']} ms**; {everyone['posts']} posts to every connected client "
                     f"({everyone['deliveries']}/{everyone['expected']} delivered) p50 **{everyone['p50_ms']} ms**, "
                     f"p99 **{everyone['p99_ms']} ms**")
    m = data.get("memory")
    if m:
        lines.append(f"- {m['connections']} idle WebSocket connections ({m['failures']} failed): the "
                     f"{m['workers']} web processes went from {m['before']} to {m['after']} MB, "
                     f"**{m['added_per_5000_mb']} MB per 5,000 connections**")
    md = data.get("media")
    if md:
        lines.append(f"- media upload to ready ({md['kind']}, {md['uploads']} one after another): p50 "
                     f"**{md['p50_ms']} ms**, max {md['max_ms']} ms")
    e = data.get("embedded")
    if e:
        served = ", ".join(f"{row['name']} {row['req_per_s']:.0f} req/s" for row in e["rows"])
        lines.append(f"- the embedded default (`make run`, SQLite, no Redis): peak RSS **{e['rss_mb']} MB** "
                     f"serving {served}")
    lines.append("")
    return "\n".join(lines)


def plot(data, path):
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        log("matplotlib missing: no plot")
        return False
    rows = data["http"]
    names = [row["name"] for row in rows]
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(15, 7))
    ax1.barh(names, [row["req_per_s"] for row in rows], color="#4472c4")
    ax1.set_xlabel("requests per second")
    ax1.set_title(f"throughput (gunicorn ceiling ~{statistics.median(r['ceiling_gunicorn'] for r in rows):.0f} req/s)")
    ax1.invert_yaxis()
    y = range(len(rows))
    ax2.barh([i - 0.2 for i in y], [row["p50_ms"] or 0 for row in rows], height=0.4, label="p50", color="#70ad47")
    ax2.barh([i + 0.2 for i in y], [row["p99_ms"] or 0 for row in rows], height=0.4, label="p99", color="#ed7d31")
    ax2.set_yticks(list(y))
    ax2.set_yticklabels([])
    ax2.set_xscale("log")
    ax2.set_xlabel("latency, ms (log)")
    ax2.set_title("latency")
    ax2.invert_yaxis()
    ax2.legend()
    fig.suptitle(f"fedi benchmark ({data['profile']}) at {data['commit']}, {data['when']}")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    return True


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--profile", choices=sorted(PROFILES), default="full")
    parser.add_argument("--only", default="", help="comma-separated parts: http,fanout,streaming,media,embedded")
    args = parser.parse_args()
    p = PROFILES[args.profile]
    parts = set(args.only.split(",")) if args.only else {"http", "fanout", "streaming", "media", "embedded"}
    db_base = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/fedi_bench")
    RESULTS.mkdir(exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="fedi-bench-"))
    procs = Processes(workdir)
    log(f"logs in {workdir}; load generator: {'wrk' if WRK else 'python (bench/loadgen.py; wrk not found)'}")
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    data = {"profile": args.profile, "when": when, "commit": commit(), "machine": machine(),
            "loadgen": f"wrk ({WRK})" if WRK else "python bench/loadgen.py (wrk not installed: lower figures)",
            "settings": f"{p['threads']} threads, {p['connections']} connections, {p['duration']} s per row, "
                        f"{p['ceiling']} s per ceiling",
            "server": project_server_name()}
    stack = Stack(procs, p["seed"], workdir, db_base)
    try:
        seed = stack.prepare()
        data["seed"] = {"counts": seed["counts"]}
        stack.start_servers()
        ceil_g, ceil_a = ceiling_servers(procs)
        # Warm up: the first requests of each worker load code and open connections.
        for url, _pid in (ceil_g, ceil_a):
            load(url, duration=1)
        load(stack.base + "/api/v1/timelines/home?limit=40", duration=1,
             headers=[f"Authorization: Bearer {seed['tokens']['reader0']}"])
        data["http"] = http_rows(p, stack, seed, ceil_g, ceil_a) if "http" in parts else []
        if "fanout" in parts:
            time.sleep(2)  # the worker finishes the posts of the last row's fan-out
            data["fanout"] = fan_out(stack, seed)
        if "streaming" in parts:
            data["streaming"], data["memory"] = streaming(p, stack, seed)
        if "media" in parts:
            data["media"] = media(p, stack, seed)
        procs.stop_all()
        procs.started.clear()
        if "embedded" in parts:
            data["embedded"] = embedded(p, procs, workdir)
    finally:
        procs.stop_all()
        try:
            pg_admin(db_base, f'DROP DATABASE IF EXISTS "{stack.db_name}" WITH (FORCE)')
        except Exception as error:  # the report matters more than the clean-up
            log(f"could not drop {stack.db_name}: {error}")
    data["load_end"] = [round(x, 2) for x in os.getloadavg()]
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M")
    text = report(data) if data.get("http") is not None else ""
    out = RESULTS / f"{stamp}-{args.profile}"
    (out.with_suffix(".json")).write_text(json.dumps(data, indent=1))
    if data.get("http"):
        if plot(data, out.with_suffix(".png")):
            text += f"\n![latency and throughput]({out.with_suffix('.png').name})\n"
    out.with_suffix(".md").write_text(text)
    (RESULTS / f"latest-{args.profile}.md").write_text(text)
    print()
    print(text)
    log(f"written: {out}.md, .json, .png")


if __name__ == "__main__":
    main()
