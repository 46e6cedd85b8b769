# The README's commands. Each target sets up .venv itself on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: install build serve test bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

build: $(STAMP)
	$(BIN)/rightsgraph build

serve: build
	$(BIN)/rightsgraph serve --host $(HOST) --port $(PORT)

test: build
	$(BIN)/python -m pytest

bench: build
	$(BIN)/python bench/run.py

clean:
	rm -rf build .pytest_cache
