# Frontdoor: `make demo` runs a populated synthetic borough; `make test` runs every test.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
export DJANGO_SETTINGS_MODULE ?= frontdoor.settings.local

.PHONY: demo test install system-packages assets lint typecheck security pytest benchmark clean

demo: install
	$(BIN)/frontdoor migrate --no-input
	$(BIN)/frontdoor demo
	@# Served as a deployment would be, with the service's own error pages, not debug pages.
	DEBUG=false $(BIN)/frontdoor runserver 127.0.0.1:8000

test: install system-packages lint typecheck security pytest

install: $(VENV)/.installed build/static/frontdoor.css

$(VENV)/.installed: requirements.txt requirements-dev.txt pyproject.toml
	bash scripts/install-system-packages.sh fonts
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip==26.3
	$(BIN)/pip install --quiet -r requirements-dev.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

build/static/frontdoor.css: package.json package-lock.json scripts/build-assets.mjs src/frontdoor/web/assets/frontdoor.scss
	npm ci --no-audit --no-fund --loglevel=error
	npm run --silent build

system-packages:
	bash scripts/install-system-packages.sh fonts browser

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck:
	$(BIN)/mypy

# Static analysis of our code (bandit; skips in pyproject.toml), then known vulnerabilities in
# the installed packages (pip-audit; fails when it cannot reach the data, see the script).
security:
	$(BIN)/bandit -c pyproject.toml -r src -q
	bash scripts/pip-audit.sh

# Every test on SQLite; then again on the database DATABASE_URL names, when it names one.
pytest:
	env -u DATABASE_URL DJANGO_SETTINGS_MODULE=frontdoor.settings.test $(BIN)/pytest
	if [ -n "$$DATABASE_URL" ]; then DJANGO_SETTINGS_MODULE=frontdoor.settings.test $(BIN)/pytest; fi

benchmark: install
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) node_modules build var
