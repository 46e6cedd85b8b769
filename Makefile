# The README's commands. Each target sets up .venv itself on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1
PORT   ?= 8000

CHROMIUM ?= /usr/bin/chromium

.PHONY: install build serve test bench clean node-clients

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

# The browser tests drive Debian's Chromium (never a downloaded browser build).
$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "the browser tests need Debian's chromium: sudo apt-get install chromium"; exit 1; \
	fi

# The Node clients tests/clients drives (Comunica, pinned by tests/clients/package-lock.json), in .venv/node:
# only where node and npm exist, once per lock change; without them those tests skip and say why.
NODE_DIR   := $(VENV)/node
NODE_STAMP := $(NODE_DIR)/.installed-stamp
NODE_PKG   := tests/clients/package.json tests/clients/package-lock.json

$(NODE_STAMP): $(NODE_PKG)
	@echo "installing the Node clients of tests/clients (Comunica) into $(NODE_DIR)"
	@mkdir -p $(NODE_DIR) && cp $(NODE_PKG) $(NODE_DIR)/
	@cd $(NODE_DIR) && npm ci --no-audit --no-fund --loglevel=error >/dev/null
	@touch $@

node-clients:
	@if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then \
		$(MAKE) -s --no-print-directory $(NODE_STAMP) || echo "node-clients: npm ci failed; the Comunica tests will skip"; \
	else \
		echo "node-clients: node or npm not found; the Comunica tests will skip"; \
	fi

test: build $(CHROMIUM) node-clients
	$(BIN)/python -m pytest

bench: build
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	@command -v wrk >/dev/null || echo "bench: wrk not found (Debian/Ubuntu: apt-get install wrk); loading with bench/load.py instead"
	$(BIN)/python bench/run.py --http-report $(BENCH_ARGS)
	$(BIN)/python bench/unique.py $(BENCH_UNIQUE_ARGS)

clean:
	rm -rf build .pytest_cache
