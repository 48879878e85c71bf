# govqa: two commands do all the set-up on a fresh machine.
#   make run   - build the environment, generate the demo corpus, ingest it (and ../shared/seeds
#                when present), start the chat app on http://127.0.0.1:8501
#   make test  - build the environment, install the system packages the tests need, run them
#   make test-fast - the same without the tests marked slow, for the edit-test loop
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DEMO   := demo-corpus
DATA   ?= govqa-data
PORT   ?= 8501
SEEDS  := $(wildcard ../shared/seeds)

.PHONY: install system-deps run test test-fast lint format clean

$(STAMP): pyproject.toml Makefile
	@command -v $(PYTHON) >/dev/null || { echo "Error: $(PYTHON) not found; set PYTHON=/path/to/python3.11"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --upgrade pip
	# CPU torch first: a plain `torch` would pull several GB of CUDA packages.
	$(BIN)/pip install torch==2.13.0
	$(BIN)/pip install -e '.[dev]'
	# OCR models (PP-OCR det/rec/cls) ship inside this wheel; --no-deps because it asks for the
	# GUI opencv-python, whose cv2 would clash with opencv-python-headless (in pyproject.toml
	# with the wheel's other dependencies).
	$(BIN)/pip install --no-deps 'rapidocr-onnxruntime==1.4.4'
	touch $(STAMP)

install: $(STAMP)

# Debian packages the tests need: PostgreSQL (stores on a real server), Chromium with its
# driver (the browser test drives the app headless), LibreOffice Writer without GUI (converts
# .doc/.wps/.rtf/.odt to .docx) and a CJK font (pdfium rasterizes the synthetic scans with it).
APT_NEEDED = $(strip \
	$(if $(shell command -v initdb 2>/dev/null || ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null),,postgresql) \
	$(if $(wildcard /usr/bin/chromium),,chromium) \
	$(if $(wildcard /usr/bin/chromedriver),,chromium-driver) \
	$(if $(wildcard /usr/bin/soffice),,libreoffice-writer-nogui) \
	$(if $(wildcard /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc),,fonts-wqy-zenhei))

system-deps:
	@if [ -n "$(APT_NEEDED)" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "installing $(APT_NEEDED) (apt-get)"; \
			apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $(APT_NEEDED); \
		else \
			echo "Error: missing Debian packages: $(APT_NEEDED); install them (sudo apt-get install $(APT_NEEDED)) and rerun"; exit 1; \
		fi; \
	fi

run: install
	$(BIN)/govqa demo --out $(DEMO)
	# A file that fails to ingest is listed with its reason; the app starts anyway.
	-$(BIN)/govqa ingest $(DEMO) $(SEEDS) --data-dir $(DATA)
	$(BIN)/govqa app --data-dir $(DATA) --port $(PORT)

test: install system-deps
	HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 $(BIN)/pytest -q

test-fast: install system-deps
	HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 $(BIN)/pytest -q -m "not slow"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) $(DEMO) $(DATA) .pytest_cache .ruff_cache .hypothesis
