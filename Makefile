# Two commands do everything on a fresh machine: `make run` (demo on SQLite) and `make test` (suite on PostgreSQL).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1:8000
DEMO_RESULTS ?= 400

.PHONY: run test install messages migrate demo lock clean browser

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

install: $(VENV)/.installed

messages: install
	$(MANAGE) compilemessages --ignore=.venv --verbosity 0

migrate: messages
	$(MANAGE) migrate --noinput --verbosity 0

demo: migrate
	$(MANAGE) seed_demo --results $(DEMO_RESULTS) --keep-existing
	$(MANAGE) sync_workflows --demo-claims
	$(MANAGE) audit_checkpoint

run: demo
	$(MANAGE) runserver $(HOST)

# Debian's chromium for the end-to-end tests (tests/e2e); installed with apt-get when run as root.
browser:
	sh scripts/ensure_chromium

test: messages browser
	$(BIN)/python -m pytest

# Refresh the exact lock from the ranges in pyproject.toml (run by a developer, never by CI).
lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade ".[test]"
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^ketqua-khcn' > requirements.lock

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles .pytest_cache
