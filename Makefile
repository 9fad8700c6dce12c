# Two commands set up a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
CHROMIUM := /usr/bin/chromium
REDIS := /usr/bin/redis-server

.PHONY: run test test-browser install browser pdf-libraries servers lint check messages migrate seed demo serve bench fault-drill backup backup-status restore clean

$(STAMP): requirements/base.txt requirements/dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements/dev.txt
	touch $(STAMP)

install: $(STAMP) messages pdf-libraries

# axe-core, which the browser tests inject into each page, pinned by package-lock.json.
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

# The browser tests drive Debian's Chromium: Playwright's own browser download cannot
# be fetched on these machines. Installed only where it is missing (as root, like CI).
$(CHROMIUM):
	apt-get update
	apt-get install -y chromium

browser: $(CHROMIUM) $(NODE_STAMP)

# WeasyPrint makes the report's PDF with Pango and HarfBuzz, in the DejaVu fonts the charts use
# too (embedded in the PDF). Installed only where missing (as root, like CI), as Chromium is.
PDF_LIBRARIES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
pdf-libraries:
	@dpkg -s $(PDF_LIBRARIES) >/dev/null 2>&1 || (apt-get update && apt-get install -y $(PDF_LIBRARIES))

# The cache tests and the fault drill start Redis and PostgreSQL servers of their own,
# from Debian's packages; installed only where missing.
$(REDIS):
	apt-get update
	apt-get install -y redis-server

servers: $(REDIS)
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || (apt-get update && apt-get install -y postgresql)

# Compiled translations are build output; gettext ships with Debian's base image,
# and is installed here where it is missing.
messages: $(STAMP)
	command -v msgfmt >/dev/null || (apt-get update && apt-get install -y gettext)
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules --verbosity=0

migrate: install
	$(MANAGE) migrate --noinput

seed: migrate
	$(MANAGE) load_seed

# Beside the development server, the mail sender runs every minute, as a timer does in
# production; development settings print its mails in this terminal (console backend).
SEND_LOOP := while true; do $(MANAGE) send_notifications --verbosity 0; sleep 60; done

run: seed
	$(MANAGE) ensure_local_admin
	@echo "Open http://127.0.0.1:8000 and log in."
	@$(SEND_LOOP) & sender=$$!; trap "kill $$sender" EXIT INT TERM; $(MANAGE) runserver 127.0.0.1:8000

demo: seed
	$(MANAGE) load_demo
	$(MANAGE) ensure_local_admin
	@echo "Open http://127.0.0.1:8000 and log in. The demo data is labelled on every page."
	@$(SEND_LOOP) & sender=$$!; trap "kill $$sender" EXIT INT TERM; $(MANAGE) runserver 127.0.0.1:8000

# Production serving: gunicorn behind a TLS-terminating proxy, static files by whitenoise.
# Needs DATABASE_URL, SECRET_KEY and ALLOWED_HOSTS in the environment (see README, Deploying).
# SECURE_SSL_REDIRECT=false (the proxy redirects to HTTPS) passes the check: see README, Environment.
serve: export DJANGO_SETTINGS_MODULE = gezondemarke.settings.production
serve: install
	@test -n "$$DATABASE_URL" || (echo "Set DATABASE_URL (PostgreSQL) first; see README, Deploying." && exit 1)
	$(MANAGE) check --deploy --fail-level WARNING
	$(MANAGE) migrate --noinput
	$(MANAGE) collectstatic --noinput --verbosity 0
	$(VENV)/bin/gunicorn gezondemarke.wsgi --config gunicorn.conf.py

# Speed at 1x, 10x and 100x the seed; SQLite unless DATABASE_URL is set. Writes bench/results.json.
bench: install
	$(PY) -m bench.run

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint templates */templates --lint
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/mypy $(wildcard */services.py */selectors.py)

check: install
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

test: lint check browser servers
	DJANGO_SETTINGS_MODULE=gezondemarke.settings.test $(VENV)/bin/pytest

# Only the end-to-end tests in Chromium; screenshots land in test-artifacts/.
test-browser: install browser
	DJANGO_SETTINGS_MODULE=gezondemarke.settings.test $(VENV)/bin/pytest tests/e2e

# Faults injected into the production stack under load (its own PostgreSQL, Redis and
# gunicorn on free ports); writes bench/faults.json. See README, Surviving faults.
fault-drill: install servers
	$(PY) -m bench.faults

# The whole database, as it was at one moment, to backups/gezondemarke-<date>-<time>.json.gz,
# checked before it is reported written. KEEP=7 then deletes all but the 7 newest.
backup: install
	$(MANAGE) backup_database $(if $(KEEP),--keep $(KEEP))

# How big and how old the newest backup is.
backup-status: install
	$(MANAGE) backup_database --status

# make restore FILE=backups/….json.gz [REPLACE=1]: into an empty database, or with
# REPLACE=1 in place of everything the current database holds.
restore: migrate
	@test -n "$(FILE)" || (echo "Name the backup: make restore FILE=backups/<name>.json.gz [REPLACE=1]"; exit 2)
	$(MANAGE) restore_backup "$(FILE)" $(if $(REPLACE),--replace)

clean:
	rm -rf $(VENV) node_modules staticfiles test-artifacts .pytest_cache
