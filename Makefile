# Networking Workbook — two commands on a fresh machine: `make app` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8866
DB     ?=

.PHONY: app hub test test-fast test-browser notebooks bench demo samples clean help

help:
	@echo "make app     set up and serve the web app on your workbook (http://localhost:$(PORT))"
	@echo "make test    set up and run the whole test suite (unit, property, notebooks, browser)"
	@echo "make hub     serve the app to a coach and a cohort (JupyterHub, http://127.0.0.1:8000)"
	@echo "make bench   run the performance benchmarks at LinkedIn scale"

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet -e '.[test,hub]'
	touch $@

# A coach and a cohort: JupyterHub with configurable-http-proxy (from npm) and NativeAuthenticator.
hub: $(VENV)/.installed-test
	@command -v configurable-http-proxy >/dev/null || npm install -g configurable-http-proxy
	$(PY) -m workbook hub --port $(or $(HUB_PORT),8000)

app: $(VENV)/.installed
	$(PY) -m workbook app --port $(PORT) $(if $(DB),--db "$(DB)")

# The chapters read the person's own workbook when it holds data: nbval checks them on the demo,
# so they are pointed at a workbook that does not exist.
test: $(VENV)/.installed-test
	$(PY) -m pytest tests --doctest-modules workbook -p no:cacheprovider -q
	WORKBOOK_DB="$$(mktemp -d)/none.sqlite" $(PY) -m pytest --nbval notebooks -p no:cacheprovider -q

test-fast: $(VENV)/.installed-test
	$(PY) -m pytest tests --doctest-modules workbook -m "not browser" -q

test-browser: $(VENV)/.installed-test
	$(PY) -m pytest tests -m browser -q

notebooks: $(VENV)/.installed-test
	for nb in notebooks/[0-9]*.ipynb; do \
	  WORKBOOK_DB="$$(mktemp -d)/none.sqlite" $(VENV)/bin/jupyter nbconvert --to notebook --execute --inplace "$$nb" \
	    || exit 1; done

bench: $(VENV)/.installed-test
	$(PY) -m benchmarks

demo: $(VENV)/.installed
	$(PY) -m workbook demo --csv data/demo

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis artifacts
