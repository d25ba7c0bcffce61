"""The frame core's behaviour: newest frame wins, the display never waits for the model, clean shutdown."""

import queue
import threading
import time

import numpy as np
import pytest

from hardware import FakeFrameSource
from kiosk.app.faults import FaultLog
from kiosk.app.inference import Captured, InferenceStage
from kiosk.app.latest import Latest
from kiosk.app.loop import Kiosk
from kiosk.app.pipeline import ThreadedPipeline
from kiosk.config import Config
from kiosk.pose.keypoints import Pose

FRAME = np.zeros((72, 128, 3), np.uint8)


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


class SlowModel:
    """A pose engine whose every frame takes until the test lets it finish."""

    def __init__(self):
        self.estimator = self
        self.last_invoke_seconds = 0.0
        self.min_score = 0.29
        self.release = threading.Event()  # set: every frame finishes at once
        self.permits = threading.Semaphore(0)  # or one frame finishes per permit
        self.started = threading.Event()
        self.seen: list[float] = []

    def track(self, image, timestamp):
        self.started.set()
        give_up = time.monotonic() + 5.0  # a display that waited for us would see us finish here
        while not self.release.is_set() and not self.permits.acquire(timeout=0.01):
            if time.monotonic() > give_up:
                break
        self.seen.append(timestamp)
        return Pose(np.zeros((17, 3), np.float32), timestamp, (image.shape[1], image.shape[0]), 0.29)


DISPLAY_SIZE = (640, 360)  # the display fixture's (tests/conftest.py)


def test_a_stage_that_falls_behind_gets_the_newest_frame_not_a_queue():
    model = SlowModel()
    stage = InferenceStage(model, rebuild=lambda: model)
    source = FakeFrameSource([FRAME], fps=30, loop=True)
    with ThreadedPipeline(source, stage, realtime=False) as pipeline:
        assert model.started.wait(2.0)  # the model is busy with the first frame ...
        time.sleep(0.2)  # ... while the camera delivers many more
        model.release.set()
        deadline = time.monotonic() + 2.0
        while len(model.seen) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        shown = pipeline.next(timeout=1.0)
    first, second = model.seen[:2]
    assert second - first > 10 / 30  # it skipped to a frame captured long after the first
    assert pipeline.to_model.replaced > 10  # the frames it could not take were dropped, not queued
    # The display, too, gets the newest frame (or the one before it); 1e-9: the timestamps are n / 30.
    assert shown.frame.timestamp >= second - 1 / 30 - 1e-9


def test_the_display_keeps_30_fps_with_a_model_that_never_keeps_up(display):
    clock = FakeClock()
    model = SlowModel()
    source = FakeFrameSource([FRAME], fps=30, loop=True)
    kiosk = Kiosk(
        Config(), source, model, display, queue.SimpleQueue(), paced=False, threaded=True, clock=clock
    )
    try:
        for _ in range(30):  # one second on the fake clock; the model finishes nothing in it
            clock.now += 1 / 30
            assert kiosk.step()
        assert kiosk.frames_drawn == 30  # 30 screens drawn in one second of the fake clock
        assert kiosk.stats.count >= 25  # nearly all of them a new camera frame
        assert not model.seen and np.isnan(kiosk.stats.recent("pose_age", 30)).all()  # no pose drawn yet
        assert kiosk.trouble is None
    finally:
        model.release.set()
        kiosk.close()


def test_each_displayed_frame_knows_the_age_of_the_pose_drawn_on_it(display):
    clock = FakeClock()
    model = SlowModel()
    source = FakeFrameSource([FRAME], fps=30, loop=True)
    kiosk = Kiosk(
        Config(), source, model, display, queue.SimpleQueue(), paced=False, threaded=True, clock=clock
    )
    try:
        assert model.started.wait(2.0)
        clock.now += 0.5  # the model takes half a second over its first frame
        model.permits.release()
        deadline = time.monotonic() + 2.0
        while kiosk.pose is None and time.monotonic() < deadline:
            kiosk.step()
        clock.now += 0.1
        kiosk.step()
        assert kiosk.stats.recent("pose_age", 1)[0] == pytest.approx(0.6)  # shown 0.6 s after its frame came
        # The picture's own latency is counted from its own frame's arrival, not the pose's.
        assert kiosk.stats.recent("latency", 1)[0] == pytest.approx(clock.now - kiosk._shown.at)
    finally:
        model.release.set()
        kiosk.close()


def test_closing_stops_every_thread_even_with_a_frame_in_the_model(display):
    model = SlowModel()
    source = FakeFrameSource([FRAME], fps=30, loop=True)
    kiosk = Kiosk(Config(), source, model, display, queue.SimpleQueue(), threaded=True)
    assert model.started.wait(2.0)
    names = set(kiosk.pipeline.running_threads)
    assert names == {"kiosk-capture", "kiosk-inference"}
    threading.Timer(0.2, model.release.set).start()  # the model finishes its frame a little later
    kiosk.close()
    assert kiosk.pipeline.running_threads == []
    assert not [t for t in threading.enumerate() if t.name in names]


def test_a_finite_source_ends_a_threaded_run_after_its_last_frame(display, interpreter, tree_pose_image):
    from kiosk.pose import PoseEstimator, PoseTracker

    source = FakeFrameSource([tree_pose_image] * 6, fps=30)
    tracker = PoseTracker(PoseEstimator(interpreter))
    kiosk = Kiosk(Config(), source, tracker, display, queue.SimpleQueue(), threaded=True)
    try:
        kiosk.run(max_frames=100)
    finally:
        kiosk.close()
    # Every frame was shown, or (on a loaded machine) knowingly replaced by a newer one: none lost.
    assert kiosk.stats.count + kiosk.pipeline.to_display.replaced == 6 and kiosk.stats.count >= 3
    assert kiosk.pose is not None and kiosk.pose.pose.present  # the real model ran on them


def test_latest_hands_each_item_over_once_and_wakes_a_waiting_taker():
    box: Latest[int] = Latest()
    got = []
    taker = threading.Thread(target=lambda: got.append(box.take(timeout=2.0)))
    taker.start()
    box.put(7)
    taker.join(2.0)
    assert got == [7] and box.take(timeout=0) is None and box.replaced == 0


def test_the_inference_stage_skips_frames_by_stride_under_heat():
    model = SlowModel()
    model.release.set()
    stage = InferenceStage(model, rebuild=lambda: model, faults=FaultLog())
    stage.stride = 2
    results = [stage.process(Captured(FakeFrameSource([FRAME]).read(), seq, 0.0)) for seq in range(6)]
    assert [r is not None for r in results] == [True, False, True, False, True, False]


def test_in_lockstep_every_frame_is_inferred_and_shown_even_when_the_display_is_slowest():
    model = SlowModel()
    model.release.set()  # the model is quick; the display below is slow
    stage = InferenceStage(model, lambda: model, FaultLog())
    source = FakeFrameSource([FRAME] * 12, fps=30)
    with ThreadedPipeline(source, stage, realtime=False, lockstep=True) as pipeline:
        shown = []
        while not pipeline.ended and len(shown) < 12:
            captured = pipeline.next(timeout=1.0)
            if captured is not None:
                shown.append(captured.seq)
                time.sleep(0.01)  # drawing takes longer than the model
    assert shown == list(range(12)) and pipeline.to_display.replaced == 0
    assert len(model.seen) == 12  # and no frame went through the model without being shown
