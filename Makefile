# troopwatch: every command a user, an analyst or CI needs.
#   make reports   run every notebook with its default parameters into reports/default/
#   make test      unit tests, then strict nbval on the committed notebooks
# See README.md for the rest.

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV     := .venv
PYTHON   := $(VENV)/bin/python
STAMP    := $(VENV)/.setup-done
KERNEL   := troopwatch
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]_*.ipynb))

# Caches and resources live inside .venv, so a run never depends on the user's home.
export MPLCONFIGDIR := $(CURDIR)/$(VENV)/mplconfig
export NLTK_DATA    := $(CURDIR)/$(VENV)/nltk_data
export PYTHONHASHSEED := 0
export PYDEVD_DISABLE_FILE_VALIDATION := 1
export JUPYTER_PLATFORM_DIRS := 1
export SHOW_CODE

NYT_DIR   := data/external/hutto_ICWSM_2014
NYT_STAMP := $(NYT_DIR)/.done

.PHONY: help setup data import validate evaluate lock check test unit nbval nbval-blas reports batch report index bench refresh lab clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

setup: $(STAMP) $(NYT_STAMP)  ## build .venv from requirements.lock and fetch the rating data (a no-op when nothing changed)

$(STAMP): requirements.lock pyproject.toml lib/troopwatch/_setup/provision.py
	test -x $(PYTHON) || python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --disable-pip-version-check "$$(grep -o '^uv==[^ ]*' requirements.lock)"
	$(VENV)/bin/uv pip sync --quiet --compile-bytecode --python $(PYTHON) requirements.lock
	$(VENV)/bin/uv pip install --quiet --python $(PYTHON) --no-deps -e .
	$(PYTHON) -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (troopwatch)" > /dev/null
	$(PYTHON) -m troopwatch._setup.provision
	touch $@

data: $(NYT_STAMP)  ## fetch the human-rated NYT sentences (in the vaderSentiment sdist) into data/external/

# The only network use besides installing packages: pip fetches the vaderSentiment source
# distribution pinned in requirements.lock, checks its hash against the lock, and unpacks the
# ratings that its authors ship in additional_resources/. git ignores data/. It fails closed: an
# unreachable index or a hash the lock does not list stops with one line saying which.
$(NYT_STAMP): requirements.lock | $(STAMP)
	rm -rf $(NYT_DIR)
	@$(PYTHON) -m troopwatch._setup.provision ratings data/external requirements.lock
	touch $@

import: setup  ## import articles: make import SRC="pages/ export.csv" [CORPUS=corpus] [MAP=text=body] [METADATA=meta.csv]
	@test -n "$(SRC)" || { echo 'usage: make import SRC="pages/ export.csv" [CORPUS=corpus] [MAP=text=body] [METADATA=meta.csv]' >&2; exit 2; }
	$(VENV)/bin/troopwatch import $(SRC) --corpus $(or $(CORPUS),corpus) $(if $(MAP),--map '$(MAP)') $(if $(METADATA),--metadata '$(METADATA)')

validate: setup  ## VADER's validity on 5,190 human-rated NYT sentences, and the calibrated model's
	$(PYTHON) -m troopwatch.measure.calibration

evaluate: setup  ## score every extractor on the independent gold sets in corpus/annotations/gold/
	$(PYTHON) -c 'from troopwatch.measure.evaluation import main; main()'

lock:  ## re-resolve requirements.lock from pyproject.toml (needs the package index)
	test -x $(VENV)/bin/uv || { python3 -m venv $(VENV) && $(PYTHON) -m pip install --quiet uv; }
	$(VENV)/bin/uv pip compile pyproject.toml --all-extras --python-version 3.11 --generate-hashes --quiet -o requirements.lock

test: check unit nbval nbval-blas  ## the checks, unit tests, then strict nbval on the notebooks twice (two BLAS kernels)

check: setup  ## ruff (lint and format) and mypy on the package, configured in pyproject.toml
	$(VENV)/bin/ruff check lib
	$(VENV)/bin/ruff format --check lib
	$(VENV)/bin/mypy

unit: setup
	$(PYTHON) -m pytest tests lib

NBVAL := $(PYTHON) -m pytest --nbval --nbval-kernel-name $(KERNEL) --nbval-sanitize-with tests/nbval_sanitize.cfg notebooks
BLAS_KERNEL := $(PYTHON) -c 'import numpy, threadpoolctl; print("BLAS:", *sorted({"%s %s kernel, %s thread(s)" % (i["internal_api"], i["architecture"], i["num_threads"]) for i in threadpoolctl.threadpool_info()}))'

nbval: setup
	@$(BLAS_KERNEL)
	$(NBVAL)

# The same committed outputs must come back under another BLAS kernel and thread count, with the
# calibrated model retrained from scratch in a cache of its own: proof that nothing shown depends on
# the CPU. OPENBLAS_CORETYPE picks the kernel of the OpenBLAS that numpy and scipy ship.
nbval-blas: setup
	rm -rf data/cache-blas
	@OPENBLAS_NUM_THREADS=1 OPENBLAS_CORETYPE=Sandybridge $(BLAS_KERNEL)
	OPENBLAS_NUM_THREADS=1 OPENBLAS_CORETYPE=Sandybridge TROOPWATCH_CACHE_DIR=$(CURDIR)/data/cache-blas $(NBVAL)

# --- reports ---------------------------------------------------------------------------------
# reports/<set>/<notebook>.{ipynb,html} (+ <notebook>_files/ with PNG figures and CSV tables).
# A report is rebuilt only when its notebook, its parameter set, the corpus, or lib/ (code and
# resources) changed. Every job writes only under its own reports/<set>/, through temporary
# files renamed into place, so `make -j2 batch` is safe.
SETS          := $(sort $(basename $(notdir $(wildcard params/*.yaml))))
NB_NAMES      := $(basename $(notdir $(NOTEBOOKS)))
LIBRARY       := $(shell find lib/troopwatch -type f -not -path '*/__pycache__/*')
CORPUS_FILES  := corpus/metadata.csv $(wildcard corpus/articles/*) $(wildcard corpus/annotations/*)
REPORT_DEPS   := $(LIBRARY) $(CORPUS_FILES)
DEFAULT_REPORTS := $(foreach n,$(NB_NAMES),reports/default/$(n).html)
BATCH_REPORTS   := $(foreach s,$(SETS),$(foreach n,$(NB_NAMES),reports/$(s)/$(n).html))
# Each run prints one line: the report it wrote and its elapsed time (errors go to stderr).
RUN_REPORT    := $(PYTHON) -m troopwatch.report.runner run

reports: $(DEFAULT_REPORTS)  ## run every notebook with its default parameters, then reports/index.html
	@$(MAKE) --no-print-directory -s index

batch: $(BATCH_REPORTS)  ## run every notebook with every parameter set in params/, then the index
	@$(MAKE) --no-print-directory -s index

report: setup  ## one report: make report NB=01_troop_numbers PARAMS=params/february-2022.yaml
	@test -n "$(NB)" || { echo "usage: make report NB=<notebook name> [PARAMS=params/<set>.yaml]" >&2; exit 2; }
	@$(RUN_REPORT) notebooks/$(NB).ipynb $(or $(PARAMS),-) reports/$(if $(PARAMS),$(basename $(notdir $(PARAMS))),default)
	@$(MAKE) --no-print-directory -s index

index: reports/index.html

# Reads the reports' notebook metadata as JSON: no kernel, no pandas or NLTK.
reports/index.html: $(wildcard reports/*/*.ipynb)
	@$(PYTHON) -m troopwatch.report.runner index reports

reports/default/%.html: notebooks/%.ipynb $(REPORT_DEPS) | setup
	@$(RUN_REPORT) $< - reports/default

define REPORT_RULE
reports/$(1)/%.html: notebooks/%.ipynb params/$(1).yaml $$(REPORT_DEPS) | setup
	@$$(RUN_REPORT) $$< params/$(1).yaml reports/$(1)
endef
$(foreach set,$(SETS),$(eval $(call REPORT_RULE,$(set))))

# BENCH_SIZES=1000,10000 (the default) sets the synthetic corpus sizes, generated under data/bench/;
# BENCH_MAKE=0 skips the make targets. Every figure is a ratio measured in the same run.
bench: setup  ## kernel floor, make report/reports/-j2 batch (replaces reports/), analyse at scale vs bare VADER
	$(PYTHON) -m troopwatch.report.bench

refresh: setup  ## re-execute the committed notebooks in place, without papermill's run metadata
	@for nb in $(NOTEBOOKS); do \
	  $(VENV)/bin/papermill --cwd notebooks -k $(KERNEL) --no-progress-bar $$nb $$nb || exit 1; \
	  $(PYTHON) -m troopwatch._setup.nbclean $$nb || exit 1; \
	done

lab: $(STAMP)  ## open JupyterLab on the notebooks
	$(VENV)/bin/jupyter lab notebooks

clean:  ## remove generated reports and caches (keeps .venv)
	rm -rf reports .pytest_cache .hypothesis .mypy_cache .ruff_cache
	find . -name __pycache__ -not -path './$(VENV)/*' -prune -exec rm -rf {} +
