# NRWbot – the one command surface, the same locally and in CI.
#   make run    set up what is missing, train if needed, start the bot (Ctrl-C stops everything)
#   make test   set up what is missing, then the whole test suite
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
NRWBOT := $(VENV)/bin/nrwbot
INSTALLED := $(VENV)/.installed
SPACY := build/spacy/de_nrwbot/meta.json
BROWSER := build/.browser-deps
NGINX := build/.nginx
export TF_CPP_MIN_LOG_LEVEL ?= 2
# No telemetry or crash reports leave a municipal server.
export RASA_TELEMETRY_ENABLED := false
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export PYTHONWARNINGS ?= ignore::DeprecationWarning

.PHONY: setup run run-cluster test test-fast train validate evaluate bench lint lock clean

setup: $(INSTALLED) $(SPACY) $(BROWSER) $(NGINX) ## install everything and train the model if none matches
	@$(NRWBOT) train

$(INSTALLED): pyproject.toml requirements/constraints.txt scripts/find-python310.sh
	@python310="$$(scripts/find-python310.sh)" || exit 1; \
	  if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))'; then \
	    rm -rf $(VENV); echo "Creating $(VENV) with $$python310"; "$$python310" -m venv $(VENV); fi
	$(PY) -m pip install --quiet --upgrade "pip==24.0"
	$(PY) -m pip install --quiet -c requirements/constraints.txt -e ".[dev]"
	@touch $@

$(SPACY): $(INSTALLED) bot/nrwbot/spacy_pipeline.py
	$(PY) -c 'from pathlib import Path; from nrwbot.spacy_pipeline import build_pipeline; build_pipeline(Path("build/spacy/de_nrwbot"))'
	@touch $@

# Browser tests drive Debian's Chromium (Playwright's own browser download is not possible here)
# and inject axe-core from npm; both are installed here, never by hand.
$(BROWSER): tests/browser/package.json tests/browser/package-lock.json
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Browser tests need Debian's chromium: sudo apt-get install -y chromium" >&2; exit 1; fi; fi
	cd tests/browser && npm ci --no-audit --no-fund --silent
	@mkdir -p build && touch $@

# The cluster (make run-cluster, its test) balances replicas with Debian's nginx, installed here.
# The package starts a default site on port 80 that NRWbot does not use: it is stopped.
$(NGINX):
	@if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null; \
	    (service nginx stop || nginx -s stop || true) >/dev/null 2>&1; \
	  else echo "The cluster needs Debian's nginx: sudo apt-get install -y nginx" >&2; exit 1; fi; fi
	@mkdir -p build && touch $@

run: setup
	$(NRWBOT) run

# Two Rasa replicas and two action servers behind nginx, PostgreSQL tracker store, Redis locks.
run-cluster: setup
	NRWBOT_TRACKER_STORE_URL=$${NRWBOT_TRACKER_STORE_URL:-postgresql://postgres@127.0.0.1:5432/test} \
	  $(NRWBOT) run --cluster

# The browser tests run in a pytest process of their own: Playwright's sync API keeps an event
# loop running in the main thread, which pytest-asyncio's runner cannot share.
test: setup lint
	$(PY) -m pytest --ignore=tests/browser
	$(PY) -m pytest tests/browser

test-fast: $(INSTALLED) $(SPACY)
	$(PY) -m pytest -m "not integration" --ignore=tests/browser

train: $(INSTALLED) $(SPACY)
	$(NRWBOT) train

validate: $(INSTALLED) $(SPACY)
	$(NRWBOT) validate

# NLU figures on a file never trained on: make evaluate EVAL_SET=path/to/set.yml
EVAL_SET ?= tests/nlu/heldout.yml
evaluate: setup
	$(NRWBOT) evaluate --nlu $(EVAL_SET)

# Simulated citizens over REST against an isolated NRWbot and a vanilla `rasa init` bot, side by
# side on this machine (nrwbot bench --help): JSON and PNG in var/bench/. Takes about 10 minutes.
#   make bench BENCH_ARGS="--concurrency 1,5,10,20 --duration 30 --note 'idle machine'"
BENCH_ARGS ?=
bench: setup
	$(NRWBOT) bench --start $(BENCH_ARGS)

lint: $(INSTALLED)
	$(VENV)/bin/ruff check bot actions admin connectors domains backend tests
	$(VENV)/bin/ruff format --check bot actions admin connectors domains backend tests
	$(VENV)/bin/mypy

lock: $(INSTALLED) ## re-pin requirements/constraints.txt from the current venv
	{ echo "# Pinned versions for the NRWbot venv (Python 3.10). Regenerate with: make lock"; \
	  $(PY) -m pip freeze --exclude-editable; } > requirements/constraints.txt

clean:
	rm -rf build models .pytest_cache
