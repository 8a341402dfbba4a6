"""SQLite in WAL mode with IMMEDIATE transactions: editors saving while visitors read never fails.

Runs tests/probes/sqlite_concurrency.py on a fresh SQLite *file* (pytest's own test database is in
memory and shared, which proves nothing about locking) with six editors saving and six visitors
reading at once. The control run with SQLite's default (DEFERRED) transactions shows the test can
fail: there, an editor's read-then-write transaction cannot upgrade its lock and gets
"database is locked" at once.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_probe(tmp_path, *args):
    database = tmp_path / "gelijktijdig.sqlite3"
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"}
    result = subprocess.run(
        [sys.executable, "-m", "tests.probes.sqlite_concurrency", "--saves", "12", *args],
        cwd=ROOT,
        env={**env, "DATABASE_URL": f"sqlite:///{database}"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_concurrent_saves_and_reads_on_an_sqlite_file_never_fail(tmp_path):
    report = run_probe(tmp_path)
    assert (report["vendor"], report["journal_mode"], report["transaction_mode"]) == (
        "sqlite",
        "wal",
        "IMMEDIATE",
    )
    assert report["errors"] == []
    assert report["saves"] == report["expected_saves"] == 72
    assert report["reads"] > 0
    assert report["final"] == report["last_save"]  # every editor's last save is what the database holds


def test_without_immediate_transactions_the_same_load_fails(tmp_path):
    report = run_probe(tmp_path, "--transaction-mode", "DEFERRED")
    assert report["transaction_mode"] == "DEFERRED"
    assert any("database is locked" in error for error in report["errors"])
    assert report["saves"] < report["expected_saves"]
