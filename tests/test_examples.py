"""Each program in examples/ runs and says what it promises (in this process: quicker than a child)."""

import runpy
import statistics

import numpy as np
import pygame
import pytest

from kiosk.ui.palette import BAD, GOOD

from .conftest import FIXTURES, ROOT

EXAMPLES = ROOT / "examples"


@pytest.fixture
def run_example(capsys, monkeypatch):
    """Run ``examples/NAME`` as ``python examples/NAME ARGS`` would; returns the lines it printed."""

    def run(name, *args):
        monkeypatch.setattr("sys.argv", [str(EXAMPLES / name), *map(str, args)])
        runpy.run_path(str(EXAMPLES / name), run_name="__main__")
        return capsys.readouterr().out.splitlines()

    return run


def test_every_example_is_a_tiny_complete_program():
    programs = sorted(EXAMPLES.glob("*.py"))
    assert len(programs) >= 4
    for program in programs:
        assert len(program.read_text().splitlines()) < 20, program.name


def test_knee_offsets_prints_both_knees_on_every_frame_of_a_video(run_example):
    lines = run_example("knee_offsets.py", FIXTURES / "front_single_leg_reach.mp4")
    assert len(lines) == 100  # one line a frame, both knees seen on each
    offsets: dict[str, list[float]] = {"left": [], "right": []}
    for line in lines:
        words = line.split()
        for side, value in ((words[2], words[4]), (words[5], words[7])):
            offsets[side].append(float(value))
    assert all(abs(value) < 0.5 for values in offsets.values() for value in values)
    # She balances on her bent left leg (its knee inside the hip–ankle line) and reaches the right leg out.
    assert statistics.median(offsets["left"]) > 0.03 > -0.03 > statistics.median(offsets["right"])


def test_coach_a_track_prints_each_reps_verdict(run_example):
    lines = run_example("coach_a_track.py", FIXTURES / "athlete_squat.track.jsonl")
    # The synthetic athlete's four squats, the third with the left knee caving in 20°.
    assert [line.split(":")[0].split(" at ")[0] for line in lines] == ["rep 1", "rep 2", "rep 3", "rep 4"]
    assert [line.split(": ", 1)[1] for line in lines] == ["good", "good", "left_knee_in", "good"]


def test_screen_to_png_saves_the_glass_screen_with_the_caving_knee_marked(run_example, tmp_path):
    png = tmp_path / "screen.png"
    lines = run_example("screen_to_png.py", png)
    assert lines == [f"saved {png}: the Squat screen, the left knee marked as caving in"]
    image = pygame.surfarray.array3d(pygame.image.load(str(png))).transpose(1, 0, 2)
    assert image.shape == (1920, 1080, 3)
    assert (image.max(axis=2) == 0).mean() > 0.9  # glass: black, so the reflection shows through
    legs = image[960:]  # below the title and the cue
    bad_x = np.nonzero(np.all(legs == BAD, axis=2))[1]
    good_x = np.nonzero(np.all(legs == GOOD, axis=2))[1]
    # The left knee's marker in the fault colour, the right's in the good one: the person's left on
    # the left, as the mirror shows them.
    assert bad_x.size > 500 and good_x.size > 500
    assert np.median(bad_x) < 540 < np.median(good_x)


def test_buttons_turns_a_press_and_a_hold_on_mock_pins_into_events(run_example, monkeypatch):
    from gpiozero import Device

    monkeypatch.setattr(Device, "pin_factory", Device.pin_factory)  # the example sets its own
    lines = run_example("buttons.py")
    assert len(lines) == 2
    assert lines[0].startswith("GPIO27 down for 0.05 s:") and "'next', action='press'" in lines[0]
    assert lines[1].startswith("GPIO22 down for 0.5 s:") and "'select', action='hold'" in lines[1]
