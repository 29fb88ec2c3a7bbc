# Two commands on a fresh machine: `make run` and `make test`. Each creates .venv on first use and installs
# exactly requirements.lock (run, test and bench dependencies, every file checked by its hash), then the app
# itself without dependencies. `make lock` regenerates the locks from pyproject.toml (README "Install").
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501
LOCK   := requirements.lock
# The image's lock (deploy/Dockerfile): the run dependencies only, at the versions of $(LOCK).
RUN_LOCK := requirements-run.lock
UV_VERSION := 0.13.9
LOCK_FLAGS := --generate-hashes --python-version 3.11 --python-platform x86_64-unknown-linux-gnu \
	--custom-compile-command "make lock" --quiet

.PHONY: run test lint types unit app e2e bench bench-replicas lock clean

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(LOCK) pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --require-hashes -r $(LOCK)
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

# Bytecode first: with PYTHONDONTWRITEBYTECODE set, every start would compile the app's packages from source.
run: $(VENV)/.installed
	$(PY) -c "from devtools.server import write_bytecode; write_bytecode()"
	$(PY) -m streamlit run app.py --server.port $(PORT)

# The unit, app and browser layers also use Debian's chromium, nginx and redis-server; their tests skip without
# them, and fail instead under .ci/run's CRLM_REQUIRE_E2E=1 and CRLM_REQUIRE_REDIS=1 (README).
test: lint types unit app e2e

lint: $(VENV)/.installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

types: $(VENV)/.installed
	$(PY) -m mypy crlm_content crlm_app crlm_dashboard app.py app_pages devtools benchmarks tests

unit: $(VENV)/.installed
	$(PY) -m pytest tests/unit -q

app: $(VENV)/.installed
	$(PY) -m pytest tests/app -q

e2e: $(VENV)/.installed
	$(PY) -m pytest tests/e2e -q

# Performance suite (README "Performance"): one table, JSON in benchmarks/results/latest.json. STRICT=1: exit 1
# when a budget fails. Needs Debian's chromium for the browser rows (apt-get install -y chromium).
bench: $(VENV)/.installed
	$(PY) -m benchmarks $(if $(STRICT),--strict)

# Two replicas behind Debian's nginx (deploy/nginx.conf) on loopback ports; concurrent sessions through it.
bench-replicas: $(VENV)/.installed
	command -v nginx >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq nginx >/dev/null; }
	$(PY) -m benchmarks --replicas

# Regenerate both locks from pyproject.toml for Python 3.11 on Linux x86_64. Keeps every current pin that
# still fits the ranges; UPGRADE=1 moves everything to the newest allowed, UPGRADE=name only that package.
# After a Streamlit change, re-measure crlm_app/runtime/perf_patches.py and viewer_guard.py and update TESTED_STREAMLIT.
lock: | $(PY)
	$(PY) -m pip install --quiet "uv==$(UV_VERSION)"
	$(PY) -m uv pip compile pyproject.toml --extra test --extra bench $(LOCK_FLAGS) \
		$(if $(UPGRADE),$(if $(filter 1,$(UPGRADE)),--upgrade,--upgrade-package $(UPGRADE))) -o $(LOCK)
	$(PY) -m uv pip compile pyproject.toml -c $(LOCK) $(LOCK_FLAGS) -o $(RUN_LOCK)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
