"""The benchmark's pieces that live in the project: the ceiling view, the list of pages, and the load
test's cleaning up."""

import contextlib
import os
import signal
import subprocess
import sys
import time

import pytest
from django.test import RequestFactory

from bench.ceiling import plafond
from bench.run import BENCH_PAGES
from tests import servers
from tests.pages import PUBLIC_PAGES


def test_the_ceiling_renders_a_small_page_without_the_database():
    # No django_db mark: pytest-django fails any query in this test.
    response = plafond(RequestFactory().get("/bench/plafond/"))
    assert response.status_code == 200
    assert 1500 < len(response.content) < 3000
    assert "<h1>Plafond</h1>" in response.content.decode()


def test_every_benchmarked_page_is_a_variant_of_a_public_page_with_a_unique_name():
    names = [name for page in PUBLIC_PAGES for name in page.variants]
    assert len(names) == len(set(names))
    assert set(BENCH_PAGES) <= set(names)


# bench/load.py works in a temporary folder (an SQLite file, the server log) -------------------------

LOAD = [sys.executable, "bench/load.py", "--seconds", "1", "--clients", "3", "--editors", "2"]
LOAD += ["--workers", "1", "--threads", "2"]


def start_load_test(tmp_path):
    """bench/load.py on a fresh SQLite file, its temporary folder under `tmp_path`."""
    env = {**servers.outside_env(), "TMPDIR": str(tmp_path)}
    return subprocess.Popen(
        LOAD, cwd=servers.ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,
    )  # fmt: skip


def test_a_load_test_leaves_no_folder_behind(tmp_path):
    load = start_load_test(tmp_path)
    output, _ = load.communicate(timeout=300)
    assert '"passed"' in output, output  # it ran to its summary
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "interrupt",
    [
        lambda load: os.killpg(load.pid, signal.SIGINT),  # Ctrl-C in its terminal
        lambda load: load.send_signal(signal.SIGTERM),  # kill
    ],
    ids=["ctrl-c", "kill"],
)
def test_an_interrupted_load_test_leaves_no_folder_behind(tmp_path, interrupt):
    load = start_load_test(tmp_path)
    try:
        deadline = time.monotonic() + 120
        while not list(tmp_path.glob("wijkgids-load-*/gunicorn.log")):  # the server is starting
            assert load.poll() is None, load.stdout.read()
            assert time.monotonic() < deadline, "bench/load.py started no server"
            time.sleep(0.05)
        interrupt(load)
        load.communicate(timeout=60)
    finally:
        with contextlib.suppress(ProcessLookupError):  # whatever it left running, in its session
            os.killpg(load.pid, signal.SIGKILL)
        load.wait()
    assert list(tmp_path.iterdir()) == []
