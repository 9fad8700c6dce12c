# Two commands set up a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
CHROMIUM := /usr/bin/chromium

.PHONY: run test test-browser install browser lint check messages migrate seed demo clean

$(STAMP): requirements/base.txt requirements/dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements/dev.txt
	touch $(STAMP)

install: $(STAMP) messages

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

test: lint check browser
	DJANGO_SETTINGS_MODULE=gezondemarke.settings.test $(VENV)/bin/pytest

# Only the end-to-end tests in Chromium; screenshots land in test-artifacts/.
test-browser: install browser
	DJANGO_SETTINGS_MODULE=gezondemarke.settings.test $(VENV)/bin/pytest tests/e2e

clean:
	rm -rf $(VENV) node_modules staticfiles test-artifacts .pytest_cache
