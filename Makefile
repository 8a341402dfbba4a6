# Wijkgids. `make run` serves the site at http://127.0.0.1:8000; `make test` runs every test.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
# axe-core, for the browser tests' accessibility checks, from the npm registry (tests/browser/package*.json).
AXE := tests/browser/node_modules/axe-core/axe.min.js

.PHONY: run serve bench test test-sqlite test-postgres lint format migrations-check messages clean backup restore load-test load-test-cluster

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) ontbreekt: installeer Python 3.11"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@rm -f $(VENV)/.installed-*
	@touch $@

venv: $(STAMP)

# Without npm (or the registry) the accessibility checks skip, except in CI, where .ci/run installs npm.
$(AXE): tests/browser/package.json tests/browser/package-lock.json
	@if ! command -v npm >/dev/null 2>&1; then \
	  echo "skipped: axe-core niet geïnstalleerd: npm ontbreekt (apt-get install npm)"; \
	elif npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error; then \
	  touch $@; \
	elif [ "$$CI" = "true" ]; then \
	  exit 1; \
	else \
	  echo "skipped: axe-core niet geïnstalleerd: npm ci mislukte"; \
	fi

run: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_content
	$(PY) manage.py runserver 127.0.0.1:8000

# Production-like: gunicorn, DEBUG off, static files collected and served by WhiteNoise.
# Needs DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS in the environment (see README).
serve: export DJANGO_DEBUG = 0
serve: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_content
	$(PY) manage.py collectstatic --noinput -v0
	$(VENV)/bin/gunicorn wijkgids.wsgi:application --bind 127.0.0.1:$(or $(PORT),8000) --workers 2 --access-logfile -

# Benchmark (bench/run.py): N lessons (default 10000); DB=postgres for a throwaway PostgreSQL;
# PAGES=zoeken for some pages only.
bench: $(STAMP)
	$(if $(filter postgres,$(DB)),bin/with-postgres) $(PY) bench/run.py $(if $(N),--lessen $(N)) $(if $(PAGES),--paginas $(PAGES))

test: test-sqlite test-postgres

test-sqlite: $(STAMP) $(AXE)
	$(PY) manage.py makemigrations --check --dry-run >/dev/null || { echo "Er ontbreken migraties: make migrations-check"; exit 1; }
	$(PY) -m pytest

test-postgres: $(STAMP) $(AXE)
	bin/with-postgres $(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

migrations-check: $(STAMP)
	$(PY) manage.py makemigrations --check --dry-run

# After editing wijkgids/locale/*/LC_MESSAGES/*.po (Dutch for Django's and taggit's strings): compile
# them, and commit the .mo files too, so that running the site needs no gettext. Needs msgfmt (gettext).
messages:
	for po in wijkgids/locale/*/LC_MESSAGES/*.po; do msgfmt --check -o "$${po%.po}.mo" "$$po" || exit 1; done

# All content to a JSON file: `make backup` (backups/wijkgids-<tijd>.json) or `make backup BACKUP=pad.json`.
backup: $(STAMP)
	@mkdir -p backups
	$(PY) manage.py backup $(or $(BACKUP),backups/wijkgids-$(shell date +%Y%m%d-%H%M%S).json)

# Replace all content with a backup (all or nothing): `make restore BACKUP=backups/wijkgids-....json`.
restore: $(STAMP)
	@test -n "$(BACKUP)" || { echo "Gebruik: make restore BACKUP=backups/wijkgids-....json"; exit 1; }
	$(PY) manage.py restore $(BACKUP)

# 64 clients for 30 s against a local gunicorn, editors saving meanwhile; see docs/reliability.md.
# DB=postgres for a throwaway PostgreSQL; WRITE=1 puts the results into docs/reliability.md.
load-test: $(STAMP)
	$(if $(filter postgres,$(DB)),bin/with-postgres) $(PY) bench/load.py $(if $(WRITE),--write)

# The same across servers: a throwaway PostgreSQL with a streaming replica, a Redis and two gunicorn
# servers on 127.0.0.1, readers and editors at both (bench/cluster.py). WRITE=1 as above.
load-test-cluster: $(STAMP)
	bin/with-postgres $(PY) bench/cluster.py $(if $(WRITE),--write)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache tests/browser/node_modules test-artifacts
