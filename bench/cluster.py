"""Bounded load test across servers: two app servers on one PostgreSQL with a replica and one Redis.

    bin/with-postgres .venv/bin/python bench/cluster.py [--clients 64] [--editors 4] [--seconds 30] [--write]

(`make load-test-cluster`.) On the throwaway PostgreSQL of bin/with-postgres (DATABASE_URL) it
starts a streaming replica (`pg_basebackup -R`), a throwaway Redis and two gunicorn servers (each
its own master, on its own loopback port) with production settings, DATABASE_REPLICA_URL and
WIJKGIDS_CACHE_URL, as docs/deploy.md describes N hosts. Then bench/load.py's readers and editors
run for `--seconds` seconds, spread over both servers, all speaking to one host name as behind a
load balancer: readers alternate between the servers; editor n saves through server n % 2, so the
two editors of a lesson save through different servers, and after every confirmed save reads the
lesson back through the other server (with the same cookies), which must show the new text.

Passes (exit 0) with zero 5xx answers, zero failed requests, zero lost or duplicated versions (as
bench/load.py checks them) and zero stale reads by the editor who saved. Reports requests per
second per server. With --write the results go into docs/reliability.md (section 'cluster').
Everything started is stopped on the way out, also on failure.
"""

import argparse
import json
import os
import shutil
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

import redis

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import (  # noqa: E402 - after the path above
    REPORT,
    Results,
    check_saved,
    database_version,
    drive,
    markdown_report,
    prepare,
    site_env,
    summarize,
    write_report,
)
from tests import servers  # noqa: E402 - the processes are started as the tests start them

SITE = "127.0.0.1"  # one host name for both servers, as behind a load balancer


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--editors", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--servers", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    parser.add_argument("--threads", type=int, default=8, help="threads per worker")
    parser.add_argument("--write", action="store_true", help=f"put the results into {REPORT.name}")
    args = parser.parse_args()
    args.seconds = min(args.seconds, 120)  # bounded, whatever is asked
    primary = os.environ.get("DATABASE_URL", "")
    if not primary.startswith("postgres") or servers.postgres_bindir() is None:
        raise SystemExit("Draai onder bin/with-postgres, met pg_basebackup: make load-test-cluster")
    if servers.find_redis_server() is None:
        raise SystemExit("redis-server niet gevonden (apt-get install redis-server)")

    workdir = Path(tempfile.mkdtemp(prefix="wijkgids-cluster-"))
    results = Results()
    with ExitStack() as running:
        replica = servers.on_port(primary, running.enter_context(servers.postgres_replica(primary)))
        cache = running.enter_context(servers.redis_server(workdir))
        env = site_env(
            primary,
            DATABASE_REPLICA_URL=replica,
            WIJKGIDS_CACHE_URL=cache,
            DJANGO_STATIC_ROOT=str(workdir / "static"),
        )
        print(
            f"Primair: {primary.split('@')[-1]}; replica: {replica.split('@')[-1]}; Redis: {cache}",
            flush=True,
        )
        lessons, versions_before, pages = prepare(env, args.editors)
        ports = [
            running.enter_context(servers.gunicorn(env, workdir, workers=args.workers, threads=args.threads))
            for _ in range(args.servers)
        ]
        print(f"App-servers op poort {', '.join(map(str, ports))}", flush=True)
        seconds = drive(ports, args, lessons, pages, results, host=SITE)
        versions, problems = check_saved(env, results, lessons, versions_before)
        detail = f"{database_version(env)}, primair + 1 streaming replica; Redis {redis_version(cache)}"

    summary = summarize(
        results, seconds, section="cluster", database_detail=detail, versions=versions, problems=problems
    )
    summary["per_server"] = {
        f"server {n}": {
            "verzoeken": results.per_server.get(port, 0),
            "per_seconde": round(results.per_server.get(port, 0) / seconds),
        }
        for n, port in enumerate(ports, 1)
    }
    summary["read_backs"] = results.read_backs
    summary["stale_reads"] = len(results.stale_reads)
    summary["stale_examples"] = results.stale_reads[:20]
    summary["passed"] = (
        summary["passed"]
        and not results.stale_reads
        and results.read_backs > 0
        and all(server["verzoeken"] > 0 for server in summary["per_server"].values())
    )
    print(json.dumps(summary, indent=1, ensure_ascii=False))
    if args.write:
        per_server = ", ".join(
            f"{name}: {server['verzoeken']} ({server['per_seconde']} per seconde)"
            for name, server in summary["per_server"].items()
        )
        extra_rows = [
            ("verzoeken per server", per_server),
            ("opslagen teruggelezen via de andere server (zelfde redacteur)", results.read_backs),
            ("verouderd teruggelezen", summary["stale_reads"]),
        ]
        command = (
            f"bench/cluster.py --clients {args.clients} --editors {args.editors} --seconds {args.seconds:.0f}"
        )
        server = (
            f"{args.servers} × gunicorn (elk een eigen master, "
            f"{args.workers} workers × {args.threads} threads) op 127.0.0.1"
        )
        write_report(
            markdown_report(summary, command=command, server=server, extra_rows=extra_rows), "cluster"
        )
        print(f"Resultaten geschreven naar {REPORT}")
    if summary["passed"]:
        shutil.rmtree(workdir, ignore_errors=True)
    else:
        print(f"Serverlogs: {workdir}", file=sys.stderr)
    return 0 if summary["passed"] else 1


def redis_version(url):
    with redis.Redis.from_url(url) as client:
        return client.info("server")["redis_version"]


if __name__ == "__main__":
    sys.exit(main())
