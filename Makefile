# Warm-up Mirror. `make demo` and `make test` set everything up themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-arm pi-vm pi-vm-test fuzz lint format bench accuracy install-pi uninstall-pi pi-report lock clean fleet-test fleet-lint fleet-mirrors fleet-mirrors-stop

$(STAMP): pyproject.toml requirements/dev.lock requirements/picamera2.lock requirements/lgpio.lock Makefile
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "make: Python 3.11 or newer is needed (found $$($(PYTHON) --version)); set PYTHON=python3.x"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	@# pygame and pygame-ce share the pygame folder: a venv made before the switch loses pygame first.
	if $(BIN)/pip show --quiet pygame 2>/dev/null; then $(BIN)/pip uninstall --quiet --yes pygame pygame-ce; fi
	@# Exactly the lock's versions, each file checked against its hash; then the kiosk itself, built
	@# with the lock's setuptools.
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements/dev.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	@# The lock this venv came from, for kiosk doctor.
	install -m 0644 requirements/dev.lock $(VENV)/kiosk.lock
	@# picamera2's own source, for the API check in tests; its libcamera dependencies exist only on a Pi.
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements/picamera2.lock
	@# lgpio (apt's python3-lgpio on a Pi), for the unit's sandbox test only: kept off the import path,
	@# because importing it makes a pipe in the working folder and moves the process into $$LG_WD.
	$(BIN)/pip install --quiet --require-hashes --no-deps --upgrade --target $(VENV)/device-libs -r requirements/lgpio.lock
	touch $(STAMP)

# With no screen (a server, CI), the demo runs headless and saves what it drew.
demo: $(STAMP)
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ] || [ -n "$$SDL_VIDEODRIVER" ]; then \
		$(BIN)/kiosk run --source demo --start squat --windowed; \
	else \
		mkdir -p build; \
		echo "make demo: no display found, so running headless for 15 s and saving the screen to build/demo.png"; \
		SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(BIN)/kiosk run --source demo --start squat --frames 454 --screenshot build/demo.png; \
	fi

test: $(STAMP) lint
	$(BIN)/python -m pytest

# tests/pose on an emulated Pi 5 (aarch64 Python and wheels under qemu-user, fetched into build/arm),
# then MoveNet's outputs on the test photo from x86 XNNPACK, x86 built-in and the emulated Pi, side by side.
# About 20 min on 2 cores: before a release and after a runtime, numpy or OpenCV bump (README, "Tests").
test-arm: $(STAMP)
	tests/arm/setup.sh
	tests/arm/python -m pytest -p no:cacheprovider tests/pose
	$(BIN)/python tests/arm/kernel_table.py run build/arm/x86.json --save-input build/arm/input.npy
	tests/arm/python tests/arm/kernel_table.py run build/arm/arm.json --input build/arm/input.npy
	$(BIN)/python tests/arm/kernel_table.py table build/arm/x86.json build/arm/arm.json

# A Pi in a box: arm64 Debian trixie under qemu-system-aarch64 with a virtio-gpu KMS device, the kiosk
# installed by systemd/install.sh at its first boot. Built once into build/pi-vm (as root, from Debian's
# archive), then every run boots a snapshot of it (README, "Pi in a box"). Not part of make test: minutes.
pi-vm: $(STAMP)
	nice -n 10 tests/pivm/build.sh
	$(BIN)/python -m tests.pivm.machine boot

pi-vm-test: $(STAMP)
	nice -n 10 tests/pivm/build.sh
	KIOSK_PI_VM=1 $(BIN)/python -m pytest -p no:cacheprovider -s -v tests/pivm/test_pi_in_a_box.py

# New random examples for the fuzz tests (make test replays a fixed set).
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=explore $(BIN)/python -m pytest tests/ops/test_fuzz.py

# Speed is measured here, never asserted in a test: figures vary with the machine.
bench: $(STAMP)
	$(BIN)/python -m kiosk.commands.bench_pose
	$(BIN)/python -m kiosk.ui.bench
	$(BIN)/kiosk bench --json
	$(BIN)/kiosk bench --realtime --json

# On a Pi, with the service stopped: the figures in one file (README, "On a Pi 5").
pi-report: $(STAMP)
	$(BIN)/python -m kiosk.commands.pi_report -o build/pi-report.json

# The coach against the synthetic athlete's truth, class by class: about 6 min on 2 cores.
accuracy: $(STAMP)
	$(BIN)/python -m kiosk.commands.accuracy

# On the Pi itself: see the README's "Install on a Raspberry Pi".
install-pi:
	sudo ./systemd/install.sh

uninstall-pi:
	sudo ./systemd/uninstall.sh

# Refresh the locks on purpose, from pyproject.toml and requirements/build.in (README, "Upgrading a
# dependency"): the newest versions the bounds allow, each file's hash, for the dev venv and each Pi OS.
UV_COMPILE := $(BIN)/uv pip compile --quiet --generate-hashes
lock: $(STAMP)
	$(UV_COMPILE) pyproject.toml requirements/build.in --constraint requirements/constraints.txt --extra dev \
		--python-version 3.11 --python-platform x86_64-unknown-linux-gnu -o requirements/dev.lock
	$(UV_COMPILE) pyproject.toml requirements/build.in --constraint requirements/constraints.txt --no-emit-package numpy \
		--constraint requirements/pi-trixie.constraints \
		--python-version 3.13 --python-platform aarch64-unknown-linux-gnu -o requirements/pi-trixie.lock
	$(UV_COMPILE) pyproject.toml requirements/build.in --constraint requirements/constraints.txt --no-emit-package numpy \
		--constraint requirements/pi-bookworm.constraints \
		--python-version 3.11 --python-platform aarch64-unknown-linux-gnu -o requirements/pi-bookworm.lock
	$(UV_COMPILE) requirements/picamera2.in --no-deps -o requirements/picamera2.lock
	$(UV_COMPILE) requirements/lgpio.in --no-deps -o requirements/lgpio.lock

# mypy keeps its cache in .mypy_cache: a run after a small change takes a few seconds.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# fleet/ (Ansible) against test mirrors: an sshd each on 127.0.0.1 in its own namespace (root, openssh-server).
# About 35 s; .ci/run runs it after make test.
fleet-test: $(STAMP) fleet-lint
	$(BIN)/python -m pytest -p no:cacheprovider -rP fleet/tests

fleet-lint: $(STAMP)
	cd fleet && PATH="$(CURDIR)/$(BIN):$$PATH" ../$(BIN)/ansible-lint --offline

# The test mirrors alone, for trying the README's "Many mirrors" by hand: cd fleet, then the playbooks with -i tests/inventory.
fleet-mirrors: $(STAMP)
	$(BIN)/python fleet/tests/mirrors.py start

fleet-mirrors-stop:
	$(BIN)/python fleet/tests/mirrors.py stop

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) build .pytest_cache .ruff_cache .mypy_cache
