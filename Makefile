# Two commands set up a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed

.PHONY: run test install lint check messages migrate seed demo clean backup restore

$(STAMP): requirements/base.txt requirements/dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements/dev.txt
	touch $(STAMP)

install: $(STAMP) messages

# Compiled translations are build output; gettext ships with Debian's base image,
# and is installed here where it is missing.
messages: $(STAMP)
	command -v msgfmt >/dev/null || (apt-get update && apt-get install -y gettext)
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules --verbosity=0

migrate: install
	$(MANAGE) migrate --noinput

seed: migrate
	$(MANAGE) load_seed

run: seed
	$(MANAGE) ensure_local_admin
	@echo "Open http://127.0.0.1:8000 and log in."
	$(MANAGE) runserver 127.0.0.1:8000

demo: seed
	$(MANAGE) load_demo
	$(MANAGE) ensure_local_admin
	@echo "Open http://127.0.0.1:8000 and log in. The demo data is labelled on every page."
	$(MANAGE) runserver 127.0.0.1:8000

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint templates --lint

check: install
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

test: lint check
	DJANGO_SETTINGS_MODULE=gezondemarke.settings.test $(VENV)/bin/pytest

# The whole database to backups/gezondemarke-<date>-<time>.json.gz.
backup: install
	$(MANAGE) backup_database

# make restore FILE=backups/….json.gz [REPLACE=1]: into an empty database, or with
# REPLACE=1 in place of everything the current database holds.
restore: migrate
	@test -n "$(FILE)" || (echo "Name the backup: make restore FILE=backups/<name>.json.gz [REPLACE=1]"; exit 2)
	$(MANAGE) restore_backup "$(FILE)" $(if $(REPLACE),--replace)

clean:
	rm -rf $(VENV) staticfiles test-artifacts .pytest_cache
