"""The system suite: each set-up of the README started as real processes from this
checkout, on free local ports, and driven over real sockets with real clients.

- `embedded`: `make run` on the embedded default (SQLite in a DATA_DIR of its own, the
  in-memory channel layer, periodic jobs in the web process).
- `production`: a private `redis-server` (so a test may kill and restart it), a PostgreSQL
  database of its own, `make worker` (Celery worker + beat) and `make run WEB_CONCURRENCY=2`
  with DATABASE_URL, REDIS_URL and SECRET_KEY set.

Both start once per session, concurrently, the first time a test asks for one; every
process group they start is killed at the end, failed or not. `deployment` is either
(parametrized); `deployment.user("name")` makes a confirmed account and returns a
Mastodon.py client signed in with the password grant. Figures the tests measure go to
`record(...)` and are printed at the end of the session (and written to
data/system-figures.txt).

Run with `make test-system` (the ordinary test runs leave this directory out).
"""
import os
import secrets
import shutil
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest
import requests
from mastodon import Mastodon

ROOT = Path(__file__).resolve().parents[2]
MAKE = shutil.which("make") or "make"
SCOPES = ["read", "write", "follow", "push"]
# The periodic jobs' intervals and minimum delays are this fraction of production's
# (settings.PERIODIC_INTERVAL_SCALE): polls closed and scheduled posts published in seconds.
PERIODIC_INTERVAL_SCALE = "0.01"
ADMIN_DATABASE_URL = os.environ.get("SYSTEM_ADMIN_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
PROD_DATABASE = os.environ.get("SYSTEM_PROD_DATABASE", "fedi_system_prod")
START_TIMEOUT = 180
POOL_SIZE = 16
FIGURES = []
ALL_PROCESSES = []  # every process group started, killed at the end whatever happened


def record(setup, name, value, unit=""):
    """A measured figure, printed at the end of the session."""
    FIGURES.append((setup, name, value, unit))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def base_env(**extra):
    env = {key: value for key, value in os.environ.items()
           if key not in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "CELERY_TASK_ALWAYS_EAGER",
                          "DATA_DIR", "PORT", "HOST", "WEB_CONCURRENCY", "LOCAL_DOMAIN", "SECRET_KEY",
                          "PERIODIC_TASKS_IN_PROCESS", "FAST_PASSWORD_HASHER", "DJANGO_SETTINGS_MODULE",
                          "MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    env.update(PERIODIC_INTERVAL_SCALE=PERIODIC_INTERVAL_SCALE, PYTHONUNBUFFERED="1",
               # One client address makes every request of the suite: Mastodon's per-IP
               # budgets would be spent by the suite, not by any one client.
               RATE_LIMITS="unauthenticated=100000/300,sign_up=1000/1800,sign_in=1000/300",
               # Password hashing is deliberately slow, and not what this suite measures.
               FAST_PASSWORD_HASHER="1")
    env.update(extra)
    return env


class Process:
    """One command in a process group of its own, its output in a log file."""

    def __init__(self, name, args, env, log_dir):
        self.name = name
        self.log_path = Path(log_dir) / f"{name}.log"
        self.log = open(self.log_path, "ab")
        self.popen = subprocess.Popen(args, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
                                      stdin=subprocess.DEVNULL, start_new_session=True)
        ALL_PROCESSES.append(self)

    def alive(self):
        return self.popen.poll() is None

    def stop(self, sig=signal.SIGTERM, wait=15):
        if self.popen.poll() is None:
            try:
                os.killpg(self.popen.pid, sig)
            except ProcessLookupError:
                pass
            try:
                self.popen.wait(wait)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(self.popen.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.popen.wait(5)
        # Children that outlived the group leader (uvicorn's workers, celery's pool).
        try:
            os.killpg(self.popen.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        if not self.log.closed:
            self.log.close()

    def output(self):
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def tail(self, lines=60):
        return "\n".join(self.output().splitlines()[-lines:])


class RedisServer:
    """A private redis-server: the shared one must never be restarted."""

    def __init__(self, log_dir):
        self.port = free_port()
        self.log_dir = log_dir
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None
        self.start()

    def start(self):
        self.process = Process(f"redis-{int(time.time() * 1000)}",
                               ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                "--dir", str(self.log_dir), "--appendonly", "yes", "--appendfsync", "always"],
                               os.environ.copy(), self.log_dir)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("redis-server did not start:\n" + self.process.tail())

    def stop(self):
        if self.process is not None:
            self.process.stop(signal.SIGKILL)
            self.process = None

    def restart(self, down_seconds=2.0):
        """Kill it (as a crash would) and start it again on the same port (its data kept:
        append-only file, fsync on every write)."""
        self.stop()
        time.sleep(down_seconds)
        self.start()


class Deployment:
    """One running set-up: its base URL, its processes, and helpers to make users."""

    def __init__(self, name, tmp):
        self.name = name
        self.tmp = Path(tmp)
        self.tmp.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.ws_url = f"ws://127.0.0.1:{self.port}"
        self.processes = []
        self.redis = None
        self.env = None
        self._app = None
        self._lock = threading.Lock()
        self._counter = 0
        self._pool = []

    # --- processes ------------------------------------------------------------------
    def spawn(self, name, args):
        process = Process(f"{self.name}-{name}", args, self.env, self.tmp)
        self.processes.append(process)
        return process

    def wait_ready(self, timeout=START_TIMEOUT):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for process in self.processes:
                if not process.alive():
                    raise RuntimeError(f"{process.name} exited:\n{process.tail()}")
            try:
                if requests.get(self.url + "/api/v1/instance", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"{self.name} did not answer within {timeout}s:\n" + self.logs_tail())

    def logs_tail(self):
        return "\n".join(f"--- {process.name}\n{process.tail()}" for process in self.processes)

    def log_text(self):
        return "\n".join(process.output() for process in self.processes)

    def stop(self):
        for process in reversed(self.processes):
            process.stop()
        if self.redis is not None:
            self.redis.stop()

    def manage(self, *args, timeout=120):
        """`manage.py ...` with this set-up's environment (as an operator would run it)."""
        result = subprocess.run([str(ROOT / ".venv/bin/python"), "manage.py", *args], cwd=ROOT, env=self.env,
                                capture_output=True, text=True, timeout=timeout)
        if result.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    # --- clients --------------------------------------------------------------------
    def app(self):
        with self._lock:
            if self._app is None:
                self._app = Mastodon.create_app("system tests", api_base_url=self.url, scopes=SCOPES)
            return self._app

    def unique(self, prefix):
        with self._lock:
            self._counter += 1
            return f"{prefix}{self._counter}{secrets.token_hex(2)}"

    def create_accounts(self, *usernames):
        """Confirmed accounts, made with the README's operator command, in one process."""
        password = "system-" + secrets.token_hex(8)
        script = "\n".join(
            f"call_command('accounts', 'create', {name!r}, '--email', {name + '@example.com'!r}, "
            f"'--password', {password!r}, '--confirmed')" for name in usernames)
        self.manage("shell", "-c", "from django.core.management import call_command\n" + script)
        return password

    def client(self, email, password):
        """Mastodon.py signed in with the password grant."""
        client_id, client_secret = self.app()
        api = Mastodon(client_id=client_id, client_secret=client_secret, api_base_url=self.url,
                       request_timeout=30, ratelimit_method="throw")
        api.log_in(email, password, scopes=SCOPES, allow_http=True)
        return api

    def fill_pool(self, count=POOL_SIZE):
        """Make `count` accounts at once (one manage.py process): tests take them as needed."""
        names = [self.unique("sys") for _ in range(count)]
        password = self.create_accounts(*names)
        with self._lock:
            self._pool.extend((name, password) for name in names)

    def users(self, count):
        """`count` fresh confirmed accounts, each a Mastodon.py client signed in with the password grant."""
        with self._lock:
            taken, self._pool = self._pool[:count], self._pool[count:]
        if len(taken) < count:
            names = [self.unique("sys") for _ in range(count - len(taken))]
            password = self.create_accounts(*names)
            taken += [(name, password) for name in names]
        clients = []
        for name, password in taken:
            api = self.client(f"{name}@example.com", password)
            api.username = name
            clients.append(api)
        return clients

    def user(self):
        return self.users(1)[0]

    def token_of(self, api):
        return api.access_token


def start_embedded(tmp):
    started = time.monotonic()
    deployment = Deployment("embedded", tmp)
    deployment.env = base_env(DATA_DIR=str(deployment.tmp / "data"))
    deployment.spawn("web", [MAKE, "--no-print-directory", "run", f"PORT={deployment.port}", "HOST=127.0.0.1"])
    deployment.wait_ready()
    record("embedded", "start-up: make run answering", time.monotonic() - started, "s")
    deployment.fill_pool()
    record("embedded", f"start-up: {POOL_SIZE} accounts made", time.monotonic() - started, "s")
    return deployment


def _admin_sql(statement):
    import psycopg

    with psycopg.connect(ADMIN_DATABASE_URL, autocommit=True) as connection:
        connection.execute(statement)


def start_production(tmp):
    started = time.monotonic()
    deployment = Deployment("production", tmp)
    deployment.redis = RedisServer(deployment.tmp)
    _admin_sql(f'DROP DATABASE IF EXISTS "{PROD_DATABASE}" WITH (FORCE)')
    _admin_sql(f'CREATE DATABASE "{PROD_DATABASE}"')
    database_url = ADMIN_DATABASE_URL.rsplit("/", 1)[0] + "/" + PROD_DATABASE
    deployment.env = base_env(DATABASE_URL=database_url, REDIS_URL=deployment.redis.url,
                              SECRET_KEY=secrets.token_urlsafe(50),
                              CELERY_BEAT_SCHEDULE_FILENAME=str(deployment.tmp / "celerybeat-schedule"))
    # As the README: the web processes migrate the database, then the worker starts.
    deployment.spawn("web", [MAKE, "--no-print-directory", "run", "WEB_CONCURRENCY=2", f"PORT={deployment.port}",
                             "HOST=127.0.0.1"])
    deployment.wait_ready()
    record("production", "start-up: make run WEB_CONCURRENCY=2 answering", time.monotonic() - started, "s")
    deployment.spawn("worker", [MAKE, "--no-print-directory", "worker"])
    deadline = time.monotonic() + START_TIMEOUT
    while "ready." not in deployment.processes[-1].output():
        if not deployment.processes[-1].alive() or time.monotonic() > deadline:
            raise RuntimeError("the Celery worker did not start:\n" + deployment.processes[-1].tail())
        time.sleep(0.5)
    record("production", "start-up: make worker ready", time.monotonic() - started, "s")
    deployment.fill_pool()
    record("production", f"start-up: {POOL_SIZE} accounts made", time.monotonic() - started, "s")
    return deployment


class Deployments:
    """Starts both set-ups at once (in threads) the first time either is needed."""

    starters = {"embedded": start_embedded, "production": start_production}

    def __init__(self, tmp):
        self.tmp = Path(tmp)
        self.results = {}
        self.threads = {}
        self.lock = threading.Lock()

    def _start(self, name):
        try:
            self.results[name] = self.starters[name](self.tmp / name)
        except BaseException as error:  # noqa: BLE001 - reported to the test that needs it
            self.results[name] = error

    def start_all(self):
        with self.lock:
            for name in self.starters:
                if name not in self.threads:
                    self.threads[name] = threading.Thread(target=self._start, args=(name,), daemon=True)
                    self.threads[name].start()

    def get(self, name):
        self.start_all()
        self.threads[name].join()
        result = self.results[name]
        if isinstance(result, BaseException):
            pytest.fail(f"the {name} set-up did not start: {result}", pytrace=False)
        return result

    def stop(self):
        for thread in self.threads.values():
            thread.join(START_TIMEOUT)
        for name, result in self.results.items():
            if isinstance(result, Deployment):
                result.stop()
        # Also what a set-up that failed half-way had started.
        for process in ALL_PROCESSES:
            process.stop(signal.SIGKILL, wait=5)
        try:
            _admin_sql(f'DROP DATABASE IF EXISTS "{PROD_DATABASE}" WITH (FORCE)')
        except Exception:  # noqa: BLE001 - no PostgreSQL: nothing to drop
            pass


@pytest.fixture(scope="session")
def deployments(tmp_path_factory):
    manager = Deployments(tmp_path_factory.mktemp("system"))
    try:
        yield manager
    finally:
        manager.stop()


@pytest.fixture(scope="session")
def embedded(deployments):
    return deployments.get("embedded")


@pytest.fixture(scope="session")
def production(deployments):
    return deployments.get("production")


@pytest.fixture(params=["embedded", "production"])
def deployment(request):
    return request.getfixturevalue(request.param)


def pytest_terminal_summary(terminalreporter):
    if not FIGURES:
        return
    terminalreporter.section("system test figures")
    lines = []
    for setup, name, value, unit in FIGURES:
        shown = f"{value:.3f}" if isinstance(value, float) else str(value)
        lines.append(f"{setup:<11} {name:<62} {shown} {unit}".rstrip())
        terminalreporter.write_line(lines[-1])
    try:
        (ROOT / "data").mkdir(exist_ok=True)
        (ROOT / "data" / "system-figures.txt").write_text("\n".join(lines) + "\n")
    except OSError:
        pass
