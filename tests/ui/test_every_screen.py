"""Every screen, in both modes and orientations: black behind glass; no text under 1/14 of the panel."""

import numpy as np
import pygame
import pytest

from kiosk.coach import EXERCISES, KneeCheck, KneeReading, KneeVerdict
from kiosk.ui import views
from kiosk.ui.glass import GlassGeometry
from kiosk.ui.rotation import Canvas
from kiosk.ui.samples import standing_person
from kiosk.ui.screens import Screens

from .conftest import pixels

TILES = (
    views.MenuTile("Knee-friendly warm-up", "12 steps · about 9 min", "routine", True),
    *(views.MenuTile.for_exercise(e, "8 reps") for e in EXERCISES),
)
CAVING = KneeCheck(
    KneeReading("left", 0.1, KneeVerdict.CAVING),
    KneeReading("right", 0.0, KneeVerdict.TRACKING),
    "Push your left knee out over your toes",
)


def every_screen(screens, pose):
    """(name, draw) for each screen the kiosk shows."""
    squat = EXERCISES[0]
    rest = views.RestView("Reverse lunge", 12, 15, "8 reps each side", "lunge")
    calibration = views.CalibrationView(1.0, 0.0, 0.0, "scale", pose)
    exercise = views.ExerciseView(
        squat, pose, CAVING, None, 3, 8, step=(3, 12), flash="Rep 4: left knee caved", flash_good=False
    )
    setup = views.ExerciseView(
        squat, pose, CAVING, None, 0, 8, ready=False, setup=squat.setup, position_hint="Face the mirror"
    )
    return [
        ("attract", lambda s: screens.draw_attract(s, views.AttractView(0.3))),
        ("menu", lambda s: screens.draw_menu(s, views.MenuView(TILES, 3))),
        ("rest", lambda s: screens.draw_rest(s, rest)),
        ("summary", lambda s: screens.draw_summary(s, views.SummaryView("Knee-friendly warm-up", 18, 24))),
        ("safety", lambda s: screens.draw_safety(s, views.SafetyView())),
        *(
            (f"trouble-{kind.value}", lambda s, kind=kind: screens.draw_trouble(s, views.TroubleView(kind)))
            for kind in views.TroubleKind
        ),
        ("calibration", lambda s: screens.draw_calibration(s, calibration)),
        ("exercise", lambda s: screens.draw_exercise(s, exercise)),
        ("setup", lambda s: screens.draw_exercise(s, setup)),
    ]


@pytest.mark.parametrize("rotation", [0, 90])
def test_behind_glass_every_screen_is_black_with_light_text_and_outlines(display, screenshots, rotation):
    canvas = Canvas(display, rotation)
    geometry = GlassGeometry(canvas.size)
    screens = Screens(canvas.size, mode="glass", glass=geometry)
    pose = standing_person(geometry, 2.5, 1.45)
    for name, draw in every_screen(screens, pose):
        draw(canvas.surface)
        pygame.image.save(canvas.surface, str(screenshots / f"glass-{rotation}-{name}.png"))
        brightest = pixels(canvas.surface)[::2, ::2].max(axis=2)
        assert (brightest == 0).mean() > 0.5, f"{name}: the background is black, (0, 0, 0)"
        slab = ((brightest > 0) & (brightest < 100)).mean()  # dark greys: fills that show as slabs on glass
        assert slab < 0.02, f"{name}: {slab:.1%} of the screen is dark grey"


@pytest.mark.parametrize("mode", ["video", "glass"])
@pytest.mark.parametrize("rotation", [0, 90])
def test_no_text_is_smaller_than_a_fourteenth_of_the_panel(display, mode, rotation):
    canvas = Canvas(display, rotation)
    geometry = GlassGeometry(canvas.size)
    screens = Screens(canvas.size, mode=mode, glass=geometry)
    screens.mirror.show(np.full((720, 1280, 3), 90, np.uint8))
    sizes = []
    render = screens.text.render

    def recording(text, size, *args, **kwargs):
        if text.strip():
            sizes.append((size, text))
        return render(text, size, *args, **kwargs)

    screens.text.render = recording
    pose = standing_person(geometry, 2.5, 1.45)
    for name, draw in every_screen(screens, pose):
        draw(canvas.surface)
        smallest = min(sizes)
        assert smallest[0] >= min(canvas.size) / 14 - 0.5, f"{name}: {smallest[1]!r} at {smallest[0]} px"
    assert len(sizes) > 40, "every screen drew its text"
    fresh = getattr(screens.text, "smallest", None)  # counters are rendered outside the cache
    assert fresh is None or fresh >= min(canvas.size) / 14 - 0.5
