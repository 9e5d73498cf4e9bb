# The two commands of the README, and the pieces they are made of.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

# `make check CHECK_FORMAT=github` prints findings as GitHub annotations (pull requests).
CHECK_FORMAT ?= text
# `make check CHECK_SINCE=origin/main`: also refuse records rewritten since that revision.
CHECK_SINCE ?=

.PHONY: serve test check build preview schema install install-dev clean

## serve: install into .venv and serve the site at http://127.0.0.1:8000
# Editors preview their drafts too: NIANBAO_PREVIEW=1 builds them under a 草稿 banner.
serve: install
	NIANBAO_PREVIEW=1 $(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:8000

## test: install the test dependencies into .venv and run the whole suite
test: install-dev
	$(BIN)/python -m macros check
	$(BIN)/ruff check macros tests
	$(BIN)/python -m pytest

## check: check data and pages without building
check: install
	$(BIN)/python -m macros check --format $(CHECK_FORMAT) $(if $(CHECK_SINCE),--since $(CHECK_SINCE))

## schema: regenerate schema/*.json from the format declaration (macros/format/national.py)
schema: install
	$(BIN)/python -m macros schema

## build: strict build into site/
build: install
	$(BIN)/mkdocs build --strict

## preview: strict build into site-preview/, drafts included under a 草稿 banner (pull requests)
preview: install
	NIANBAO_PREVIEW=1 $(BIN)/mkdocs build --strict -d site-preview

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "需要 Python 3.11，当前为 %d.%d；可用 make PYTHON=python3.11 指定。" % sys.version_info[:2])'
	$(PYTHON) -m venv $(VENV)

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt

install-dev: $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt

clean:
	rm -rf site site-preview .pytest_cache
