"""Glass mode as shipped: the legs show on the picture; a mounting that misses says what to change."""

import re

import pygame
import pytest

from kiosk.athlete.scene import Scene
from kiosk.athlete.source import DEMO_MOTION, AthleteSource
from kiosk.config import load_config_text
from kiosk.pose import Keypoint, Pose
from kiosk.ui.glass import GlassGeometry, GlassMapper
from kiosk.ui.screens import Screens

from ..conftest import ROOT

LEGS = (Keypoint.LEFT_KNEE, Keypoint.RIGHT_KNEE, Keypoint.LEFT_ANKLE, Keypoint.RIGHT_ANKLE)


def shipped_in_glass_mode():
    """config.example.toml after `kiosk config set display.mode glass`, and nothing else."""
    text = (ROOT / "config.example.toml").read_text()
    assert 'mode = "video"' in text
    return load_config_text(text.replace('mode = "video"', 'mode = "glass"', 1))


def canvas_size(display):
    turned = getattr(display, "turned", display.rotation)
    return (display.width, display.height) if turned in (0, 180) else (display.height, display.width)


def test_the_shipped_settings_in_glass_mode_show_the_demo_athletes_knees_on_the_panel():
    config = shipped_in_glass_mode()
    size = canvas_size(config.display)
    screens = Screens.from_config(config.display, size, config.camera)
    from kiosk.app import source_opener

    # The demo, filmed by the camera the configuration describes (as `kiosk run --source demo` opens it).
    filmed_by = getattr(source_opener, "athlete_camera", lambda config: None)(config)
    scene = AthleteSource("squat", camera=filmed_by).scene if filmed_by else Scene(motion=DEMO_MOTION)
    mapper = GlassMapper(screens.glass_geometry)
    shown = 0
    for frame in range(0, round(scene.motion.duration * 30), 6):
        truth = scene.truth(frame / 30)
        pose = Pose(truth.keypoints, frame / 30, scene.camera.size)
        projection = mapper.project(pose)
        assert projection is not None
        for keypoint in LEGS:
            x, y = projection.to_screen(*pose.point(keypoint))
            assert 0 <= x < size[0] and 0 <= y < size[1], (frame, keypoint.name, (x, y), size)
        shown += 1
    assert shown > 50
    assert size[1] > size[0], "the glass build is a portrait panel"


def test_the_shipped_build_fits_everyone_and_the_old_landscape_one_says_what_to_change():
    from kiosk.ui.glass_reach import glass_reach

    config = shipped_in_glass_mode()
    geometry = GlassGeometry.from_config(config.display, canvas_size(config.display), config.camera)
    assert glass_reach(geometry).ok
    for inches, width in ((43, 0.54), (55, 0.68)):  # the other portrait panels people build, same top edge
        assert glass_reach(GlassGeometry((1080, 1920), screen_width_m=width)).ok, inches
    old = glass_reach(GlassGeometry((1920, 1080), screen_width_m=0.95, screen_top_m=1.45))
    assert not old.ok
    assert "the picture is 0.53 m tall" in old.line and "turn it portrait" in old.line
    high = glass_reach(GlassGeometry((1080, 1920), screen_top_m=1.95)).line
    assert high.startswith("the knees' reflection of a 1.5 m person at the bottom of a squat falls 18 cm")
    assert high.endswith("mount it 18 cm lower (display.glass_screen_top_m = 1.77)")
    narrow = glass_reach(GlassGeometry((1080, 1920), camera_hfov_deg=66.0)).line
    assert "camera.hfov_deg = 102" in narrow


def test_kiosk_doctor_checks_the_glass(tmp_path):
    from kiosk.commands.doctor import check_glass

    shipped = tmp_path / "shipped.toml"
    shipped.write_text('[display]\nmode = "glass"\n')
    assert check_glass(shipped).outcome == "ok"
    landscape = tmp_path / "landscape.toml"
    landscape.write_text('[display]\nmode = "glass"\nrotation = 0\nglass_screen_width_m = 0.95\n')
    check = check_glass(landscape)
    assert check.outcome == "fail" and "turn it portrait" in check.fix


OLD_DEFAULTS = {"glass_camera_tilt_deg": 15.0, "glass_camera_hfov_deg": 66.0, "glass_camera_above_m": 0.05}


@pytest.mark.parametrize(
    "key, value, where",
    [
        ("glass_camera_tilt_deg", 12.0, "[camera] tilt_deg"),
        ("glass_camera_hfov_deg", 90.0, "[camera] hfov_deg"),
        ("glass_camera_above_m", 0.1, "[camera] mount_height_m and [display] glass_screen_top_m"),
    ],
)
def test_the_camera_is_described_once_in_camera(key, value, where):
    from kiosk.errors import KioskError

    # An installed file holds the old keys at their old defaults: it keeps working, on [camera]'s values.
    installed = load_config_text(f"[display]\n{key} = {OLD_DEFAULTS[key]}\n")
    assert installed.display == load_config_text("").display
    with pytest.raises(KioskError, match=re.escape(f"display: {key} moved: set {where}")):
        load_config_text(f"[display]\n{key} = {value}\n")
    geometry = GlassGeometry.from_config(installed.display, (1080, 1920), installed.camera)
    assert (geometry.camera_tilt_deg, geometry.camera_hfov_deg) == (20.0, 102.0)
    moved = load_config_text(
        "[camera]\nmount_height_m = 1.8\ntilt_deg = 25\n[display]\nglass_screen_top_m = 1.7\n"
    )
    geometry = GlassGeometry.from_config(moved.display, (1080, 1920), moved.camera)
    assert geometry.camera_above_m == pytest.approx(0.1) and geometry.camera_tilt_deg == 25


def test_while_the_knees_are_off_the_picture_it_says_so_and_never_praises(display, screenshots):
    from kiosk.coach import EXERCISES, KneeCheck, KneeReading, KneeVerdict
    from kiosk.ui.palette import GOOD
    from kiosk.ui.samples import standing_person
    from kiosk.ui.screens import ExerciseView

    from .conftest import mask, pixels

    # The old shipped mounting: a 0.95 m landscape picture, here hung with its top edge 1.9 m up.
    geometry = GlassGeometry((1920, 1080), screen_width_m=0.95, camera_above_m=0.05, camera_tilt_deg=15.0)
    screens = Screens((1920, 1080), mode="glass", glass=geometry)
    pose = standing_person(geometry, 2.5, 1.9)
    said = []
    render = screens.text.render
    screens.text.render = lambda text, *args, **kwargs: (said.append(text), render(text, *args, **kwargs))[1]
    good = KneeCheck(
        KneeReading("left", 0.0, KneeVerdict.TRACKING),
        KneeReading("right", 0.0, KneeVerdict.TRACKING),
        "Good",
    )
    view = ExerciseView(EXERCISES[0], pose, good, "Good — knees over toes", 3, 8, flash="Rep 3: good ✓")
    screens.draw_exercise(display, view)
    pygame.image.save(display, str(screenshots / "glass-knees-out-of-view.png"))
    assert "Knees out of view" in said
    assert not any("Good" in text or "✓" in text for text in said), said
    assert mask(pixels(display)[720:], GOOD).sum() == 0, "no praise colour in the message either"


def test_the_calibration_screen_says_whether_the_legs_fit_and_what_to_change(display):
    from kiosk.ui.samples import standing_person
    from kiosk.ui.screens import CalibrationView

    for geometry, words in (
        (GlassGeometry((1080, 1920)), "Fits: hips to ankles of people 1.5–2.0 m tall"),
        (GlassGeometry((1080, 1920), screen_top_m=1.95), "mount it 18 cm lower"),
    ):
        screens = Screens(geometry.screen_px, mode="glass", glass=geometry)
        said = []
        render = screens.text.render
        screens.text.render = lambda text, *a, said=said, render=render, **k: (
            said.append(text),
            render(text, *a, **k),
        )[1]
        surface = pygame.Surface(geometry.screen_px)
        screens.draw_calibration(surface, CalibrationView(1.0, 0.0, 0.0, "scale", standing_person(geometry)))
        assert words in " ".join(said)
