#!/usr/bin/env bash
# Remakes the databases of older states of main that tests/test_upgrade.py migrates to today's code:
# each commit checked out with `git worktree`, migrated and filled as that state did it
# (`manage.py migrate`, then `manage.py laad_inhoud`) on a fresh SQLite file, dumped as SQL text
# (`sqlite3 .dump`), gzipped: the lessons and their versions make a megabyte of text.
#   tests/upgrade/make.sh            (from the repository, with the virtualenv of `make venv`)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
python=${PYTHON:-$root/.venv/bin/python}

# name            commit   what that state of main was
states=(
  "voor-zoekindex bea7121" # the last commit of main before the search index (lessen/0005) was merged
  "eind-november  3ac2954" # the last commit of main before 1 December 2026 (lessen/0001-0008)
)

# manage.py of the old state with its own code only: without the finder of the editable install,
# which would import today's modules that the old state lacks (say, wijkgids.admin).
manage() {
  "$python" -c '
import runpy, sys
sys.meta_path[:] = [f for f in sys.meta_path if not getattr(f, "__module__", "").startswith("__editable__")]
sys.argv[0] = "manage.py"
runpy.run_path("manage.py", run_name="__main__")
' "$@"
}

for state in "${states[@]}"; do
  read -r name commit <<<"$state"
  work=$(mktemp -d)
  git -C "$root" worktree add --quiet --detach "$work/src" "$commit"
  (
    cd "$work/src"
    export DATABASE_URL="sqlite:///$work/db.sqlite3" DJANGO_SETTINGS_MODULE=wijkgids.settings
    unset DJANGO_DEBUG DJANGO_SECRET_KEY DJANGO_ALLOWED_HOSTS
    manage migrate --noinput -v0
    manage laad_inhoud
  )
  sqlite3 "$work/db.sqlite3" .dump | gzip -9n >"$here/$name.sql.gz"
  git -C "$root" worktree remove --force "$work/src"
  rm -rf "$work"
  echo "$here/$name.sql.gz: $(git -C "$root" log -1 --format='%h %ad' --date=short "$commit")"
done
