# BackCoach: `make run` serves the app, `make test` runs every check. Both set everything up first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
EXTRAS_STAMP := $(VENV)/.extras-stamp
APT_PACKAGES := chromium espeak-ng tmux opencv-doc
VENDOR_STAMP := src/backcoach/web/static/vendor/VENDOR.json

.PHONY: run test lint typecheck layers pytest system-deps bench lock clean

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "BackCoach needs Python 3.11 or newer")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	$(BIN)/python -m compileall -q src >/dev/null  # byte-code even where PYTHONDONTWRITEBYTECODE is set: faster start
	touch $(STAMP)

# The optional parts (the PNG chart; sentence embeddings: a CPU torch; MediaPipe for the camera) are installed
# for the tests, not for `make run`; lint, type checks and the layer check need none of them.
$(EXTRAS_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev,chart,embeddings,camera]'
	touch $(EXTRAS_STAMP)

run: $(STAMP) $(VENDOR_STAMP)
	@$(BIN)/python -m compileall -q src >/dev/null
	$(BIN)/backcoach serve

# Front-end assets (htmx, the chart library, Swagger UI; axe-core for the tests) from the npm registry, copied
# into the static folder with their versions and licences (devtools/vendor_assets.py). Without npm the pages
# still work: charts fall back to tables and /docs says where the assets are missing.
$(VENDOR_STAMP): package.json package-lock.json devtools/vendor_assets.py | $(STAMP)
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --no-audit --no-fund --ignore-scripts --loglevel=error && $(BIN)/python devtools/vendor_assets.py; \
	else echo "warning: npm is not installed: the pages run without charts and /docs (install Node.js and npm)"; fi

# Debian packages the tests need (a real browser; opencv-doc's photos and video of real people for the camera
# tests), installed when missing.
system-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO="sudo"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null \
	    || echo "warning: could not install$$missing; the tests that need them will say why they skip"; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks devtools

typecheck: $(STAMP)
	$(BIN)/mypy

layers: $(STAMP)
	$(BIN)/lint-imports

pytest: $(EXTRAS_STAMP) $(VENDOR_STAMP) system-deps
	$(BIN)/pytest -n 2 -q

test: lint typecheck layers pytest

bench: $(EXTRAS_STAMP) system-deps
	@$(BIN)/python -m compileall -q src >/dev/null
	$(BIN)/python benchmarks/plan_startup.py
	$(BIN)/python benchmarks/session_store.py
	$(BIN)/python benchmarks/session_load.py
	$(BIN)/python benchmarks/search.py
	$(BIN)/python benchmarks/clinical.py
	$(BIN)/python benchmarks/web.py
	$(BIN)/python benchmarks/pose.py

# Re-pin every dependency after changing pyproject.toml.
lock:
	rm -rf /tmp/backcoach-lock && $(PYTHON) -m venv /tmp/backcoach-lock
	/tmp/backcoach-lock/bin/pip install --quiet -e '.[dev,chart,embeddings,camera]'
	/tmp/backcoach-lock/bin/pip freeze --exclude-editable | grep -v '^backcoach' > constraints.txt

clean:
	rm -rf $(VENV) node_modules src/backcoach/web/static/vendor .mypy_cache .pytest_cache .ruff_cache .hypothesis
