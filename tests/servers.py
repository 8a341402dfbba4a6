"""For the tests that run the site as production does, in a subprocess.

- `production_env(...)`: the environment of a production process (DJANGO_DEBUG=0 and its secrets),
  without the DJANGO_* and DATABASE_URL of whoever runs the tests.
- `manage(env, ...)`: `manage.py` in a subprocess, bounded, failing with its output.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "wijkgids.example"


def production_env(**extra):
    base = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"}
    return {
        **base,
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
