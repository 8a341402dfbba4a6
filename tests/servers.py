"""Throwaway servers for the tests that run the site as production does, on 127.0.0.1 only.

- `production_env(...)`: the environment of a production process (DJANGO_DEBUG=0 and its secrets),
  on top of `outside_env()`: the test run's own, without the variables that configure the site.
- `manage(env, ...)`: `manage.py` in a subprocess, bounded, failing with its output.
- `gunicorn(env, folder)`: the site under gunicorn on a free port, until the block ends.
- `redis_server(folder)`: Redis on a free port, nothing written to disk, until the block ends
  (tests/conftest.py turns it into the `redis_url` fixture).
- `postgres_replica(primary_url)`: a streaming replica of the PostgreSQL at `primary_url`
  (`pg_basebackup -R`, as an operator makes one), on a free port, until the block ends.
- `postgres_database(server_url)`: a fresh, empty database on that PostgreSQL, dropped afterwards;
  `on_port(url, port)` is the same database on another server (a replica).

Every process is started in its own session, waited for with a deadline and killed on the way out.
"""

import http.client
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import psycopg2
import redis

ROOT = Path(__file__).resolve().parent.parent
HOST = "wijkgids.example"
# What the TLS proxy in front of production adds; without it the site redirects to https.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}


def outside_env():
    """The environment without DJANGO_*, DATABASE_URL and WIJKGIDS_CACHE_URL."""
    site = {"DATABASE_URL", "WIJKGIDS_CACHE_URL"}
    return {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k not in site}


def production_env(**extra):
    return {
        **outside_env(),
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": HOST,
        **extra,
    }


def manage(env, *args, timeout=300):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stdout}{result.stderr}"
    return result.stdout


def install_site(env):
    """What a deployment runs before starting the site: static files, migrations, the real content."""
    manage(env, "collectstatic", "--noinput", "-v0")
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_content")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port, path, *, host="127.0.0.1", timeout=30):
    """(status, body) of a GET as the TLS proxy passes it on; redirects are not followed."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Host": host, **PROXY_HEADERS})
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


@contextmanager
def gunicorn(env, folder, *, workers=1, threads=1, timeout=60):
    """The site under gunicorn on a free loopback port; yields the port once a worker answers.

    Each call is a server of its own (its own master and workers), as on another machine."""
    port = free_port()
    log_path = Path(folder) / f"gunicorn-{port}.log"
    threaded = (
        ["--worker-class", "gthread", "--threads", str(threads), "--backlog", "256"] if threads > 1 else []
    )
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "wijkgids.wsgi:application",
             "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--timeout", "60", *threaded],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip

    def answers():
        try:
            return get(port, "/robots.txt", timeout=5)[0] == 200
        except (OSError, http.client.HTTPException):
            return False

    try:
        _wait_until(answers, process, timeout, f"gunicorn (log: {log_path})")
        yield port
    finally:
        _stop(process)


def find_redis_server():
    return shutil.which("redis-server")


@contextmanager
def redis_server(folder, *, timeout=20):
    """Redis on a free loopback port, persisting nothing, working in `folder`; yields its URL."""
    port = free_port()
    log_path = Path(folder) / "redis.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [find_redis_server(), "--bind", "127.0.0.1", "--port", str(port), "--save", "",
             "--appendonly", "no", "--dir", str(folder)],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url, socket_timeout=5)

    def answers():
        try:
            return client.ping()
        except redis.ConnectionError:
            return False

    try:
        _wait_until(answers, process, timeout, f"redis-server (log: {log_path})")
        yield url
    finally:
        client.close()
        _stop(process)


def postgres_bindir():
    """The folder of Debian's PostgreSQL programs (pg_ctl, pg_basebackup), or None."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_basebackup"), key=lambda p: int(p.parts[-3]))
    return found[-1].parent if found else None


@contextmanager
def postgres_replica(primary_url, *, timeout=60):
    """A hot standby of the cluster at `primary_url`, on a free loopback port; yields its port.

    Its folder is a fresh one under /tmp: run as root, it belongs to the postgres user (PostgreSQL
    refuses to run as root), as in bin/with-postgres."""
    bindir, primary, port = postgres_bindir(), urlsplit(primary_url), free_port()
    folder = Path(tempfile.mkdtemp(prefix="wijkgids-replica."))
    data, log_path = folder / "data", folder / "replica.log"
    as_owner = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []
    if as_owner:
        shutil.chown(folder, "postgres")

    def run(*command):
        result = subprocess.run([*as_owner, *command], capture_output=True, text=True, timeout=timeout)
        assert result.returncode == 0, f"{command[0]}: {result.stdout}{result.stderr}"

    try:
        run(bindir / "pg_basebackup", "-h", primary.hostname, "-p", str(primary.port), "-U", primary.username,
            "-D", data, "-R", "-X", "stream", "-c", "fast")  # fmt: skip
        options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c hot_standby=on"
        run(bindir / "pg_ctl", "-D", data, "-l", log_path, "-w", "-o", options, "start")
        yield port
    finally:
        subprocess.run(
            [*as_owner, bindir / "pg_ctl", "-D", data, "-m", "immediate", "stop"], capture_output=True
        )
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def postgres_database(server_url):
    """A new, empty database on the PostgreSQL at `server_url`; yields its URL, drops it afterwards."""
    name = f"wijkgids_{secrets.token_hex(4)}"
    server = psycopg2.connect(server_url)
    server.autocommit = True
    try:
        with server.cursor() as cursor:
            cursor.execute(f"CREATE DATABASE {name}")
        try:
            yield urlsplit(server_url)._replace(path=f"/{name}").geturl()
        finally:
            with server.cursor() as cursor:
                cursor.execute(f"DROP DATABASE {name} WITH (FORCE)")
    finally:
        server.close()


def on_port(url, port):
    """The database of `url` on the PostgreSQL at 127.0.0.1:`port` (a replica of its server)."""
    parts = urlsplit(url)
    return parts._replace(netloc=f"{parts.username}@127.0.0.1:{port}").geturl()


def _wait_until(ready, process, timeout, name):
    deadline = time.monotonic() + timeout
    while not ready():
        if process.poll() is not None:
            raise RuntimeError(f"{name} stopte meteen (code {process.returncode})")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{name} antwoordde niet binnen {timeout} s")
        time.sleep(0.1)


def _stop(process):
    """SIGTERM to the process and everything it started; SIGKILL if that takes over 20 s."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=20)
            return
        except subprocess.TimeoutExpired:
            continue
