# Two commands on a fresh machine: `make run` and `make test`. Each creates .venv on first use.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501

.PHONY: run test lint types unit app e2e bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.run-installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.run-installed

run: $(VENV)/.run-installed
	$(PY) -m streamlit run app.py --server.port $(PORT)

test: lint types unit app e2e

lint: $(VENV)/.test-installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

types: $(VENV)/.test-installed
	$(PY) -m mypy crlm_content

unit: $(VENV)/.test-installed
	$(PY) -m pytest tests/unit -q

app: $(VENV)/.test-installed
	$(PY) -m pytest tests/app -q

e2e: $(VENV)/.test-installed
	$(PY) -m pytest tests/e2e -q

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
