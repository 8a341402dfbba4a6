"""`make bench`: how close each public page comes to the ceiling of a bare Django view.

1. Prepares a database with N lessons (the real content plus generated ones): SQLite in
   /tmp/wijkgids-bench/ (kept between runs for the same N and code), or the PostgreSQL that
   DATABASE_URL names (`make bench DB=postgres` runs this under bin/with-postgres).
2. Serves it with gunicorn (2 sync workers, production settings, 127.0.0.1 only), sharing their
   cache in a throwaway redis-server as production does, with the ceiling view mounted at
   /bench/plafond/ (bench/settings.py, bench/urls.py).
3. For each mode (`warm`: the page cache on, every URL requested once beforehand; `koud`: the
   page cache off, so every request renders its page and nothing else is kept), drives wrk at
   each of BENCH_PAGES (page variants named in tests/pages.py) over many URLs of that page (many
   lessons, pages of the list, themes), with a run at the ceiling before and after each page; and
   at search with a new query on every request (words from lesson titles, alone and in pairs),
   which no cache has seen.
4. Prints requests/s, p50 and p99 per page and its ratio to the ceiling measured around it,
   which holds on a noisy machine where absolute numbers do not.

Bounded: about (1 + 2 × pages) × (SECONDS + 2) seconds per mode, plus preparing the database.
"""

import argparse
import hashlib
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.servers import redis_server  # noqa: E402 - a throwaway Redis, as the tests start it

PYTHON = sys.executable
LUA = Path(__file__).with_name("wrk_paths.lua")
CEILING = "/bench/plafond/"
BENCH_PAGES = ["les", "lessen", "thema", "voorpagina", "zoeken"]  # by variant name, in this order
TARGETS = {"les": 0.80, "lessen": 0.60, "thema": 0.60, "voorpagina": 0.60}
WORKERS = 2  # gunicorn sync workers, as in production on these machines
NEW_SEARCHES = "zoeken, steeds nieuw"  # every request a search no cache has seen
WARM_UP_NEW = 400  # of those, the searches the warm-up takes (more than it gets through in 2 s)
LATENCY_TARGETS_MS = {"zoeken": 50, NEW_SEARCHES: 50}  # p99, in ms
CACHE_DIR = Path(tempfile.gettempdir()) / "wijkgids-bench"


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--lessen", type=int, default=int(os.environ.get("N", 10_000)), help="lessen in de database"
    )
    parser.add_argument("--seconden", type=int, default=int(os.environ.get("SECONDS_PER_PAGE", 8)))
    parser.add_argument("--verbindingen", type=int, default=16, help="gelijktijdige verbindingen van wrk")
    parser.add_argument("--modi", default=os.environ.get("MODES", "warm,koud"), help="warm, koud of beide")
    parser.add_argument("--vers", action="store_true", help="bouw de SQLite-database opnieuw op")
    parser.add_argument(
        "--paginas", default=os.environ.get("PAGES", ""), help="alleen deze pagina's, bijv. 'zoeken'"
    )
    args = parser.parse_args()
    modes = [mode.strip() for mode in args.modi.split(",") if mode.strip()]
    if not set(modes) <= {"warm", "koud"}:
        parser.error("--modi: kies uit warm en koud")

    wrk = ensure_installed("wrk", "wrk")
    ensure_installed("redis-server", "redis-server")
    env = base_env()
    print_machine(env)
    prepare_database(env, args.lessen, fresh=args.vers)
    run(PYTHON, "manage.py", "collectstatic", "--noinput", "-v0", env=env)
    urls = pick_urls(env)
    if args.paginas:
        chosen = [name.strip() for name in args.paginas.split(",")]
        urls = {name: paths for name, paths in urls.items() if any(name.startswith(c) for c in chosen)}
    if "les" in urls:
        print_weight(env, urls)
    print_cpu(env, urls)

    for mode in modes:
        mode_env = {**env, "WIJKGIDS_PAGINA_CACHE": "1" if mode == "warm" else "0"}
        with gunicorn(mode_env) as base:
            if mode == "warm":
                for name, paths in urls.items():
                    for path in paths if name != NEW_SEARCHES else []:
                        fetch(base + path)
            # The ceiling before and after every page: a page is compared with the ceiling
            # measured right around it, so load from elsewhere on the machine cancels out.
            ceiling = measure(wrk, base, [CEILING], args)
            results = []
            for name, paths in urls.items():
                # A latency goal is about one search, not about waiting behind fifteen others:
                # as many connections as workers, so no request queues.
                connections = WORKERS if name in LATENCY_TARGETS_MS else args.verbindingen
                stats = load(
                    wrk, base, paths, seconds=args.seconden, connections=connections, new=name == NEW_SEARCHES
                )
                after = measure(wrk, base, [CEILING], args)
                results.append((name, stats, (ceiling["rps"] + after["rps"]) / 2))
                ceiling = after
        report(mode, results, urls)


# Preparing --------------------------------------------------------------------------------------


def base_env():
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    return env


def prepare_database(env, lessons, *, fresh):
    started = time.monotonic()
    if not env.get("DATABASE_URL", "").startswith("postgres"):
        CACHE_DIR.mkdir(exist_ok=True)
        key = _code_key(lessons)
        path = CACHE_DIR / f"wijkgids-{lessons}-{key}.sqlite3"
        env["DATABASE_URL"] = f"sqlite:///{path}"
        if path.exists() and not fresh:
            print(f"Database: {path} (hergebruikt; --vers bouwt opnieuw)")
            return
        for old in CACHE_DIR.glob(f"wijkgids-{lessons}-*.sqlite3*"):
            old.unlink()
    run(PYTHON, "manage.py", "migrate", "--noinput", "-v0", env=env)
    run(PYTHON, "manage.py", "load_content", env=env)
    real = int(django_eval(env, "from lessen.models import Les; print(Les.objects.count())"))
    if lessons > real:
        run(PYTHON, "manage.py", "generate_lessons", "--count", str(lessons - real), "--seed", "1", env=env)
    print(f"Database voorbereid in {time.monotonic() - started:.0f} s: {env['DATABASE_URL']}")


def _code_key(lessons):
    """Changes when the schema or the generator does, so an outdated database is never reused."""
    digest = hashlib.sha1(str(lessons).encode(), usedforsecurity=False)
    files = sorted((ROOT / "lessen" / "migrations").glob("*.py")) + sorted(
        (ROOT / "bronnen" / "migrations").glob("*.py")
    )
    for path in [*files, ROOT / "bench" / "synthetic.py", ROOT / "lessen" / "fixtures" / "wijkgids.json"]:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def pick_urls(env):
    """Many URLs per benchmarked page, from tests/pages.py, so that no single page is measured."""
    code = """
import dataclasses, json, random
from django.db.models import Count
from lessen.models import Les, Thema
from tests.pages import Voorbeeld, variant_url

rng = random.Random(1)
lessen = list(Les.objects.published().order_by("pk").values_list("slug", flat=True))
themas = list(Thema.objects.annotate(n=Count("lessen")).filter(n__gte=1).values_list("slug", "n"))
per_page = PER_PAGE
woorden = ["wijk", "bewoners", "vertrouwen", "geduld", "gemeente", "buurt", "regie", "samenwerking"]
base = Voorbeeld(les=lessen[0], les_nummer=1, thema=themas[0][0], tag="", bron="", bundel="", auteur="")
urls = {}
for name in BENCH_PAGES:
    found = set()
    for _ in range(150):
        thema, aantal = rng.choice(themas)
        v = dataclasses.replace(
            base,
            les=rng.choice(lessen),
            thema=thema,
            pagina=rng.randint(1, max(1, min(20, len(lessen) // per_page, aantal // per_page))),
            zoekterm=rng.choice(woorden),
        )
        found.add(variant_url(name, v))
    urls[name] = sorted(found)

# Searches that no cache has seen: words from the titles of many lessons, alone and in pairs (the
# generated titles have few distinct words: every pair is needed for thousands of searches).
titels = Les.objects.published().order_by("pk").values_list("titel", flat=True)[:2000]
vocabulary = sorted({w.lower() for t in titels for w in t.split() if len(w) >= 5 and w.isalpha()})
queries = vocabulary + [f"{a} {b}" for i, a in enumerate(vocabulary) for b in vocabulary[i + 1 :]]
rng.shuffle(queries)
urls[NEW_SEARCHES] = [variant_url("zoeken", dataclasses.replace(base, zoekterm=q)) for q in queries[:4000]]
print(json.dumps(urls))
"""
    per_page = int(django_eval(env, "from django.conf import settings; print(settings.WIJKGIDS_PER_PAGINA)"))
    code = code.replace("PER_PAGE", str(per_page)).replace("NEW_SEARCHES", repr(NEW_SEARCHES))
    code = code.replace("BENCH_PAGES", repr(BENCH_PAGES))
    urls = json.loads(django_eval(env, code))
    for name, paths in urls.items():
        print(f"  {name}: {len(paths)} verschillende URL's, bijv. {paths[0]}")
    return urls


def print_weight(env, urls):
    with gunicorn({**env, "WIJKGIDS_PAGINA_CACHE": "0"}) as base:
        html = fetch(base + urls["les"][0])
        css_path = html.split('rel="stylesheet" href="')[1].split('"')[0]
        css = fetch(base + css_path)
        heaviest = max(len(fetch(base + path)) for path in urls["les"][:50])
    total = heaviest + len(css)
    verdict = "gehaald" if total <= 40 * 1024 else "GEMIST"
    print(
        f"Gewicht lespagina: zwaarste van 50 = {heaviest / 1024:.1f} KB HTML + {len(css) / 1024:.1f} KB CSS "
        f"= {total / 1024:.1f} KB (doel ≤ 40 KB: {verdict}); scripts in de pagina: {html.count('<script')}"
    )


CPU_SCRIPT = """
import json, sys, time
import django
django.setup()
from django.conf import settings
from django.core.cache import cache
from django.test import Client

urls, budget = json.loads(sys.argv[1]), float(sys.argv[2])
client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")  # as behind the TLS proxy
result = {}
for mode in ("warm", "koud"):
    settings.WIJKGIDS_PAGINA_CACHE = mode == "warm"
    cache.clear()
    for name, paths in urls.items():
        for path in paths:
            assert client.get(path).status_code == 200, path
        n, start = 0, time.process_time()
        while time.process_time() - start < budget:
            client.get(paths[n % len(paths)])
            n += 1
        result[mode + ":" + name] = (time.process_time() - start) / n * 1000
print(json.dumps(result))
"""


def print_cpu(env, urls):
    """CPU time per request in one process, without HTTP: steadier than req/s on a busy machine."""
    pages = {"plafond": [CEILING], **{name: paths for name, paths in urls.items() if name != NEW_SEARCHES}}
    command = [PYTHON, "-c", CPU_SCRIPT, json.dumps(pages), "1.5"]
    out = subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout
    cpu = json.loads(out)
    print("\nCPU per aanvraag in één proces (Django-testclient, zelfde middleware, geen HTTP):")
    print(f"{'pagina':<12} {'warm ms':>8} {'verhouding':>11} {'koud ms':>8} {'verhouding':>11}")
    for name in pages:
        warm, koud = cpu[f"warm:{name}"], cpu[f"koud:{name}"]
        ceiling_warm, ceiling_koud = cpu["warm:plafond"], cpu["koud:plafond"]
        print(
            f"{name:<12} {warm:>8.2f} {ceiling_warm / warm:>11.0%} {koud:>8.2f} {ceiling_koud / koud:>11.0%}"
        )
    print("JSON " + json.dumps({"cpu_ms": {key: round(value, 3) for key, value in cpu.items()}}))


def print_machine(env):
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    load = os.getloadavg()
    db = "PostgreSQL" if env.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
    print(
        f"Machine: {os.cpu_count()} cores, {cpu}; load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; "
        f"Python {platform.python_version()}; {db}"
    )


# Serving and loading ------------------------------------------------------------------------------


class gunicorn:  # noqa: N801 - used as a context manager
    def __init__(self, env):
        self.env = env

    def __enter__(self):
        port = _free_port()
        self.stack = ExitStack()
        folder = self.stack.enter_context(tempfile.TemporaryDirectory(prefix="wijkgids-bench-redis-"))
        cache_url = self.stack.enter_context(redis_server(folder))
        self.env = {**self.env, "WIJKGIDS_CACHE_URL": cache_url}  # shared by both workers
        self.process = subprocess.Popen(
            [str(Path(PYTHON).parent / "gunicorn"), "wijkgids.wsgi:application", "--workers", str(WORKERS),
             "--worker-class", "sync", "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
            cwd=ROOT, env=self.env, start_new_session=True,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                fetch(base + CEILING)
                return base
            except (urllib.error.URLError, ConnectionError):
                if self.process.poll() is not None:
                    self.stack.close()
                    raise SystemExit("gunicorn stopte meteen; zie de melding hierboven.") from None
                time.sleep(0.2)
        self.__exit__()
        raise SystemExit("gunicorn kwam niet binnen 60 s op.")

    def __exit__(self, *exc):
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)
        finally:
            self.stack.close()  # the Redis of this server


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# What the TLS proxy in front of production adds; without it the site redirects to HTTPS.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}


def fetch(url):
    request = urllib.request.Request(url, headers=PROXY_HEADERS)  # noqa: S310 - our own 127.0.0.1 server
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - our own 127.0.0.1 server
        if response.status != 200:
            raise SystemExit(f"{url} gaf {response.status}")
        return response.read().decode()


def measure(wrk, base, paths, args):
    return load(wrk, base, paths, seconds=args.seconden, connections=args.verbindingen)


def load(wrk, base, paths, *, seconds, connections, new=False):
    """wrk's numbers for these paths: 2 s to warm up, then `seconds` measured. `new`: every request
    must be one no cache has seen, so the warm-up takes its own paths (the first WARM_UP_NEW) and
    the measured run must not come round to its first path again."""
    warm_up, measured = (paths[:WARM_UP_NEW], paths[WARM_UP_NEW:]) if new else (paths, paths)
    if new and not measured:
        raise SystemExit(f"Te weinig nieuwe zoekvragen: {len(paths)}.")
    stats = None
    for part, duration in ((warm_up, "2s"), (measured, f"{seconds}s")):
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
            handle.write("\n".join(part) + "\n")
        try:
            env = {**os.environ, "WRK_PATHS": handle.name, "WRK_FROM_START": "1" if new else ""}
            out = subprocess.run(
                [wrk, "-t1", f"-c{connections}", f"-d{duration}", "--timeout", "10s", "-s", str(LUA), base],
                env=env, check=True, capture_output=True, text=True,
            ).stdout  # fmt: skip
        finally:
            os.unlink(handle.name)
        stats = json.loads(out.strip().splitlines()[-1])
    stats["rps"] = stats["requests"] / (stats["duration_us"] / 1e6)
    stats["herhaald"] = new and stats["requests"] > len(measured)
    return stats


def ensure_installed(program, package):
    """The path of `program`, installed from Debian's `package` with apt-get if it is missing."""
    path = shutil.which(program)
    if path:
        return path
    if os.geteuid() != 0:
        raise SystemExit(
            f"{program} ontbreekt: installeer het met `apt-get install {package}` (Debian) "
            "en probeer opnieuw."
        )
    print(f"{program} ontbreekt: installeren met apt-get …")
    subprocess.run(["apt-get", "update", "-qq"], check=True)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", package],
        check=True,
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
    )
    return shutil.which(program)


# Reporting ------------------------------------------------------------------------------------


COLUMNS = "{:<21} {:>5} {:>7} {:>7} {:>7} {:>7} {:>8} {:>11} {:>8}"


def report(mode, results, urls):
    if mode == "warm":
        uitleg = "paginacache aan, alle URL's vooraf één keer bezocht"
    else:
        uitleg = "paginacache uit: elke aanvraag rendert de pagina"
    print(f"\nModus {mode} ({uitleg})")
    print(
        COLUMNS.format(
            "pagina", "URLs", "req/s", "p50 ms", "p99 ms", "fouten", "plafond", "verhouding", "doel"
        )
    )
    for name, stats, ceiling in results:
        ratio = stats["rps"] / ceiling
        target, latency = TARGETS.get(name), LATENCY_TARGETS_MS.get(name)
        doel = "" if target is None else f"{target:.0%} {'ok' if ratio >= target else 'MIS'}"
        if latency is not None:
            doel = f"p99≤{latency} {'ok' if stats['p99_us'] / 1000 <= latency else 'MIS'}"
        if stats.get("herhaald"):
            doel += " (ongeldig: meer aanvragen dan nieuwe zoekvragen)"
        cells = [name, len(urls[name]), f"{stats['rps']:.0f}", f"{stats['p50_us'] / 1000:.1f}"]
        cells += [f"{stats['p99_us'] / 1000:.1f}", stats["errors"], f"{ceiling:.0f}", f"{ratio:.0%}", doel]
        print(COLUMNS.format(*cells))
    rounded = [
        {"pagina": name, "plafond": round(ceiling, 1), **{k: round(v, 1) for k, v in stats.items()}}
        for name, stats, ceiling in results
    ]
    print("JSON " + json.dumps({"modus": mode, "resultaten": rounded}))


# Helpers ------------------------------------------------------------------------------------------


def run(*command, env):
    subprocess.run(command, cwd=ROOT, env=env, check=True)


def django_eval(env, code):
    return subprocess.run(
        [PYTHON, "-c", f"import django; django.setup()\n{code}"],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
