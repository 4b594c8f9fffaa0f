# IOC Workbench — the two commands of the quick start are `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DAYS   ?= 14
SCALE  ?= 1
# Tests write into HOME/TMPDIR (Jupyter runtime, matplotlib, IPython): give them scratch dirs.
SCRATCH := $(CURDIR)/.tmp/test-home
PYTEST_ARGS ?= -n 2 --dist loadgroup

.PHONY: install demo serve lint test test-fast bench lock clean help

help:
	@echo "make demo   — cài đặt, sinh dữ liệu mẫu và chạy dashboard tại http://127.0.0.1:5006"
	@echo "make test   — cài đặt, kiểm tra mã (make lint) và chạy toàn bộ bộ kiểm thử"
	@echo "make lint   — ruff: lỗi mã và định dạng"
	@echo "make bench  — đo hiệu năng (in ra tỉ lệ so với chuẩn)"

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# torch first and exactly this version: the CPU wheel on local disk (any other spec may pull CUDA)
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/ioc init
	$(BIN)/ioc demo --days $(DAYS) --scale $(SCALE) --models --demo-logins
	$(BIN)/ioc report render monthly --period $$(date +%m/%Y)
	@echo "Bảng điều khiển: http://127.0.0.1:5006/overview — đăng nhập demo.ioc_lead / demo1234  (Ctrl+C để dừng)"
	@echo "Video wall: http://127.0.0.1:5006/wall?screen=0 — báo cáo tháng: data/reports/"
	$(BIN)/ioc serve

serve: install
	$(BIN)/ioc serve

# ruff's settings are in pyproject.toml ([tool.ruff]); `ruff check --fix .` and `ruff format .` fix most findings.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: install lint
	rm -rf $(SCRATCH) && mkdir -p $(SCRATCH)/tmp
	HOME=$(SCRATCH) TMPDIR=$(SCRATCH)/tmp JUPYTER_RUNTIME_DIR=$(SCRATCH)/jupyter-runtime \
	  JUPYTER_DATA_DIR=$(SCRATCH)/jupyter-data MPLCONFIGDIR=$(SCRATCH)/mpl IPYTHONDIR=$(SCRATCH)/ipython \
	  HF_HUB_OFFLINE=1 PATH=$(CURDIR)/$(BIN):$$PATH \
	  scripts/run-tests.sh $(BIN)/python -m pytest $(PYTEST_ARGS) $(ARGS)

test-fast: install
	$(BIN)/python -m pytest -x -q -m "not ui and not slow and not notebook" $(ARGS)

bench: install
	$(BIN)/python bench/bench_ingest.py
	$(BIN)/python bench/bench_queries.py
	$(BIN)/python bench/bench_lake.py
	$(BIN)/python bench/bench_nlp.py
	$(BIN)/python bench/bench_infosec.py
	$(BIN)/python bench/bench_pieces.py --hours 17520
	$(BIN)/python bench/bench_forecast.py
	$(BIN)/python bench/bench_report.py
	$(BIN)/python bench/bench_mqtt.py
	$(BIN)/python bench/bench_public_order_queries.py

lock: install
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^torch==' > requirements.lock

clean:
	rm -rf .tmp data build *.egg-info
