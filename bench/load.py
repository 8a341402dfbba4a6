"""Bounded load test: visitors read the public pages while editors save lessons in the admin.

    .venv/bin/python bench/load.py [--clients 64] [--editors 4] [--seconds 30] [--write]

Starts the site with production settings (DJANGO_DEBUG=0) under gunicorn on 127.0.0.1 with a fresh
SQLite file holding the real content (or the PostgreSQL database in DATABASE_URL, as
`bin/with-postgres` sets it), then runs `--clients` threads for `--seconds` seconds: `--editors` of
them log in to the admin and save lessons over and over, two editors to a lesson so that their
edits collide; the others read public pages (every page the site links to, searches, the API).
Traffic goes to the loopback address only; the run stops by itself and stops the server.

Passes (exit 0) with zero 5xx answers, zero failed requests and zero lost versions: every save the
admin confirmed is exactly one version of its lesson, written by that editor with that text; the
versions of a lesson are numbered without gaps; each lesson holds the text of its newest version;
and a save refused as a conflict answered with the editor's text still in the form.
With --write the results go into docs/reliability.md between the markers for the database.
"""

import argparse
import json
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from html import escape
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.browser import Browser, read_form  # noqa: E402 - after the path above

REPORT = ROOT / "docs" / "reliability.md"
CONFLICT = "Iemand anders heeft deze les opgeslagen"
PASSWORD = "belasting-" + secrets.token_hex(8)
SHOWN_VERSION = re.compile(r"Les nummer \d+, versie (\d+) van")  # on a lesson's page
SECTIONS = re.compile(r'href="(/(?:lessen|themas|tags|bronnen|auteurs|api/lessen)/[^"#?]*)"')


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args, stdin=None):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    ).stdout


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.statuses = {}
        self.latencies = {"lezer": [], "redacteur": []}
        self.failures = []
        self.server_errors = []
        self.saves = {}  # editor → [text of each save the admin confirmed, in order]
        self.conflicts = {}  # editor → number of saves refused because another editor saved first
        self.per_server = {}  # port → requests answered
        self.read_backs = 0  # reads of a lesson by the editor who just saved it, through another server
        self.stale_reads = []  # those that did not show the editor's own text

    def record(self, role, path, status, seconds, port=None):
        with self.lock:
            self.statuses[status] = self.statuses.get(status, 0) + 1
            self.per_server[port] = self.per_server.get(port, 0) + 1
            self.latencies[role].append(seconds)
            if status >= 500:
                self.server_errors.append(f"{status} {path}")

    def fail(self, role, path, exc):
        with self.lock:
            self.failures.append(f"{role} {path}: {type(exc).__name__}: {exc}")


def timed(results, role, browser, method, path, body=None):
    started = time.perf_counter()
    try:
        status, location, html = browser.request(method, path, body)
    except Exception as exc:
        results.fail(role, path, exc)
        return None, None, ""
    results.record(role, path, status, time.perf_counter() - started, browser.port)
    return status, location, html


def reader(port, urls, deadline, results, seed, *, host=None):
    browser = Browser(port, host=host)
    rng = random.Random(seed)
    while time.monotonic() < deadline:
        timed(results, "lezer", browser, "GET", rng.choice(urls))


def editor(port, number, les_pk, deadline, results, *, host=None, read_back=None):
    """Log in and save lesson `les_pk` over and over through the server on `port`.

    With `read_back` (port, path of the lesson's page), after each confirmed save the same editor
    (the same cookies) reads the lesson through that other server, which must show the saved version
    with the new text, or a later version (the other editor of the lesson may have saved since)."""
    browser = Browser(port, host=host)
    other = Browser(read_back[0], browser.cookies, host=host) if read_back else None
    username = f"redacteur{number}"
    saved = results.saves.setdefault(username, [])
    results.conflicts.setdefault(username, 0)
    status, _, html = timed(results, "redacteur", browser, "GET", "/beheer/login/?next=/beheer/")
    token = dict(read_form(html, "login-form")).get("csrfmiddlewaretoken")
    login = {"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD, "next": "/beheer/"}
    status, location, _ = timed(results, "redacteur", browser, "POST", "/beheer/login/?next=/beheer/", login)
    if status != 302 or location != "/beheer/":
        results.fail("redacteur", "/beheer/login/", RuntimeError(f"inloggen mislukt: {status} {location}"))
        return
    change = f"/beheer/lessen/les/{les_pk}/change/"
    attempt = 0
    while time.monotonic() < deadline:
        status, _, html = timed(results, "redacteur", browser, "GET", change)
        if status != 200:
            continue
        fields = read_form(html, "les_form")
        attempt += 1
        text = f"Samenvatting door {username}, bewerking {attempt}."
        fields = [[name, text if name == "samenvatting" else value] for name, value in fields]
        status, location, html = timed(
            results, "redacteur", browser, "POST", change, fields + [["_continue", "1"]]
        )
        if status == 302 and location == change:
            saved.append(text)
            if other:
                # A save is refused unless it makes the version after the one the form was opened on.
                version = int(dict(fields)["basisversie"]) + 1
                read_own_save(results, other, read_back[1], username, version, text)
        elif status == 200 and CONFLICT in html:
            # The other editor saved first: refused, and the text must still be in the form.
            if text in html:
                with results.lock:
                    results.conflicts[username] += 1
            else:
                results.fail("redacteur", change, RuntimeError("conflict zonder de ingevoerde tekst"))
        elif status is not None:  # a failed request is already counted
            results.fail("redacteur", change, RuntimeError(f"opslaan gaf {status} {location}"))


def read_own_save(results, browser, path, username, version, text):
    """The editor who saved `version` with `text` reads the lesson's page: stale if it shows less."""
    status, _, page = timed(results, "redacteur", browser, "GET", path)
    if status is None:
        return  # a failed request is already counted
    shown = SHOWN_VERSION.search(page)
    shown = int(shown.group(1)) if shown else 0
    fresh = status == 200 and (shown > version or (shown == version and escape(text) in page))
    with results.lock:
        results.read_backs += 1
        if not fresh:
            results.stale_reads.append(
                f"{username} via poort {browser.port}: {status}, versie {shown} na {version}"
            )


def public_urls(port):
    """Every public page the site links to from its section pages, plus searches and the API."""
    browser = Browser(port)
    found = {"/", "/lessen/", "/themas/", "/tags/", "/bronnen/", "/auteurs/", "/api/lessen/"}
    for start in sorted(found):
        _, _, html = browser.request("GET", start)
        found |= set(SECTIONS.findall(html))
    data = json.loads(browser.request("GET", "/api/lessen/")[2])
    found |= {urlsplit(les["url"]).path for les in data["results"]}
    found |= {f"/api/lessen/{les['id']}/" for les in data["results"]}
    found |= {"/lessen/?q=wijk", "/lessen/?q=bewoners", "/lessen/?pagina=2", "/lessen/?q=%3Cscript%3E"}
    return sorted(found)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


def markers(database):
    """The markers of a section in docs/reliability.md: PostgreSQL, SQLite, or another name (cluster)."""
    name = {"PostgreSQL": "postgresql", "SQLite": "sqlite"}.get(database, database)
    return f"<!-- load-test:{name}:begin -->", f"<!-- load-test:{name}:end -->"


def markdown_report(summary, *, command, server, extra_rows=()):
    """The section of docs/reliability.md for one run; `extra_rows` are (what, outcome) pairs."""
    ms = summary["latency_ms"]
    rows = "\n".join(
        f"| {role} | {ms[role]['aantal']} | {ms[role]['p50']} | {ms[role]['p95']} | {ms[role]['p99']} "
        f"| {ms[role]['max']} |"
        for role in ms
    )
    statuses = ", ".join(f"{status}: {count}" for status, count in sorted(summary["statuses"].items()))
    verdict = "geslaagd" if summary["passed"] else "MISLUKT"
    machine = f"{os.cpu_count()} cores"
    begin, end = markers(summary["section"])
    extra = "".join(f"\n| {what} | {outcome} |" for what, outcome in extra_rows)
    return f"""{begin}
Laatste run: {summary["when"]} — **{verdict}**.
`{command}`;
{server}; database: {summary["database_detail"]}; machine: {machine}.

| wat | uitkomst |
|---|---|
| verzoeken | {summary["requests"]} in {summary["seconds"]} s ({summary["per_second"]} per seconde) |
| statuscodes | {statuses} |
| 5xx-antwoorden | {len(summary["server_errors"])} |
| mislukte verzoeken (verbinding, time-out, opslaan) | {len(summary["failures"])} |
| opgeslagen bewerkingen (door de admin bevestigd) | {summary["saves"]} |
| nieuwe versies in de database | {summary["versions"]} |
| geweigerd als conflict (tekst bleef in het formulier) | {summary["conflicts"]} |
| verloren of dubbele versies | {summary["lost_versions"]} |{extra}

| rol | verzoeken | p50 ms | p95 ms | p99 ms | max ms |
|---|---|---|---|---|---|
{rows}
{end}"""


def write_report(text, database):
    begin, end = markers(database)
    current = REPORT.read_text(encoding="utf-8")
    if begin not in current:
        raise SystemExit(f"{REPORT} mist de markering {begin}")
    before, _, rest = current.partition(begin)
    _, _, after = rest.partition(end)
    REPORT.write_text(before + text + after, encoding="utf-8")


def check_saved(env, results, lessons, versions_before):
    """Compare what the editors were told with the versions the database holds.

    Returns (new versions, problems): a problem is a confirmed save without its own version, a
    version nobody was told about, a gap in the numbering, or a lesson whose text is not that of
    its newest version.
    """
    script = f"""
import json
from lessen.models import Les
before = {json.dumps(versions_before)}
out = {{}}
for pk in set({json.dumps(list(lessons.values()))}):
    les = Les.objects.get(pk=pk)
    history = les.history.order_by("versie")
    out[str(pk)] = {{
        "samenvatting": les.samenvatting,
        "versie": les.versie,
        "numbers": list(history.values_list("versie", flat=True)),
        "new": [
            [v.history_user.username if v.history_user else None, v.samenvatting, v.versie]
            for v in history.filter(versie__gt=before[str(pk)]).select_related("history_user")
        ],
    }}
print(json.dumps(out))
"""
    stored = json.loads(manage(env, "shell", "-v", "0", "-c", script))
    problems = []
    confirmed = {(name, text) for name, texts in results.saves.items() for text in texts}
    written = set()
    for pk, lesson in stored.items():
        if lesson["numbers"] != list(range(1, lesson["versie"] + 1)):
            numbers = lesson["numbers"]
            problems.append(f"les {pk}: versienummers {numbers} lopen niet door tot {lesson['versie']}")
        if lesson["new"] and lesson["samenvatting"] != lesson["new"][-1][1]:
            problems.append(f"les {pk}: de tekst is niet die van de nieuwste versie")
        for user, text, number in lesson["new"]:
            if (user, text) in written:
                problems.append(f"les {pk}: versie {number} is een tweede kopie van één opslag")
            written.add((user, text))
    problems += [f"bevestigd maar geen versie: {name}: {text}" for name, text in sorted(confirmed - written)]
    problems += [f"versie zonder bevestiging: {name}: {text}" for name, text in sorted(written - confirmed)]
    return len(written), problems


def database_version(env):
    script = "from django.db import connection; connection.ensure_connection(); print(connection.pg_version)"
    number = int(manage(env, "shell", "-v", "0", "-c", script))
    return f"PostgreSQL {number // 10000}.{number % 10000}"


def site_env(database, **extra):
    """The environment of a production process on `database`: DJANGO_DEBUG=0 and a fresh secret."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database,
        DJANGO_LOG_LEVEL="WARNING",
        **extra,
    )
    return env


def prepare(env, editors):
    """Migrate, load the real content, collect static files, and create `editors` editors.

    Returns (lesson of each editor, version of each lesson before the run, page of each lesson)."""
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "load_content")
    manage(env, "collectstatic", "--noinput", "-v", "0")  # production settings serve the hashed names
    names = [f"redacteur{n}" for n in range(editors)]
    create = f"""
import json
from django.contrib.auth.models import Group, User
from lessen.models import Les
group = Group.objects.get(name="Redacteur")
lessen = list(Les.objects.published().order_by("pk"))
out = {{"lessons": {{}}, "versions": {{}}, "pages": {{}}}}
for n, name in enumerate({json.dumps(names)}):
    user = User.objects.create_user(name, password={PASSWORD!r}, is_staff=True)
    user.groups.add(group)
    les = lessen[n // 2]  # two editors to a lesson, so that their saves collide
    out["lessons"][name] = les.pk
    out["versions"][str(les.pk)] = les.versie
    out["pages"][str(les.pk)] = les.get_absolute_url()
print(json.dumps(out))
"""
    prepared = json.loads(manage(env, "shell", "-v", "0", "-c", create))
    return prepared["lessons"], prepared["versions"], prepared["pages"]


def drive(ports, args, lessons, pages, results, *, host=None):
    """Readers and editors for `args.seconds` seconds, spread over the servers on `ports`.

    With more than one server, editor n saves through server n and, after each save, reads the
    lesson back through the next server; two editors of one lesson save through different servers."""
    urls = public_urls(ports[0])
    print(f"{len(urls)} publieke adressen; {args.clients} clients, {args.seconds:.0f} s ...", flush=True)
    started = time.monotonic()
    deadline = started + args.seconds
    threads = []
    for n, pk in enumerate(lessons.values()):
        read_back = (ports[(n + 1) % len(ports)], pages[str(pk)]) if len(ports) > 1 else None
        threads.append(
            threading.Thread(
                target=editor,
                args=(ports[n % len(ports)], n, pk, deadline, results),
                kwargs={"host": host, "read_back": read_back},
                daemon=True,  # an interrupted run does not wait for the deadline
            )
        )
    for n in range(args.clients - len(lessons)):
        threads.append(
            threading.Thread(
                target=reader,
                args=(ports[n % len(ports)], urls, deadline, results, n),
                kwargs={"host": host},
                daemon=True,
            )
        )
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=args.seconds + 60)
    return time.monotonic() - started


def summarize(results, seconds, *, section, database_detail, versions, problems):
    requests = sum(results.statuses.values())
    summary = {
        "when": time.strftime("%Y-%m-%d %H:%M"),
        "section": section,
        "database_detail": database_detail,
        "requests": requests,
        "seconds": round(seconds, 1),
        "per_second": round(requests / seconds),
        "statuses": {str(k): v for k, v in results.statuses.items()},
        "server_errors": results.server_errors[:20],
        "failures": results.failures[:20],
        "saves": sum(len(s) for s in results.saves.values()),
        "versions": versions,
        "conflicts": sum(results.conflicts.values()),
        "lost_versions": len(problems),
        "problems": problems[:20],
        "latency_ms": {
            role: {
                "aantal": len(values),
                "p50": round(statistics.median(values) * 1000) if values else 0,
                "p95": round(percentile(values, 0.95) * 1000),
                "p99": round(percentile(values, 0.99) * 1000),
                "max": round(max(values, default=0) * 1000),
            }
            for role, values in results.latencies.items()
        },
    }
    summary["passed"] = (
        not results.server_errors and not results.failures and not problems and summary["saves"] > 0
    )
    return summary


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--editors", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL"),
        help="default: DATABASE_URL if set (bin/with-postgres sets it), else a fresh SQLite file",
    )
    parser.add_argument("--write", action="store_true", help=f"put the results into {REPORT.name}")
    args = parser.parse_args()
    args.seconds = min(args.seconds, 120)  # bounded, whatever is asked
    # A `kill` stops the run as Ctrl-C does: the server stopped, the folder removed.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    with tempfile.TemporaryDirectory(prefix="wijkgids-load-") as folder:
        return run(args, Path(folder))


def run(args, workdir):
    """The run, in `workdir` (its SQLite file and server log), which is removed afterwards."""
    database = args.database_url or f"sqlite:///{workdir / 'wijkgids.sqlite3'}"
    env = site_env(database)
    print(f"Database: {database.split('@')[-1]}", flush=True)
    lessons, versions_before, pages = prepare(env, args.editors)

    port = free_port()
    server_log = open(workdir / "gunicorn.log", "w")  # noqa: SIM115 - closed in finally
    server = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "wijkgids.wsgi:application",
            "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers),
            "--worker-class", "gthread", "--threads", str(args.threads),
            "--timeout", "60", "--graceful-timeout", "10", "--backlog", "256",
        ],
        cwd=ROOT, env=env, stdout=server_log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    results = Results()
    try:
        for _ in range(200):
            try:
                if Browser(port).request("GET", "/")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.1)
        else:
            raise SystemExit("gunicorn startte niet:\n" + tail(workdir / "gunicorn.log"))
        seconds = drive([port], args, lessons, pages, results)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        server_log.close()

    versions, problems = check_saved(env, results, lessons, versions_before)
    postgres = database.startswith("postgres")
    summary = summarize(
        results,
        seconds,
        section="PostgreSQL" if postgres else "SQLite",
        database_detail=database_version(env) if postgres else "SQLite (WAL, IMMEDIATE), een bestand",
        versions=versions,
        problems=problems,
    )
    print(json.dumps(summary, indent=1, ensure_ascii=False))
    if args.write:
        command = (
            f"bench/load.py --clients {args.clients} --editors {args.editors} --seconds {args.seconds:.0f}"
        )
        server = f"gunicorn {args.workers} workers × {args.threads} threads op 127.0.0.1"
        write_report(markdown_report(summary, command=command, server=server), summary["section"])
        print(f"Resultaten geschreven naar {REPORT}")
    if not summary["passed"]:
        print("Serverlog (einde):\n" + tail(workdir / "gunicorn.log"), file=sys.stderr)
    return 0 if summary["passed"] else 1


def tail(path, lines=40):
    """The last `lines` lines of the file at `path`: the folder it is in is removed after the run."""
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


if __name__ == "__main__":
    sys.exit(main())
