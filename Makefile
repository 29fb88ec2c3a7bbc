# Two commands on a fresh machine: `make run` and `make test`. Each creates .venv on first use.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501

.PHONY: run test lint types unit app e2e bench bench-replicas clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.run-installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.run-installed

$(VENV)/.bench-installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[bench]'
	touch $@ $(VENV)/.run-installed

run: $(VENV)/.run-installed
	$(PY) -m streamlit run app.py --server.port $(PORT)

test: lint types unit app e2e

lint: $(VENV)/.test-installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

types: $(VENV)/.test-installed
	$(PY) -m mypy crlm_content app.py ui.py tools_ui.py admission.py gc_policy.py perf_patches.py viewer_guard.py app_pages benchmarks tests

unit: $(VENV)/.test-installed
	$(PY) -m pytest tests/unit -q

app: $(VENV)/.test-installed
	$(PY) -m pytest tests/app -q

e2e: $(VENV)/.test-installed
	$(PY) -m pytest tests/e2e -q

# Performance suite (README "Performance"): one table, JSON in benchmarks/results/latest.json. STRICT=1: exit 1
# when a budget fails. Needs Debian's chromium for the browser rows (apt-get install -y chromium).
bench: $(VENV)/.bench-installed
	$(PY) -m benchmarks $(if $(STRICT),--strict)

# Two replicas behind Debian's nginx (deploy/nginx.conf) on loopback ports; concurrent sessions through it.
bench-replicas: $(VENV)/.bench-installed
	command -v nginx >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq nginx >/dev/null; }
	$(PY) -m benchmarks --replicas

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
