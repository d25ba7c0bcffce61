"""Faults injected at the boundaries: the kiosk recovers by itself and the screen never freezes."""

import errno
import logging
import queue
import socket
import time

import numpy as np
import pygame
import pytest

from hardware import DeviceError, FakeFrameSource
from kiosk.app.engine import build_tracker
from kiosk.app.loop import MODEL_FAILURES_FOR_TROUBLE, Kiosk
from kiosk.app.notify import Notifier
from kiosk.app.resilient import ResilientSource
from kiosk.app.supervisor import Supervisor
from kiosk.config import Config, ModelConfig
from kiosk.ui.palette import ACCENT


@pytest.fixture
def display():
    pygame.display.init()
    pygame.font.init()
    yield pygame.display.set_mode((640, 360))
    pygame.quit()


class Camera:
    """A camera at the hardware boundary that can be unplugged and plugged back in."""

    def __init__(self, image):
        self.image, self.plugged, self.index = image, True, 0
        self.name, self.fps = "fake camera", 30.0

    def open(self):
        if not self.plugged:
            raise DeviceError("no camera")
        return self

    def read(self):
        if not self.plugged:
            raise DeviceError("camera unplugged")
        frame = FakeFrameSource([self.image], fps=30).read()
        self.index += 1
        return frame

    def close(self):
        pass


def make_kiosk(display, source, supervisor=None, config=None):
    config = config or Config()
    return Kiosk(
        config, source, build_tracker(config), display, queue.SimpleQueue(), supervisor, start="squat"
    )


def run_for(kiosk, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert kiosk.step()


def accent_share(display):
    return np.all(pygame.surfarray.array3d(display) == ACCENT, axis=2).mean()


def test_a_camera_that_disappears_shows_trouble_within_1s_and_resumes_within_5s(display, tree_pose_image):
    camera = Camera(tree_pose_image)
    source = ResilientSource(camera.open)
    kiosk = make_kiosk(display, source)
    run_for(kiosk, 0.3)
    camera.plugged = False
    lost = time.monotonic()
    while kiosk.trouble != "camera":
        assert kiosk.step()
    assert time.monotonic() - lost < 1.0
    assert accent_share(display) > 0.005  # the trouble screen's heading is drawn
    run_for(kiosk, 2.5)  # retrying, screen still alive
    assert kiosk.trouble == "camera"
    camera.plugged = True
    back = time.monotonic()
    while kiosk.trouble is not None:
        assert kiosk.step()
        assert time.monotonic() - back < 5.0
    assert source.available and camera.index > 0


def test_bad_frames_are_dropped_and_counted(display, tree_pose_image):
    bad = [
        np.zeros((720, 1280), np.uint8),  # grey
        np.zeros((720, 1280, 3), np.float32),  # wrong type
        np.zeros((8, 8, 3), np.uint8),  # too small
        np.zeros((720, 1280, 4), np.uint8),  # four channels
    ]
    frames = [tree_pose_image, *bad, tree_pose_image]
    kiosk = make_kiosk(display, ResilientSource(lambda: FakeFrameSource(frames)))
    kiosk.run()
    assert kiosk.frames_drawn == len(frames)
    assert kiosk.dropped_frames == len(bad)


class BrokenInterpreter:
    """The real interpreter, with exceptions or NaN injected on chosen invokes."""

    def __init__(self, interpreter, fault, frames):
        self._interpreter, self.fault, self.frames, self.calls = interpreter, fault, frames, 0

    def invoke(self):
        self.calls += 1
        if self.calls in self.frames and self.fault == "raise":
            raise RuntimeError("injected interpreter failure")
        self._interpreter.invoke()

    def get_tensor(self, index):
        output = self._interpreter.get_tensor(index)
        return np.full_like(output, np.nan) if self.calls in self.frames and self.fault == "nan" else output

    def __getattr__(self, name):
        return getattr(self._interpreter, name)


@pytest.mark.parametrize("fault", ["raise", "nan"])
def test_model_failures_are_counted_and_skipped(display, tree_pose_image, fault):
    kiosk = make_kiosk(display, ResilientSource(lambda: FakeFrameSource([tree_pose_image] * 10)))
    estimator = kiosk.tracker.estimator
    estimator._interpreter = BrokenInterpreter(estimator._interpreter, fault, {3, 4, 7})
    kiosk.run()
    assert kiosk.frames_drawn == 10 and kiosk.model_failures == 3 and kiosk.trouble is None


def test_a_model_failing_every_frame_shows_trouble_and_is_reloaded(display, tree_pose_image, tmp_path):
    model = tmp_path / "movenet.tflite"
    model.write_bytes(ModelConfig().resolved_path.read_bytes())
    config = Config(model=ModelConfig(path=model))
    kiosk = make_kiosk(
        display, ResilientSource(lambda: FakeFrameSource([tree_pose_image], loop=True)), config=config
    )
    estimator = kiosk.tracker.estimator
    estimator._interpreter = BrokenInterpreter(estimator._interpreter, "raise", set(range(1, 10_000)))
    model.unlink()  # deleted while running: the loaded model keeps working, a reload cannot
    for _ in range(MODEL_FAILURES_FOR_TROUBLE + 3):
        assert kiosk.step()
    assert kiosk.trouble == "model" and kiosk.model_trouble
    model.write_bytes(ModelConfig().resolved_path.read_bytes())
    kiosk.inference.next_retry = 0.0  # don't wait out the retry interval in a test
    assert kiosk.step()
    assert not kiosk.model_trouble and kiosk.trouble is None


def test_a_model_file_deleted_while_running_does_not_stop_inference(display, tree_pose_image, tmp_path):
    model = tmp_path / "movenet.tflite"
    model.write_bytes(ModelConfig().resolved_path.read_bytes())
    config = Config(model=ModelConfig(path=model))
    kiosk = make_kiosk(
        display, ResilientSource(lambda: FakeFrameSource([tree_pose_image] * 5)), config=config
    )
    model.write_bytes(b"garbage" * 1000)  # overwritten in place, then removed
    model.unlink()
    kiosk.run()
    assert kiosk.model_failures == 0 and kiosk.last_update is not None


def test_a_coach_or_drawing_failure_is_logged_once_and_the_loop_goes_on(display, tree_pose_image, caplog):
    kiosk = make_kiosk(display, ResilientSource(lambda: FakeFrameSource([tree_pose_image] * 8)))
    run = kiosk.navigation.run
    real_coach_for = run.coach_for

    def flaky_coach_for(exercise):
        coach = real_coach_for(exercise)
        real_update = coach.update

        def flaky(pose, t):
            if kiosk.frames_drawn in (2, 3, 5):
                raise ZeroDivisionError("injected coach failure")
            return real_update(pose, t)

        coach.update = flaky
        return coach

    run.coach_for = flaky_coach_for
    original_draw = kiosk.screens.draw_exercise

    def broken_draw(surface, view):
        if kiosk.frames_drawn == 6:
            raise ValueError("injected drawing failure")
        return original_draw(surface, view)

    kiosk.screens.draw_exercise = broken_draw
    with caplog.at_level(logging.ERROR):
        kiosk.run()
    assert kiosk.frames_drawn == 8
    assert kiosk.faults.counts == {"coach:ZeroDivisionError": 3, "draw:ValueError": 1}
    messages = [r.getMessage() for r in caplog.records]
    assert sum("injected coach failure" in m for m in messages) == 1
    assert sum("injected drawing failure" in m for m in messages) == 1


def test_a_stalled_loop_stops_the_watchdog_pings_which_resume_after(display, tree_pose_image, tmp_path):
    path = tmp_path / "notify.sock"
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    listener.bind(str(path))
    listener.setblocking(False)
    arrivals = []

    def drain():
        try:
            while True:
                arrivals.append((listener.recv(64), time.monotonic()))
        except BlockingIOError:
            pass

    class Stalling(FakeFrameSource):
        def read(self):
            if self._index == 20:
                time.sleep(1.5)  # a hung camera read
            return super().read()

    supervisor = Supervisor(
        None, Notifier(socket_path=str(path), watchdog_interval=0.05), tmp_path / "state.json"
    )
    kiosk = make_kiosk(display, ResilientSource(lambda: Stalling([tree_pose_image] * 40)), supervisor)
    stall_start = None
    while kiosk.step():
        drain()
        if kiosk.source.source._index == 20 and stall_start is None:
            stall_start = time.monotonic()
    drain()
    listener.close()
    pings = [t for message, t in arrivals if message == b"WATCHDOG=1"]
    gaps = np.diff(pings)
    assert gaps.max() >= 1.4  # no ping while the loop hung
    assert sum(t > pings[int(np.argmax(gaps)) + 1] - 1e-9 for t in pings) >= 3  # pinging again after
    supervisor.stopping()


def test_a_full_disk_costs_only_the_state_file(display, tree_pose_image, tmp_path, monkeypatch, caplog):
    import kiosk.state

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(kiosk.state.os, "replace", full)
    supervisor = Supervisor(None, Notifier(socket_path=None), tmp_path / "state.json")
    supervisor._last_state = -1e9
    kiosk_ = make_kiosk(display, ResilientSource(lambda: FakeFrameSource([tree_pose_image] * 5)), supervisor)
    with caplog.at_level(logging.WARNING):
        kiosk_.run()
    assert kiosk_.frames_drawn == 5
    assert sum("cannot write the state file" in r.getMessage() for r in caplog.records) == 1
    supervisor.stopping()


def test_a_full_disk_never_truncates_the_configuration(tmp_path, monkeypatch):
    from kiosk.commands import config as command
    from kiosk.errors import KioskError

    path = tmp_path / "config.toml"
    path.write_text("# ours\n[coach]\nknee_in_offset = 0.06\n")

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(command.os, "fsync", full)
    with pytest.raises(KioskError, match="No space left on device"):
        command.set_value(path, "coach.knee_in_offset", "0.07")
    assert path.read_text() == "# ours\n[coach]\nknee_in_offset = 0.06\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".config.toml.lock", "config.toml"]
