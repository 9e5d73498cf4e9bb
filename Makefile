# The two commands of the README, and the pieces they are made of.
# The distribution's python3 (Debian 12: 3.11.2; Debian 13: 3.13), which builds
# .venv; `make PYTHON=/path/to/python3` for another one (3.11.2 or later).
PYTHON ?= $(firstword $(wildcard /usr/bin/python3) python3)
VENV ?= .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1
# MkDocs runs as `python -m mkdocs` from the project root, which puts the root on
# sys.path: mkdocs.yml names the Markdown extension macros.site.sanitize.

# `make check CHECK_FORMAT=github` prints findings as GitHub annotations (pull requests).
CHECK_FORMAT ?= text
# `make check CHECK_SINCE=origin/main`: also refuse records rewritten since that revision.
CHECK_SINCE ?=
# `make check CHECK_DRAFTS=allow`: list the drafts' errors but pass on them (pull requests:
# a draft is filled on main for weeks; the public site leaves it out, publish refuses it).
CHECK_DRAFTS ?=
# The YAML language server the editor test drives (tests/test_lsp.py), installed by npm
# at the version tests/lsp/package-lock.json pins (`make install-dev`).
LSP_SERVER := tests/lsp/node_modules/yaml-language-server/package.json

.PHONY: serve test check build preview schema install install-dev system-packages clean
# Prerequisites in the order written, even under -j: `make test` checks the
# system packages before it installs or runs anything.
.NOTPARALLEL:

## serve: install into .venv and serve the site at http://127.0.0.1:8000
# Editors preview their drafts too: NIANBAO_PREVIEW=1 builds them under a 草稿 banner.
# No prepare first: under `mkdocs serve` the hooks prepare before every build, and on a
# data error show a page listing it instead of stopping (a draft shows its own findings).
# --dirty: after a change only the pages whose inputs changed are rendered again (each
# page of the tree names its inputs, see prepare.with_render_inputs), seconds on a region's site.
# Search: the index of a preview build made first is put in build/docs/pagefind/, which the
# served site then includes (as of the start: restart serve to search new text). A data error
# there does not stop make: serve then shows the error page.
serve: install
	mkdir -p build/docs
	-$(BIN)/python -m macros prepare --preview
	-NIANBAO_PREVIEW=1 $(BIN)/python -m mkdocs build --strict --quiet -d site-preview
	-$(BIN)/python -m macros search-index site-preview --out build/docs/pagefind
	NIANBAO_PREVIEW=1 $(BIN)/python -m mkdocs serve --strict --dirty --dev-addr 127.0.0.1:8000

## test: check the system packages, install the test dependencies into .venv and run the whole suite
test: system-packages install-dev
	$(BIN)/python -m macros check $(if $(CHECK_DRAFTS),--allow-drafts)
	$(BIN)/ruff check macros tests benchmarks
	$(BIN)/ruff format --check macros tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest

## check: check data and pages without building
check: install
	$(BIN)/python -m macros check --format $(CHECK_FORMAT) $(if $(CHECK_SINCE),--since $(CHECK_SINCE)) $(if $(CHECK_DRAFTS),--allow-drafts)

## schema: regenerate schema/*.json from the format declaration (macros/format/national.py)
schema: install
	$(BIN)/python -m macros schema

## build: strict build into site/
# One process (macros/site/whole.py): prepare, `mkdocs build --strict`, then the search index, which is
# a step of its own after MkDocs (not a hook). MkDocs takes the checked project from memory; the three
# commands one by one (`python -m macros prepare`, `mkdocs build --strict`, `python -m macros search-index
# site`) give the same site, reading the check sealed into build/docs/ instead.
build: install
	$(BIN)/python -m macros build

## preview: strict build into site-preview/, drafts included under a 草稿 banner (pull requests)
preview: install
	$(BIN)/python -m macros build --preview

## system-packages: only report (one line, the command to run) what `make test` misses from Debian
system-packages:
	@.ci/system-packages --check

# Python 3.11.2 or later with venv; otherwise one line naming the command to run.
# A venv left half-made by a failure is removed, so the next run starts over.
$(BIN)/python:
	@.ci/check-python $(PYTHON)
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); exit 1; }

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt

install-dev: $(BIN)/python $(LSP_SERVER)
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt

# The YAML language server, again only when the lock changes; no install scripts run.
$(LSP_SERVER): tests/lsp/package-lock.json
	cd tests/lsp && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf site site-preview .pytest_cache
