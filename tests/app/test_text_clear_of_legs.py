"""No text over the legs: the athlete through a whole set, in video and glass mode, landscape and portrait.

The screen is drawn as the app draws it (navigation, presenter, screens),
but with the overlay drawn elsewhere, so that every pixel that differs from
the picture (or from black glass) is text or a text box. None of them may
fall inside the box from the hips to the ankles.
"""

import numpy as np
import pygame
import pytest

from kiosk.app import Navigation
from kiosk.app.presenter import Presenter
from kiosk.app.source_opener import athlete_camera
from kiosk.athlete.scene import Scene
from kiosk.athlete.source import DEMO_MOTION
from kiosk.coach.routine import SUMMARY
from kiosk.config import load_config_text
from kiosk.pose import Keypoint, Pose
from kiosk.ui.overlay import LegOverlay
from kiosk.ui.rotation import Canvas
from kiosk.ui.screens import Screens

LEGS = (
    Keypoint.LEFT_HIP, Keypoint.RIGHT_HIP, Keypoint.LEFT_KNEE, Keypoint.RIGHT_KNEE,
    Keypoint.LEFT_ANKLE, Keypoint.RIGHT_ANKLE,
)  # fmt: skip
GREY = 90
# A landscape glass build that shows the legs (kiosk doctor's check): a 75" panel, top edge 1.55 m up.
LANDSCAPE_GLASS = "[display]\nmode = 'glass'\nrotation = 0\nglass_screen_width_m = 1.66\n"


def overlay_elsewhere(monkeypatch):
    """The overlay still tells the layout where the legs are, but draws on a scratch surface."""
    draw = LegOverlay.draw
    scratch = {}

    def elsewhere(self, surface, mapping, pose):
        size = surface.get_size()
        if scratch.get("size") != size:
            scratch.update(size=size, surface=pygame.Surface(size))
        return draw(self, scratch["surface"], mapping, pose)

    monkeypatch.setattr(LegOverlay, "draw", elsewhere)


def leg_box(screens, pose):
    """The hips, knees and ankles as drawn this frame: through the mirror, or reflected on the glass."""
    if screens.glass is None:
        mapping = screens.mirror
    else:
        mapping = screens.glass_geometry.projection(pose, screens.glass.distance)
    points = [mapping.to_screen(*pose.point(k)) for k in LEGS if pose.point(k) is not None]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return pygame.Rect(min(xs), min(ys), max(xs) - min(xs) + 1, max(ys) - min(ys) + 1)


@pytest.mark.parametrize("mode", ["video", "glass"])
@pytest.mark.parametrize("rotation", [0, 90])
def test_no_text_covers_the_legs_through_a_whole_set(display, monkeypatch, screenshots, mode, rotation):
    overlay_elsewhere(monkeypatch)
    if mode == "glass":
        config = load_config_text(LANDSCAPE_GLASS if rotation == 0 else "[display]\nmode = 'glass'\n")
    else:
        config = load_config_text(f"[display]\nrotation = {rotation}\n")
    canvas = Canvas(display, rotation)
    screens = Screens.from_config(config.display, canvas.size, config.camera)
    filmed_by = athlete_camera(config)
    scene = Scene(motion=DEMO_MOTION) if filmed_by is None else Scene(camera=filmed_by, motion=DEMO_MOTION)
    picture = np.full((*scene.camera.size[::-1], 3), GREY, np.uint8)
    nav = Navigation()
    nav.start("squat", 0.0)
    presenter = Presenter(screens)
    checked, worst = 0, (0, None)
    for frame in range(round(scene.motion.duration * 30) + 60):
        t = frame / 30
        pose = Pose(scene.truth(t % scene.motion.duration).keypoints, t, scene.camera.size)
        nav.tick(t)
        state = nav.observe(pose, t)
        if state.screen == SUMMARY:
            break
        if frame % 5:
            continue
        screens.mirror.show(picture)
        presenter.draw(canvas.surface, nav, pose, t)
        box = leg_box(screens, pose).clip(canvas.surface.get_rect())
        if mode == "video":
            box = box.clip(screens.mirror.picture_rect)
        image = pygame.surfarray.pixels3d(canvas.surface)[box.left : box.right, box.top : box.bottom]
        text = np.any(image != (GREY if mode == "video" else 0), axis=2).sum()
        del image
        if text > worst[0]:
            worst = (text, t)
            pygame.image.save(canvas.surface, str(screenshots / f"text-over-legs-{mode}-{rotation}.png"))
        checked += 1
    assert checked > 60, "the whole set was looked at"
    assert worst[0] == 0, f"{worst[0]} pixels of text over the legs at t = {worst[1]:.1f} s"
