"""The whole kiosk: the athlete at the mirror, the real model, real drawing, gpiozero's mock pins."""

import logging
import queue
import time

import numpy as np
import pygame
import pytest

from hardware import FakeFrameSource, FakeSpeaker, GpioButtons
from kiosk.app import Screen
from kiosk.app.chimes import Chimes
from kiosk.app.coaching import camera_mount
from kiosk.app.loop import Kiosk
from kiosk.athlete.source import AthleteSource
from kiosk.coach.routine import ACTIVE, SETUP, SUMMARY
from kiosk.config import Config
from kiosk.pose import PoseEstimator, PoseTracker
from kiosk.ui.palette import ACCENT

SELECT_PIN, NEXT_PIN, PREVIOUS_PIN = 22, 27, 17


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def mirror(interpreter, mock_pins):
    pygame.display.init()
    pygame.font.init()
    display = pygame.display.set_mode((1280, 720))
    events = queue.SimpleQueue()
    buttons = GpioButtons(events, bounce_time=None, hold_time=0.3)
    clock = FakeClock()
    tracker = PoseTracker(PoseEstimator(interpreter))
    speaker = FakeSpeaker()
    kiosk = Kiosk(
        Config(),
        AthleteSource("squat"),
        tracker,
        display,
        events,
        paced=False,
        clock=clock,
        chimes=Chimes(speaker),
    )
    yield kiosk, clock, mock_pins
    kiosk.close()
    buttons.close()
    pygame.quit()


def frames(kiosk, clock, count):
    for _ in range(count):
        clock.now += 1 / 30
        assert kiosk.step()


def press(pins, pin, seconds=0.02):
    pins.pin(pin).drive_low()
    time.sleep(seconds)
    pins.pin(pin).drive_high()
    time.sleep(0.05)  # gpiozero's threads put the event on the queue


def save(kiosk, screenshots, name):
    pygame.image.save(kiosk.display, str(screenshots / f"kiosk-{name}.png"))
    pixels = pygame.surfarray.array3d(kiosk.display)
    assert pixels.std() > 10  # never a blank screen
    return pixels


def until(kiosk, clock, condition, seconds):
    for _ in range(round(seconds * 30)):
        if condition():
            return
        frames(kiosk, clock, 1)
    assert condition()


def test_buttons_take_a_person_from_attract_through_an_exercise_and_its_summary(mirror, screenshots):
    kiosk, clock, pins = mirror
    frames(kiosk, clock, 3)
    assert kiosk.navigation.screen is Screen.ATTRACT
    save(kiosk, screenshots, "attract")

    press(pins, SELECT_PIN)
    frames(kiosk, clock, 5)
    assert kiosk.navigation.screen is Screen.MENU
    menu = save(kiosk, screenshots, "menu")
    assert np.all(menu == ACCENT, axis=2).mean() > 0.01  # the highlighted tile

    press(pins, NEXT_PIN)
    frames(kiosk, clock, 5)
    press(pins, SELECT_PIN)
    frames(kiosk, clock, 2)
    assert kiosk.navigation.screen is Screen.SESSION and kiosk.navigation.exercise.id == "squat"
    assert kiosk.navigation.state.screen == SETUP
    save(kiosk, screenshots, "setup")

    # No button to start: she faces the mirror with her feet in view, and the set begins.
    until(kiosk, clock, lambda: kiosk.navigation.state.screen == ACTIVE, 3.0)
    until(kiosk, clock, lambda: kiosk.navigation.state.done.get("both", 0) >= 2, 12.0)
    save(kiosk, screenshots, "counting")
    assert len(kiosk.chimes.speaker.played) == kiosk.navigation.state.done["both"], (
        "a tone for each rep counted"
    )

    press(pins, SELECT_PIN, seconds=0.8)  # held: she is done
    frames(kiosk, clock, 2)
    assert kiosk.navigation.state.screen == SUMMARY
    summary = kiosk.navigation.state.summary
    assert summary.exercises[0].done["both"] >= 2
    save(kiosk, screenshots, "summary")
    frames(kiosk, clock, 30)  # she reads it

    press(pins, SELECT_PIN, seconds=0.8)  # held again: the mirror is ready for the next person
    frames(kiosk, clock, 2)
    assert kiosk.navigation.screen is Screen.ATTRACT and kiosk.navigation.run is None
    save(kiosk, screenshots, "attract-again")


def test_the_mirror_wakes_by_itself_when_someone_steps_in(mirror):
    kiosk, clock, _ = mirror
    frames(kiosk, clock, 10)
    assert kiosk.navigation.screen is Screen.ATTRACT
    frames(kiosk, clock, 20)  # about a second in view
    assert kiosk.navigation.screen is Screen.MENU


def test_the_keyboard_does_what_the_buttons_do(mirror):
    kiosk, clock, _ = mirror
    for key in (pygame.K_RETURN, pygame.K_DOWN):
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key))
        frames(kiosk, clock, 5)
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN))
    frames(kiosk, clock, 1)
    assert kiosk.navigation.screen is Screen.SESSION and kiosk.navigation.exercise.id == "squat"
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_h))
    frames(kiosk, clock, 2)
    assert kiosk.navigation.state.screen == "safety"


def test_q_or_closing_the_window_stops_the_loop(mirror):
    kiosk, _, _ = mirror
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_q))
    kiosk.run(max_frames=10)
    assert kiosk.frames_drawn == 0
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    kiosk.run(max_frames=10)
    assert kiosk.frames_drawn == 0


def test_a_finite_source_ends_the_run(interpreter, tree_pose_image):
    pygame.display.init()
    pygame.font.init()
    try:
        display = pygame.display.set_mode((640, 360))
        source = FakeFrameSource([tree_pose_image] * 2, fps=30)
        kiosk = Kiosk(Config(), source, PoseTracker(PoseEstimator(interpreter)), display, queue.SimpleQueue())
        kiosk.run(max_frames=10)
        assert kiosk.frames_drawn == 2
    finally:
        pygame.quit()


def test_the_glass_calibration_is_saved_to_the_kiosks_own_file_laid_over_the_configuration(
    interpreter, tmp_path, tree_pose_image
):
    from kiosk.app.navigation import Calibration
    from kiosk.config import load_config

    config_file = tmp_path / "etc" / "config.toml"  # root's on a Pi: the kiosk never writes it
    config_file.parent.mkdir()
    config_file.write_text("# the staff's\n[display]\nglass_scale = 1.1\nglass_offset_x = 0.02\n")
    before = config_file.read_bytes()
    calibration = tmp_path / "var" / "lib" / "kiosk" / "calibration.toml"
    pygame.display.init()
    pygame.font.init()
    try:
        display = pygame.display.set_mode((640, 360))
        source = FakeFrameSource([tree_pose_image] * 3)
        kiosk = Kiosk(
            load_config(config_file), source, PoseTracker(PoseEstimator(interpreter)), display,
            queue.SimpleQueue(), calibration_file=calibration,
        )  # fmt: skip
        kiosk.navigation.pending_save = Calibration(scale=1.2, offset_x=-0.05, offset_y=0.03)
        assert kiosk.step()
    finally:
        pygame.quit()
    assert config_file.read_bytes() == before
    display = load_config(config_file, calibration).display
    assert (display.glass_scale, display.glass_offset_x, display.glass_offset_y) == (1.2, -0.05, 0.03)
    assert load_config(config_file).display.glass_scale == 1.1  # the staff's file, as they wrote it


def test_the_coach_reads_depth_through_the_cameras_configured_mounting(interpreter, tree_pose_image):
    """Seen from above the mirror, a squat's hips barely sink in the picture: the coach needs the mounting."""
    from kiosk.coach.built_in_exercises import exercise_by_id
    from kiosk.config import load_config_text

    config = load_config_text("[camera]\nmount_height_m = 2.0\ntilt_deg = 20.0\n")
    pygame.display.init()
    try:
        display = pygame.display.set_mode((640, 360))
        source = FakeFrameSource([tree_pose_image])
        kiosk = Kiosk(config, source, PoseTracker(PoseEstimator(interpreter)), display, queue.SimpleQueue())
        coach = kiosk.navigation.coach_for(exercise_by_id("squat"))
    finally:
        pygame.quit()
    assert coach.gauge.mount == camera_mount(config.camera) and coach.gauge.mount.height_m == 2.0


def test_a_reload_applies_pose_and_coach_at_once_and_keeps_what_needs_a_restart(mirror, caplog):
    kiosk, _, _ = mirror
    caplog.set_level(logging.WARNING)  # apply sets the root logger's level: given back after the test
    started = kiosk.config
    changed = Config.model_validate(
        {
            "pose": {"min_score": 0.4},
            "coach": {"knee_in_offset": 0.07},
            "presence": {"idle_seconds": 90.0, "dark_level": 10.0},
            "display": {"mode": "glass"},
            "model": {"num_threads": started.model.num_threads + 1},
        }
    )
    in_force = kiosk.apply(changed)
    assert kiosk.config is in_force
    assert (in_force.pose.min_score, kiosk.inference.tracker.estimator.min_score) == (0.4, 0.4)
    assert in_force.coach.knee_in_offset == 0.07  # the next exercise's coach is made with it
    assert kiosk.navigation.presence.idle_seconds == 90.0 and kiosk.troubles.presence.dark_level == 10.0
    # Set up once at start: what runs (and a model rebuilt after a fault) stays as it started.
    assert (in_force.display, in_force.model) == (started.display, started.model)
    assert "model.num_threads, display.mode changed: takes effect when the kiosk restarts" in caplog.text
