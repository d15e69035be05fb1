# Keurmerk: two commands do all the set-up on a fresh machine with Python 3.11 and make.
#   make run   – install, migrate SQLite, load demo data, print logins and the URL, serve
#                on :8000 (make run PORT=8001 serves, and links, on another port)
#   make test  – install, run the whole test suite (SQLite unless DATABASE_URL is set)

PYTHON ?= python3
UV_VERSION := 0.13.8
TOOLS := .tools
UV := $(TOOLS)/bin/uv
PY := .venv/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := .venv
export UV_NO_PROGRESS := 1

.PHONY: run test bootstrap lint audit messages diagrams sweep bench mutate clean backup restore restore-drill

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

bootstrap: $(UV)
	$(UV) sync --locked --quiet --python $(PYTHON)

# Links in e-mails, the ICS feed and the QR code follow the served address (SITE_URL).
run: export HOST := $(HOST)
run: export PORT := $(PORT)
run: bootstrap
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo ""
	@echo "Keurmerk draait op http://$(HOST):$(PORT)/  (stoppen met Ctrl-C)"
	@echo ""
	$(PY) manage.py runserver $(HOST):$(PORT)

test: bootstrap
	$(PY) -m pytest

lint: bootstrap
	.venv/bin/ruff check .

# Check the locked runtime dependencies (what the production image installs) against the
# Python vulnerability database (PyPI's advisory feed, OSV). Needs that database online;
# --strict fails when a package could not be checked, so an offline run never looks green.
audit: bootstrap
	$(UV) export --locked --no-dev --no-emit-project --format requirements-txt --quiet \
		--output-file $(TOOLS)/requirements-runtime.txt
	.venv/bin/pip-audit --strict --disable-pip --require-hashes \
		--requirement $(TOOLS)/requirements-runtime.txt

# Regenerate the translation catalogues (needs GNU gettext); the compiled .mo files are
# committed so that a fresh machine without gettext still gets the Dutch interface.
messages: bootstrap
	$(PY) manage.py makemessages -l nl -l en --ignore=.venv --ignore=.tools --ignore=tests --ignore=bench --ignore=mutants
	$(PY) manage.py compilemessages --ignore=.venv --ignore=.tools --ignore=mutants

# Regenerate the state diagrams of docs/states from the transitions in the code: the .dot text
# and, with Graphviz's `dot` (apt-get install graphviz), the .svg beside it. The tests compare
# the committed .dot files with the code, so run this after changing a transition.
diagrams: bootstrap
	$(PY) manage.py state_diagrams --svg

sweep: bootstrap
	$(PY) manage.py sweep_deadlines

bench: bootstrap
	$(PY) bench/run.py

# Backups of the docker compose stack (issue #13; README "Backup and restore"): a pg_dump and a
# tarball of the uploaded files into backups/; restore needs DUMP=… (MEDIA=…) and CONFIRM=yes;
# the drill restores the newest (or DUMP=…) backup into a scratch database and checks it.
backup:
	sh scripts/backup.sh

restore:
	sh scripts/restore.sh

restore-drill:
	sh scripts/restore_drill.sh

# Mutation testing (issue #19) of the pure deadline modules (core/dates.py and every app's
# deadlines.py, see [tool.mutmut] in pyproject.toml) with mutmut: not part of `make test` or CI.
# Score and the surviving mutants, each with why it is equivalent, are in the README. The copy
# it works in (mutants/) is ignored by git, ruff, makemessages and the architecture test.
mutate: bootstrap
	.venv/bin/mutmut run --max-children 2
	.venv/bin/mutmut results

clean:
	rm -rf .venv $(TOOLS) db.sqlite3 var staticfiles mutants
