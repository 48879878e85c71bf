# govqa: two commands do all the set-up on a fresh machine.
#   make run   - build the environment, generate the demo corpus, parse it, show the reports
#   make test  - build the environment and run the test suite
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DEMO   := demo-corpus
SEEDS  := ../shared/seeds

.PHONY: install run test lint format clean

$(STAMP): pyproject.toml Makefile
	@command -v $(PYTHON) >/dev/null || { echo "Error: $(PYTHON) not found; set PYTHON=/path/to/python3.11"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --upgrade pip
	# CPU torch first: a plain `torch` would pull several GB of CUDA packages.
	$(BIN)/pip install torch==2.13.0
	$(BIN)/pip install -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/govqa demo --out $(DEMO)
	$(BIN)/govqa check $(DEMO) $(wildcard $(SEEDS)) --summary

test: install
	HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 $(BIN)/pytest -q

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) $(DEMO) govqa-data .pytest_cache .ruff_cache .hypothesis
