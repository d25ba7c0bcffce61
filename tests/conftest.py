"""Shared fixtures: the real model, real images, and headless pygame."""

import logging
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import cv2
import pytest
from hypothesis import settings

# `make test` (and CI) replays the same examples every run, so a red run is reproducible;
# `make fuzz` explores new ones.
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", max_examples=2000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TREE_POSE = FIXTURES / "tree_pose.jpeg"
OBLIQUE_CLIP = FIXTURES / "oblique_bodyweight_squats.mp4"
# Screens rendered by the tests, kept so a person can open and look at them.
SCREENSHOTS = ROOT / "build" / "test-screens"
# KIOSK_TEST_KERNELS=builtin: every interpreter this process builds runs on TFLite's built-in kernels.
FORCED_KERNELS = os.environ.get("KIOSK_TEST_KERNELS", "")


def pytest_configure(config):
    if FORCED_KERNELS not in ("", "builtin"):
        raise pytest.UsageError(
            f"KIOSK_TEST_KERNELS={FORCED_KERNELS} is not known: set it to builtin, or unset it"
        )
    if FORCED_KERNELS:
        _force_builtin_kernels()


def _force_builtin_kernels():
    """The runtime's ``Interpreter`` replaced by one that always takes the built-in op resolver.

    Whatever builds it (``load_interpreter``, the peer benchmark, a test), an interpreter then runs
    without XNNPACK: the kernels of a CPU that XNNPACK does not serve the way it serves this one.
    Children started with ``run_cli`` are not covered: they run as shipped.
    """
    from kiosk.pose.model import interpreter_class

    original = interpreter_class()
    runtime = sys.modules[original.__module__]
    builtin = runtime.OpResolverType.BUILTIN_WITHOUT_DEFAULT_DELEGATES

    class BuiltinKernels(original):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **{**kwargs, "experimental_op_resolver_type": builtin})

    BuiltinKernels.__module__ = original.__module__  # where the model loader finds OpResolverType
    runtime.Interpreter = BuiltinKernels


@pytest.fixture(scope="session", autouse=True)
def kiosk_state_folder(tmp_path_factory):
    """The kiosk's own folder (calibration, last good configuration, state file) for this run.

    Never the user's: a kiosk run in a test writes its pid to the state file, and another
    checkout's ``kiosk config set`` on this machine would read it from ~/.cache/kiosk.
    """
    folder = tmp_path_factory.mktemp("kiosk-state")
    saved = {name: os.environ.get(name) for name in ("STATE_DIRECTORY", "KIOSK_CALIBRATION", "KIOSK_STATE")}
    os.environ["STATE_DIRECTORY"] = str(folder)
    os.environ["KIOSK_STATE"] = str(folder / "state.json")
    os.environ.pop("KIOSK_CALIBRATION", None)
    yield folder
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(scope="session", autouse=True)
def temporary_folder(tmp_path_factory):
    """``$TMPDIR`` for this run, in the kiosk and in every command it starts: nothing is left in /tmp.

    A refused ``kiosk config edit`` keeps the staff's edited copy there on purpose.
    """
    folder = tmp_path_factory.mktemp("tmpdir")
    saved = os.environ.get("TMPDIR")
    os.environ["TMPDIR"] = str(folder)
    tempfile.tempdir = None  # gettempdir() reads $TMPDIR again
    yield folder
    if saved is None:
        os.environ.pop("TMPDIR", None)
    else:
        os.environ["TMPDIR"] = saved
    tempfile.tempdir = None


@pytest.fixture(scope="session")
def interpreter():
    from kiosk.config import ModelConfig
    from kiosk.pose import load_interpreter

    return load_interpreter(ModelConfig())


@pytest.fixture(scope="session", params=["xnnpack", "builtin"])
def kernels(request):
    """Each kernel path in turn: XNNPACK, as the kiosk runs, and TFLite's built-in kernels.

    Their int8 arithmetic differs (and XNNPACK's own from one CPU to another), so a keypoint
    moves by a few pixels between them: a test that passes on both is not tied to this CPU.
    """
    if FORCED_KERNELS and request.param != FORCED_KERNELS:
        pytest.skip(f"KIOSK_TEST_KERNELS={FORCED_KERNELS}")
    return request.param


@pytest.fixture(scope="session")
def tree_pose_image():
    image = cv2.imread(str(TREE_POSE))
    assert image is not None
    return image


@pytest.fixture
def display(request):
    """A real pygame display on SDL's dummy driver: the test module's ``DISPLAY_SIZE``, else 1920×1080."""
    import pygame

    pygame.display.init()
    pygame.font.init()
    yield pygame.display.set_mode(getattr(request.module, "DISPLAY_SIZE", (1920, 1080)))
    pygame.quit()


@pytest.fixture
def screenshots():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
def mock_pins():
    from gpiozero import Device
    from gpiozero.pins.mock import MockFactory

    Device.pin_factory = MockFactory()
    yield Device.pin_factory
    Device.pin_factory.reset()
    Device.pin_factory = None


@pytest.fixture
def cli(capfd, monkeypatch):
    """The ``kiosk`` command line in this process: ``cli(*args, cwd=, env=)``, as :func:`run_cli` takes them.

    Quicker than a child (no interpreter to start, nothing to import again), with the same result:
    the exit code, and stdout and stderr as the file descriptors carried them (so a library's chatter
    on fd 2 counts too). Logging is set up afresh, as in a new process, and the environment, the
    working folder, the signal handlers and the thread switch interval are put back after each call.
    Use :func:`run_cli` where the process itself is under test: its exit status from the interpreter,
    signals, imports, or a memory limit.
    """
    from kiosk.cli import main

    def run(*args, cwd=ROOT, env=None):
        capfd.readouterr()  # what came before is not this command's
        root = logging.getLogger()
        saved_logging = root.handlers[:], root.level
        saved_signals = {number: signal.getsignal(number) for number in CLI_SIGNALS}
        switch_interval = sys.getswitchinterval()
        with monkeypatch.context() as patch:
            for name in ("KIOSK_CONFIG", "KIOSK_STATE", "NOTIFY_SOCKET"):
                patch.delenv(name, raising=False)
            patch.setenv("KIOSK_STATE", str(Path(os.environ["STATE_DIRECTORY"]) / "state.json"))
            for name, value in (env or {}).items():
                patch.setenv(name, str(value))
            patch.chdir(cwd)
            root.handlers = []  # configure_logging adds its stderr handler, as in a new process
            try:
                code = main([str(arg) for arg in args])
            except SystemExit as stop:  # argparse's usage errors
                code = stop.code if isinstance(stop.code, int) else 1
            finally:
                root.handlers, level = saved_logging
                root.setLevel(level)
                for number, handler in saved_signals.items():
                    signal.signal(number, handler)
                sys.setswitchinterval(switch_interval)
        out, err = capfd.readouterr()
        return subprocess.CompletedProcess(["kiosk", *map(str, args)], code, out, err)

    return run


# The signals `kiosk run` handles (reload, stop), put back after a run in this process.
CLI_SIGNALS = (signal.SIGHUP, signal.SIGTERM, signal.SIGINT)


def run_cli(*args, cwd=ROOT, env=None, memory_limit=None):
    """Run the real ``kiosk`` command line in a child process.

    ``memory_limit`` (bytes of address space) turns a runaway read into a quick MemoryError.
    """
    inherited = {
        k: v for k, v in os.environ.items() if k not in ("KIOSK_CONFIG", "KIOSK_STATE", "NOTIFY_SOCKET")
    }
    full_env = {**inherited, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy", **(env or {})}
    # A kiosk started by a test keeps its state file out of the home folder.
    full_env.setdefault("KIOSK_STATE", str(Path(full_env["STATE_DIRECTORY"]) / "state.json"))
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *map(str, args)],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=None if memory_limit is None else lambda: _limit_memory(memory_limit),
    )


def _limit_memory(limit):
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def error_lines(result):
    """stderr's lines: the kiosk's one-line errors (the TFLite runtime's INFO chatter is kept off stderr)."""
    return [line for line in result.stderr.splitlines() if line]
