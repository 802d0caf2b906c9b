PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEMO_LOG := data/demo/requests.jsonl.gz
DEMO_LABELS := data/demo/labels.parquet

.PHONY: setup demo test bench clean

$(STAMP): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	$(PY) -m pip install -q --no-deps -e .
	$(PY) -c "from embedcluster.clusters import compile_kernels; compile_kernels()"
	$(PY) -c "from embedcluster import load_config; from embedcluster.embed import make_embedders; make_embedders(load_config().embed)"
	touch $(STAMP)

setup: $(STAMP)

$(DEMO_LOG): $(wildcard scripts/make_demo_logs.py scripts/demo_logs/*.py) | $(STAMP)
	mkdir -p data/demo
	$(PY) -m scripts.make_demo_logs --seed 7 --size 10000 --hard 0.35 --out $(DEMO_LOG) --labels $(DEMO_LABELS)

demo: $(STAMP) $(DEMO_LOG)
	$(VENV)/bin/embedcluster run $(DEMO_LOG) --out demo_out
	$(PY) -m scripts.evaluate $(DEMO_LABELS) demo_out

test: $(STAMP)
	$(PY) -m pytest -q

# make bench REQUESTS=200000 [PART=embedcluster]: embedcluster against the plain pipeline (scripts.bench).
REQUESTS ?= 20000
PART ?= both
bench: $(STAMP)
	$(PY) -m scripts.bench --requests $(REQUESTS) --part $(PART) --work bench/$(REQUESTS) --json bench/$(REQUESTS)/result.json

clean:
	rm -rf $(VENV) demo_out data/demo
