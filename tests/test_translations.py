"""The project's Dutch for Django's and taggit's strings (wijkgids/locale) is committed compiled, so
that `make run` needs no gettext: the .mo files must be what their .po files compile to."""

import shutil
import subprocess
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parent.parent / "wijkgids" / "locale"


# Skipped without gettext, except in CI (tests/conftest.py), where .ci/run installs it.
@pytest.mark.skipif(
    not shutil.which("msgfmt"), reason="skipped: msgfmt niet gevonden (apt-get install gettext)"
)
@pytest.mark.parametrize("po", sorted(LOCALE.glob("*/LC_MESSAGES/*.po")), ids=lambda po: po.name)
def test_committed_translations_are_compiled_from_their_po_file(po, tmp_path):
    subprocess.run(["msgfmt", "--check", "-o", tmp_path / "compiled.mo", po], check=True)
    assert (tmp_path / "compiled.mo").read_bytes() == po.with_suffix(".mo").read_bytes(), "make messages"
