# One entry point for everything: `make demo`, `make test`, `make bench`, `make flows`, `make synth`.
# Every target installs what it needs first and is safe to run again.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP_PY := $(VENV)/.installed
STAMP_NODE := node_modules/.installed
ACTIONLINT := $(VENV)/bin/actionlint

# The pinned Node 22 and CDK CLI (node_modules/.bin) and the venv come first on PATH, so `npx cdk`
# and the jsii runtime behind aws-cdk-lib use them instead of the machine's Node 20.
export PATH := $(CURDIR)/node_modules/.bin:$(CURDIR)/$(VENV)/bin:$(PATH)
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: install demo test lint lint-workflows unit bench flows synth clean

install: $(STAMP_PY) $(STAMP_NODE)

$(STAMP_PY): requirements.txt requirements-dev.txt lambdas/customer_lookup/requirements.txt pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

$(STAMP_NODE): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

demo: install
	$(PY) -m scripts.demo

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
	@if [ -x $(ACTIONLINT) ]; then echo "$(ACTIONLINT)"; $(ACTIONLINT); \
	else echo "lint: .github/workflows not checked: actionlint is not installed (make lint-workflows installs it; it needs github.com)"; fi

# actionlint (and shellcheck, when it is on PATH, over every run: block) on .github/workflows.
lint-workflows: install
	$(PY) -m pip install --quiet -r requirements-workflows.txt
	$(ACTIONLINT)

test: lint
	$(PY) -m pytest

bench: install
	$(PY) -m bench

flows: install
	$(PY) -m flows generate

synth: install
	npx cdk synth --quiet
	$(PY) -m stacks.synth_summary cdk.out

clean:
	rm -rf cdk.out .build .pytest_cache .hypothesis .mypy_cache .ruff_cache
