# The two set-up commands of the README. Both create .venv on first use.
#   make demo   install coachsmith and run the quickstart pipeline on the bundled model
#   make test   install coachsmith with the dev extra and run the whole test suite
#
# llama-cpp-python is compiled once per version and CPU flags by scripts/install_llama_cpp.py,
# with portable flags (no -march=native: a build that uses every feature the build machine's
# CPU advertises crashes where the OS does not enable them, e.g. AMX under some hypervisors).
# It never takes a wheel from pip's cache. For a native build on a machine you trust:
#   CMAKE_ARGS="-DGGML_NATIVE=ON" make clean test
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin

.PHONY: demo test lint clean risk-model

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "coachsmith needs Python 3.11+"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Re-run when the pin or the flags change; the script itself skips a build it already installed.
$(VENV)/.llama-cpp: pyproject.toml scripts/install_llama_cpp.py src/coachsmith/_llama_build.py | $(BIN)/python
	$(BIN)/python scripts/install_llama_cpp.py
	touch $@

# The demo trains and exports after the data stages, so it needs the train and export extras.
$(VENV)/.installed: pyproject.toml $(VENV)/.llama-cpp
	$(BIN)/pip install --quiet -e '.[train,export]'
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.llama-cpp
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/coachsmith run -c examples/quickstart.yaml

test: $(VENV)/.installed-dev
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/mypy

# Retrain the risk model from data/risk (one command; same data, seed and thread count give the
# same weights and thresholds). Writes build/safety/ only and says whether the result is the
# shipped model; ship it with: cp build/safety/risk_model.npz src/coachsmith/safety/models/
risk-model: $(VENV)/.installed-dev
	$(BIN)/pip install --quiet -e '.[dev,safety-train]'
	$(BIN)/python scripts/split_data.py
	nice $(BIN)/python scripts/train_risk.py
	-$(BIN)/python scripts/compare_risk_model.py build/safety/risk_model.npz src/coachsmith/safety/models/risk_model.npz

clean:
	rm -rf $(VENV) runs .pytest_cache .mypy_cache .ruff_cache
