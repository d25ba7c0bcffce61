"""Whether a glass mirror shows the legs: hips to ankles of people 1.5–2.0 m tall, 1.5–3.5 m away.

Two things must hold for the overlay to sit on the legs' reflection:

- **The reflection falls on the picture.** A point at height h, seen by an eye
  at height e, reflects at (e + h) / 2 on the glass, whatever the distance
  (:func:`kiosk.ui.glass.reflection_on_glass`). So the picture must reach
  up to the hips of the tallest person standing and down to the ankles of
  the shortest, and to their knees at the bottom of a squat to parallel,
  when the eye has dropped too; a landscape panel seldom does.
- **The camera sees them.** Its view, from ``[camera]``'s height, tilt and
  field of view, must hold the eyes (to place the reflection) and the feet
  of each person at the nearest and the farthest spot.

Each failure comes with what to change. :func:`glass_reach` runs at
start-up (logged), in ``kiosk doctor`` and on the calibration screen.
Heights are shares of standing height (Drillis & Contini): eye 0.936, hip
0.530, knee 0.285, ankle 0.039; at the bottom of a squat to parallel the
hips drop to the knees' height and the trunk leans about 35°, which puts the
eye at 0.61 and the knee at 0.28.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from kiosk.ui.glass import GlassGeometry

HEIGHTS_M = (1.5, 2.0)
DISTANCES_M = (1.5, 3.5)
EYE, HIP, KNEE, ANKLE = 0.936, 0.530, 0.285, 0.039
SQUAT_EYE, SQUAT_KNEE = 0.61, 0.28


IN_VIEW = "hips to ankles of people 1.5–2.0 m tall, 1.5–3.5 m away, show on the picture"


@dataclass(frozen=True)
class Reach:
    """What the check found: an empty ``problems`` means the legs show for everyone in range.

    >>> Reach(()).line
    'hips to ankles of people 1.5–2.0 m tall, 1.5–3.5 m away, show on the picture'
    """

    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """Whether every person in range shows from hips to ankles."""
        return not self.problems

    @property
    def line(self) -> str:
        """The finding in one line."""
        return "; ".join(self.problems) if self.problems else IN_VIEW


def reflection_height(person_m: float, share: float, eye: float = EYE) -> float:
    """Where on the glass (height above the floor) a person sees a body point at ``share`` of their height.

    ``eye`` is the eye's height, as a share too (lower in a squat).

    >>> round(reflection_height(1.5, ANKLE), 3), round(reflection_height(2.0, HIP), 3)
    (0.731, 1.466)
    >>> round(reflection_height(1.5, SQUAT_KNEE, SQUAT_EYE), 3)  # the knee at the bottom of a squat
    0.667
    """
    return (eye * person_m + share * person_m) / 2


def glass_reach(geometry: GlassGeometry) -> Reach:
    r"""Check the picture's place and the camera's view against people 1.5–2.0 m tall, 1.5–3.5 m away.

    >>> glass_reach(GlassGeometry((1080, 1920))).ok  # the shipped build: a 50" portrait panel
    True
    >>> reach = glass_reach(GlassGeometry((1080, 1920), screen_top_m=1.9))  # mounted too high
    >>> print(reach.line.replace(": ", ":\n"))
    the knees' reflection of a 1.5 m person at the bottom of a squat falls 13 cm below the picture:
    mount it 13 cm lower (display.glass_screen_top_m = 1.77)
    """
    return Reach(tuple(_picture_problems(geometry)) + tuple(_camera_problems(geometry)))


def _picture_problems(geometry: GlassGeometry) -> list[str]:
    top = geometry.screen_top_m
    tall = geometry.screen_height_m
    bottom = top - tall
    ankles = min(reflection_height(h, ANKLE) for h in HEIGHTS_M)
    knees = min(reflection_height(h, SQUAT_KNEE, SQUAT_EYE) for h in HEIGHTS_M)
    lowest = min(ankles, knees)
    highest = max(reflection_height(h, HIP) for h in HEIGHTS_M)
    portrait = " or turn it portrait" if geometry.screen_px[0] > geometry.screen_px[1] else ""
    if highest - lowest > tall:
        return [
            f"hips to ankles (and knees in a squat) reflect over {highest - lowest:.2f} m of height and the "
            f"picture is {tall:.2f} m tall: use a larger screen{portrait} (display.glass_screen_width_m)"
        ]
    if lowest < bottom:
        part, off = ("knees'", knees) if knees < bottom else ("ankles'", ankles)
        squat = " at the bottom of a squat" if knees < bottom else ""
        move = bottom - lowest
        return [
            f"the {part} reflection of a 1.5 m person{squat} falls {_cm(bottom - off)} cm below the picture: "
            f"mount it {_cm(move)} cm lower{portrait} (display.glass_screen_top_m = {top - move:.2f})"
        ]
    if highest > top:
        return [
            f"the hips' reflection of a 2.0 m person falls {_cm(highest - top)} cm above the picture: mount "
            f"it {_cm(highest - top)} cm higher{portrait} (display.glass_screen_top_m = {highest:.2f})"
        ]
    return []


def _camera_problems(geometry: GlassGeometry) -> list[str]:
    """Whether the eyes and feet of each person are in view at the nearest and the farthest spot."""
    width, height = geometry.camera_px
    half_view = math.degrees(math.atan(height / 2 / geometry.focal_px(width)))
    tilt = geometry.camera_tilt_deg
    lens = geometry.camera_height_m
    near = DISTANCES_M[0]
    # Degrees below level: the highest eyes (negative: above the lens) and the lowest feet.
    eyes = min(math.degrees(math.atan2(lens - EYE * h, d)) for h in HEIGHTS_M for d in DISTANCES_M)
    feet = max(math.degrees(math.atan2(lens, d)) for d in DISTANCES_M)
    if feet - eyes > 2 * half_view:
        return [
            f"from {lens:.2f} m up, a {geometry.camera_hfov_deg:.0f}° camera cannot see a 2.0 m person "
            f"from eyes to feet at {near} m: use the Camera Module 3 Wide (camera.hfov_deg = 102), "
            "or mark the spot further back"
        ]
    if feet > tilt + half_view:
        need = math.ceil(feet - half_view)
        return [f"the camera does not see the feet of people {near} m away: tilt it down to {need}° "
                f"(camera.tilt_deg = {need})"]  # fmt: skip
    if eyes < tilt - half_view:
        need = math.floor(eyes + half_view)
        return [f"the camera does not see the eyes of a 2.0 m person {near} m away: tilt it up to {need}° "
                f"(camera.tilt_deg = {need})"]  # fmt: skip
    return []


def _cm(metres: float) -> int:
    return max(1, round(metres * 100))
