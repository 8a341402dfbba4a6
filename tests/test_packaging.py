"""`pip install .` (not editable) gives a site that migrates, loads the content and serves its pages:
the templates, static files and content travel in the package, not only in the checkout."""

import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

from tests.servers import outside_env

ROOT = Path(__file__).resolve().parent.parent
IGNORED = (
    ".git",
    ".venv",
    "build",
    "node_modules",
    "*.egg-info",
    "*.sqlite3*",
    "test-artifacts",
    "staticfiles",
)

SERVE = """
import django
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
from lessen.models import Les

setup_test_environment()
les = Les.objects.published().order_by("pk").first()
urls = ["/", "/lessen/", les.get_absolute_url(), f"/lessen/{les.slug}/versies/", "/themas/", "/tags/",
        "/bronnen/", "/auteurs/", "/zoeken/?q=wijk", "/overzicht/", "/bundel/", "/feeds/lessen/",
        "/api/lessen/", "/static/css/wijkgids.css"]
for url in urls:
    print(Client().get(url).status_code, url)
"""


def test_a_plain_pip_install_migrates_loads_the_content_and_serves_the_pages(tmp_path):
    def run(*command, cwd=tmp_path):
        result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    env = {**outside_env(), "DATABASE_URL": f"sqlite:///{tmp_path / 'wijkgids.sqlite3'}"}
    # Built from a copy: setuptools leaves a build/ folder beside the source, and a stale one could
    # still hold files that the package no longer carries.
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*IGNORED))
    run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--quiet",
        "--no-deps",
        str(source),
        "-w",
        str(tmp_path / "dist"),
    )
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", str(venv))
    python = venv / "bin" / "python"
    # The dependencies come from the test run's own environment; the site itself only from the wheel.
    site_packages = run(str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])")
    (Path(site_packages.strip()) / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    (wheel,) = (tmp_path / "dist").glob("wijkgids-*.whl")
    run(str(python), "-m", "pip", "install", "--quiet", "--no-deps", str(wheel))

    env["DJANGO_SETTINGS_MODULE"] = "wijkgids.settings"
    assert "/site-packages/lessen/" in run(str(python), "-c", "import lessen; print(lessen.__file__)")
    run(str(python), "-m", "django", "migrate", "-v0")
    assert "73 lessen" in run(str(python), "-m", "django", "load_content")
    answers = run(str(python), "-c", SERVE).splitlines()
    assert len(answers) == 14 and all(line.startswith("200 ") for line in answers), answers
