# SegDesk — the two commands a fresh machine needs are `make run` and `make test`.
# Both create the virtual environment in .venv/ first (pip only; see README).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# torch first, pinned: on the reference machines these wheels lie on local disk (see README).
TORCH_SPEC ?= torch==2.14.1 torchvision==0.29.1
STAMP := $(VENV)/.segdesk-installed
QM := resources/i18n/segdesk_id.qm
export NO_ALBUMENTATIONS_UPDATE := 1

.PHONY: setup run test lint bench bench-quick bundle bundle-cpu smoke smoke-cpu clean i18n \
	bundle-windows installer-windows smoke-windows

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet $(TORCH_SPEC)
	$(PY) -m pip install --quiet -e '.[dev,fast]'
	touch $(STAMP)

run: $(STAMP) $(QM)
	$(PY) -m desktop $(ARGS)

test: $(STAMP) $(QM)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(PY) -m ruff check desktop tests tools benchmarks

bench: $(STAMP)
	$(PY) -m benchmarks $(ARGS)

bench-quick: $(STAMP)
	$(PY) -m benchmarks --quick $(ARGS)

bundle: $(STAMP)  ## one-folder app in dist/SegDesk/ (PyInstaller, build.spec)
	bash tools/bundle.sh

bundle-cpu: $(STAMP)  ## CPU-only torch bundle in dist/cpu/SegDesk/ (creates build/cpu-venv once)
	bash tools/bundle.sh --cpu

smoke: $(STAMP)  ## runs the built bundle from elsewhere: models, verify, batch, GUI offscreen
	$(PY) tools/smoke_bundle.py

smoke-cpu: $(STAMP)
	$(PY) tools/smoke_bundle.py --bundle dist/cpu/SegDesk

# Windows, built here under Wine (docs/building.md "Windows"): the one-folder app, the per-user
# NSIS installer, and a smoke test that installs it into a fresh Wine prefix and uses it.
bundle-windows: $(STAMP)  ## dist/windows/SegDesk/ (SegDesk.exe, segdesk-cli.exe)
	TORCH_SPEC="$(TORCH_SPEC)" bash tools/windows/build.sh bundle

installer-windows: $(STAMP)  ## dist/windows/SegDesk-<version>-Setup.exe (rebuilds the bundle first)
	TORCH_SPEC="$(TORCH_SPEC)" bash tools/windows/build.sh installer

smoke-windows: $(STAMP)
	$(PY) tools/windows/smoke.py

# Translations (DESIGN §11): the .qm is compiled from the committed .ts sources, never committed.
$(QM): $(STAMP) resources/i18n/segdesk_id.ts resources/i18n/qt_id.ts
	$(PY) tools/i18n.py release

i18n: $(STAMP)  ## re-extract the UI strings into resources/i18n/*.ts (lupdate), compile the .qm
	$(PY) tools/i18n.py update
	$(PY) tools/i18n.py release

clean:
	rm -rf build dist .pytest_cache .ruff_cache
