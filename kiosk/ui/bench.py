"""Benchmark of the screens: the draw time of each at 1920×1080, headless.

    python -m kiosk.ui.bench [--frames N] [--size 1920x1080]

Draws every screen ``N`` times onto a display opened with the dummy driver
(set by this command unless ``SDL_VIDEODRIVER`` is set) and prints one JSON
object, ``{screen: p50 milliseconds}``. ``mirror_show`` is handing the camera
frame over (nothing is converted until it is drawn), ``overlay`` the leg overlay alone and
``present_90`` the portrait canvas's turn onto the display. ``picture`` is
the whole picture's cost per frame, zoomed to the person as on the exercise
screen: here, from a camera frame (the part shown converted, then mirrored
and scaled in one warp);
``picture_pi``, from the Pi camera's two streams, where the ISP has already
mirrored, converted and scaled it to the display and the CPU only crops and
scales it for the zoom. Speed is measured
here, never asserted in a test: figures vary with the machine. Budgets: the
exercise screen ≤ 5 ms with the mirror, the overlay ≤ 0.5 ms; the UI holds
30 fps (33 ms a frame, shared with the pose model).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable

import numpy as np


def _frame(size: tuple[int, int] = (1280, 720)) -> np.ndarray:
    """A camera frame with some structure (gradients), so scaling does real work."""
    width, height = size
    x = np.linspace(0, 255, width, dtype=np.float32)
    y = np.linspace(0, 255, height, dtype=np.float32)[:, None]
    image = np.empty((height, width, 3), np.uint8)
    image[..., 0] = x
    image[..., 1] = y
    image[..., 2] = (x + y) / 2
    return image


def run(frames: int = 60, size: tuple[int, int] = (1920, 1080)) -> dict[str, float]:
    """Draw each screen ``frames`` times; return the median milliseconds of each."""
    import cv2
    import pygame

    from kiosk.coach.built_in_exercises import EXERCISES
    from kiosk.coach.knee import KneeCheck, KneeReading, KneeVerdict
    from kiosk.ui import views
    from kiosk.ui.glass import GlassGeometry
    from kiosk.ui.mirror_view import MirrorView, picture_size
    from kiosk.ui.rotation import Canvas
    from kiosk.ui.samples import standing_person
    from kiosk.ui.screens import Screens

    pygame.display.init()
    pygame.font.init()
    try:
        display = pygame.display.set_mode(size)
        image = _frame()
        geometry = GlassGeometry(size)
        pose = standing_person(geometry, 2.5, 1.45, left_knee_in=0.06)
        check = KneeCheck(
            KneeReading("left", 0.09, KneeVerdict.CAVING),
            KneeReading("right", 0.01, KneeVerdict.TRACKING),
            "Push your left knee out over your toes",
        )
        screens = Screens(size)
        glass = Screens(size, mode="glass", glass=geometry)
        routine = views.MenuTile("Knee-friendly warm-up", "12 steps · 15 min", "routine", True)
        tiles = (routine, *(views.MenuTile.for_exercise(e, "8 reps") for e in EXERCISES))
        portrait = Canvas(display, rotation=90)
        upright = Screens(portrait.size)
        screens.mirror.show(image)
        upright.mirror.show(image)
        here, pi = MirrorView(screens.mirror.area, zoom=True), MirrorView(screens.mirror.area, zoom=True)
        lores = image[:, ::-1].copy()  # what the ISP hands over: the frame mirrored, and again display-sized
        shown = picture_size((lores.shape[1], lores.shape[0]), size)
        main = cv2.cvtColor(cv2.resize(lores, shown), cv2.COLOR_BGR2BGRA)
        (x0, y0), (x1, y1) = pose.keypoints[:, :2].min(axis=0), pose.keypoints[:, :2].max(axis=0)
        box = (float(x0), float(y0), float(x1), float(y1))  # the person, in camera pixels

        def picture(view: MirrorView, show: Callable[[], None]) -> None:
            show()
            view.follow(box)
            view.draw(display)

        def exercise(i: int) -> views.ExerciseView:
            return views.ExerciseView(
                EXERCISES[0], pose, check, None, i // 20, 8, step=(3, 12),
                flash="Rep 4: left knee caved" if i % 30 < 10 else None, flash_good=False,
                legend="◀ back · ▶ skip · hold ● menu",
            )  # fmt: skip

        cases: dict[str, Callable[[int], object]] = {
            "attract": lambda i: screens.draw_attract(display, views.AttractView(i / 30)),
            "menu": lambda i: screens.draw_menu(display, views.MenuView(tiles, i % len(tiles))),
            "mirror_show": lambda i: screens.mirror.show(image),
            "picture": lambda i: picture(here, lambda: here.show(image)),
            "picture_pi": lambda i: picture(pi, lambda: pi.show(lores, preview=main, mirrored=True)),
            "exercise": lambda i: screens.draw_exercise(display, exercise(i)),
            "overlay": lambda i: screens.overlay.draw(display, screens.mirror, pose),
            "exercise_glass": lambda i: glass.draw_exercise(display, exercise(i)),
            "rest": lambda i: screens.draw_rest(
                display, views.RestView("Reverse lunge", 30 - i / 30, 30, "8 reps", "lunge")
            ),
            "summary": lambda i: screens.draw_summary(
                display,
                views.SummaryView(
                    "Squat",
                    6,
                    8,
                    2,
                    8,
                    0,
                    8,
                    "left knee caving in",
                    (views.SideChange("Left", "Left knee: better than at the start", True),),
                    "Next time: bridges, clamshells and band walks before you train",
                    "● menu · hold ● done",
                ),
            ),
            "safety": lambda i: screens.draw_safety(display, views.SafetyView()),
            "trouble": lambda i: screens.draw_trouble(display, views.TroubleView(views.TroubleKind.TOO_FAR)),
            "calibration": lambda i: glass.draw_calibration(
                display, views.CalibrationView(1.0, 0.0, 0.0, "scale", pose)
            ),
            "exercise_portrait": lambda i: upright.draw_exercise(portrait.surface, exercise(i)),
            "present_90": lambda i: portrait.present(display),
        }
        results = {}
        for name, draw in cases.items():
            times = []
            for i in range(frames):
                start = time.perf_counter()
                draw(i)
                times.append(time.perf_counter() - start)
            results[name] = round(1000 * statistics.median(times), 3)
        return results
    finally:
        pygame.quit()


def main(argv: list[str] | None = None) -> int:
    """Print ``{screen: p50 ms}`` as JSON."""
    parser = argparse.ArgumentParser(prog="python -m kiosk.ui.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=60, help="frames drawn per screen (default 60)")
    parser.add_argument("--size", default="1920x1080", help="screen size, WxH (default 1920x1080)")
    args = parser.parse_args(argv)
    try:
        width, height = (int(part) for part in args.size.lower().split("x"))
    except ValueError:
        parser.error(f"--size {args.size}: give WIDTHxHEIGHT, e.g. 1920x1080")
    if args.frames < 1:
        parser.error("--frames must be at least 1")
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    print(json.dumps(run(args.frames, (width, height))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
