# Two commands do everything on a fresh machine: `make run` (demo on SQLite) and `make test` (suite on PostgreSQL).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1:8000
DEMO_RESULTS ?= 400
# The demo's mail server: aiosmtpd's debugging server prints every e-mail the application sends to this console.
SMTP_LISTEN ?= 127.0.0.1:1025
DEMO_EMAIL_URL ?= smtp://$(SMTP_LISTEN)

.PHONY: run test lint install messages migrate demo lock clean browser docs-preview

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

# The invented history of the demo tells nobody (NOTIFICATIONS_ENABLED=false): only what happens while you click does.
demo: migrate
	NOTIFICATIONS_ENABLED=false $(MANAGE) seed_demo --results $(DEMO_RESULTS) --keep-existing
	NOTIFICATIONS_ENABLED=false $(MANAGE) sync_workflows --demo-claims
	$(MANAGE) audit_checkpoint

# Three processes: the debugging mail server, the task worker (e-mails, hourly reminders and digests), the web server.
# Ctrl-C stops the web server; the shell's EXIT trap then stops the other two (background jobs of a script ignore
# Ctrl-C, so they are sent SIGTERM by process id).
run: demo
	@trap 'kill $$smtp $$worker 2>/dev/null; wait' EXIT; trap 'exit 130' INT TERM; \
	export EMAIL_URL="$${EMAIL_URL:-$(DEMO_EMAIL_URL)}"; \
	echo "E-mails of the demo are printed here (debugging SMTP server on $(SMTP_LISTEN))."; \
	$(BIN)/python -m aiosmtpd --nosetuid --listen $(SMTP_LISTEN) --class aiosmtpd.handlers.Debugging & smtp=$$!; \
	$(MANAGE) db_worker --queue-name '*' --no-reload --interval 2 & worker=$$!; \
	$(MANAGE) start_notification_schedule; \
	$(MANAGE) runserver $(HOST)

# Debian's chromium for the end-to-end tests (tests/e2e); installed with apt-get when run as root.
browser:
	sh scripts/ensure_chromium

# Every export of the demo (`make run`'s data) rendered by LibreOffice to PDF and PNG pages, to be looked at:
# test-artifacts/docs-preview/. LibreOffice, poppler and the fonts are installed with apt-get when missing (as root).
docs-preview: demo
	sh scripts/ensure_office
	$(BIN)/python scripts/docs_preview.py test-artifacts/docs-preview

# Lint (pyflakes, bugbear, Django, import order), format and types of the services and selectors; settings in
# pyproject.toml. CI runs it before the suite and fails on any finding.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Both cores: pytest-xdist hands tests out one by one in pytest-django's order (tests sharing the database's
# transactions first, then those that flush it), so every worker keeps that order; they share the one cluster.
test: messages browser
	$(BIN)/python -m pytest -n auto --dist load --durations=25

# Refresh the exact lock from the ranges in pyproject.toml (run by a developer, never by CI).
lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade ".[test]"
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^ketqua-khcn' > requirements.lock

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles .pytest_cache
