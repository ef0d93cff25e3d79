# patentnav — every target sets up what it needs. `make test` is the one CI runs.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup lint typecheck test test-fast bench-smoke demo serve neo4j-start neo4j-stop \
        bench-ingest bench-nlp bench-query bench-collaborators bench-chain-mapping bench-abnormal clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

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
	$(BIN)/patentnav bench query --sizes 500 --stores embedded --repeats 3
	$(BIN)/patentnav bench chain-mapping --split test
	$(BIN)/patentnav bench collaborators --latency-size 0
	$(BIN)/patentnav bench abnormal

demo: setup  ## build the demo graph (embedded store, no server) and serve the API on :8000
	$(BIN)/patentnav demo

serve: setup
	$(BIN)/patentnav serve

neo4j-start: setup  ## start the project's Neo4j for development; prints the env to use it
	$(BIN)/patentnav neo4j start
	$(BIN)/patentnav neo4j env

neo4j-stop: setup
	$(BIN)/patentnav neo4j stop

bench-ingest: setup
	$(BIN)/patentnav bench ingest --sizes 10000,100000 --stores embedded,neo4j

bench-abnormal: setup  ## warnings against the anomalies the demo generator planted
	$(BIN)/patentnav bench abnormal --missed

bench-nlp: setup
	$(BIN)/patentnav bench nlp

bench-query: setup
	$(BIN)/patentnav bench query --sizes 10000,100000 --stores embedded,neo4j

bench-collaborators: setup  ## dev-set Recall@5 / MRR beside BM25, and p95 of one query on a 100k graph
	$(BIN)/patentnav bench collaborators

bench-chain-mapping: setup  ## chain mapping 查准率 / 查全率 on the labelled set
	$(BIN)/patentnav bench chain-mapping

clean:
	rm -rf $(VENV) .cache var .mypy_cache .ruff_cache .pytest_cache
