# patentnav — every target sets up what it needs. `make test` is the one CI runs.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# make demo PORT=8080 HOST=0.0.0.0 DB=var/other.sqlite (DB empty: the default store, settings.db_path)
HOST ?= 127.0.0.1
PORT ?= 8000
DB ?=

.PHONY: setup lint typecheck test test-fast bench-smoke demo serve neo4j-start neo4j-stop \
        bench-ingest bench-nlp bench-query bench-collaborators bench-chain-mapping bench-abnormal bench-burst clean

# pip prints one line per package, so the first (1-3 min) install is not silent.
$(STAMP): pyproject.toml constraints.txt
	@echo "== [1/2] 创建虚拟环境 $(VENV) (creating the virtual environment)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	@echo "== [2/2] 安装固定版本的依赖, 首次约 1-3 分钟 (installing the pinned dependencies)"
	$(BIN)/pip install --progress-bar on -c constraints.txt -e '.[dev]'
	touch $(STAMP)
	@echo "== 依赖已安装 (dependencies installed)"

setup: $(STAMP)  ## virtual environment with pinned dependencies

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: setup
	$(BIN)/mypy

# The full suite: lint, types, unit + contract (both stores; the fixture starts the
# project's own Neo4j server, assembled from Maven Central) + API tests, then the
# evaluation/benchmark commands on small slices so they cannot rot.
test: lint typecheck
	sh ops/install-chromium.sh
	$(BIN)/pytest -q -rfEs --durations=15
	$(MAKE) bench-smoke

test-fast: setup  ## unit tests only, no Neo4j
	$(BIN)/pytest -q -m "not neo4j" tests/unit

bench-smoke: setup
	$(BIN)/patentnav bench nlp --slice 40
	$(BIN)/patentnav bench ingest --sizes 500 --stores embedded
	$(BIN)/patentnav bench query --sizes 500 --stores embedded --repeats 3 --via store,api
	$(BIN)/patentnav bench chain-mapping --split test
	$(BIN)/patentnav bench collaborators --latency-size 0
	$(BIN)/patentnav bench abnormal
	$(BIN)/patentnav bench burst --size 500 --clients 4 --requests 5

demo: setup  ## load the demo corpus into the default store (embedded, no server) and serve it on $(HOST):$(PORT)
	$(BIN)/patentnav demo --host $(HOST) --port $(PORT) $(if $(DB),--db $(DB))

serve: setup
	$(BIN)/patentnav serve --host $(HOST) --port $(PORT) $(if $(DB),--db $(DB))

neo4j-start: setup  ## start the project's Neo4j for development; prints the env to use it
	$(BIN)/patentnav neo4j start
	$(BIN)/patentnav neo4j env

neo4j-stop: setup
	$(BIN)/patentnav neo4j stop

bench-ingest: setup
	$(BIN)/patentnav bench ingest --sizes 10000,100000 --stores embedded,neo4j

bench-abnormal: setup  ## warnings against the anomalies the demo generator planted
	$(BIN)/patentnav bench abnormal --missed

bench-burst: setup  ## the real server under 8 clients x 25 requests on the demo-size graph
	$(BIN)/patentnav bench burst --size 3000 --clients 8 --requests 25

bench-nlp: setup
	$(BIN)/patentnav bench nlp

bench-query: setup
	$(BIN)/patentnav bench query --sizes 10000,100000 --stores embedded,neo4j --via store,api --json var/bench-query.json

bench-collaborators: setup  ## dev-set Recall@5 / MRR beside BM25, and p95 of one query on a 100k graph
	$(BIN)/patentnav bench collaborators

bench-chain-mapping: setup  ## chain mapping 查准率 / 查全率 on the labelled set
	$(BIN)/patentnav bench chain-mapping

clean:
	rm -rf $(VENV) .cache var .mypy_cache .ruff_cache .pytest_cache
