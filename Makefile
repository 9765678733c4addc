# The two commands a newcomer runs (see README). Both set the machine up first.
.PHONY: run test test-fast bench lint screenshots translations

run:
	scripts/run.sh

test:
	scripts/setup.sh --tests
	.venv/bin/ruff check .
	.venv/bin/mypy
	# bytecode caches kept: without them each worker, forked server and subprocess compiles
	# the project and rewrites the tests' asserts again (~3 s each)
	env -u PYTHONDONTWRITEBYTECODE QT_QPA_PLATFORM=offscreen .venv/bin/pytest -n auto

# The pure rules only (no database, no OCR, no Qt): seconds, for the edit-test loop.
test-fast:
	QT_QPA_PLATFORM=offscreen .venv/bin/pytest -q tests/domain

# Every screen of the window, a whole demo sale, at 1366×768 → docs/screenshots/*.png (Xvfb).
translations:  # after changing a window string or a refusal: update the .ts, compile the .qm
	.venv/bin/python scripts/translations.py

screenshots:
	scripts/setup.sh --tests
	xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshots.py

bench:
	scripts/setup.sh --tests
	.venv/bin/python -m bench.startup_bench
	.venv/bin/python -m bench.gui_bench
	.venv/bin/python -m bench.quote_bench
	.venv/bin/python -m bench.contract_bench
	.venv/bin/python -m bench.ocr_bench
	.venv/bin/python -m bench.sync_bench
	.venv/bin/python -m bench.report_bench
	.venv/bin/python -m bench.report_bench --db postgres

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check . && .venv/bin/mypy
