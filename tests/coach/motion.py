"""Hand-made keypoint sequences of a person at the mirror, for testing the coach.

A 2-D stick figure seen from the front in a 1280×720 picture: legs of
``leg`` pixels, standing still, then squatting with a chosen depth, knee drift,
trunk lean and hip drop per rep. Coordinates are camera pixels (not mirrored);
the person faces the camera, so their left side is on the picture's right.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from kiosk.pose import Keypoint, Pose

FPS = 30
K = Keypoint


@dataclass
class Rep:
    depth: float = 1.0
    seconds: float = 2.0
    left_knee_in: float = 0.0  # knee moved towards the midline at the bottom, share of leg length
    right_knee_in: float = 0.0
    trunk_lean: float = 0.0  # degrees towards the person's left at the bottom
    hip_drop: float = 0.0  # degrees, left hip lower at the bottom
    bend_over: bool = False  # the trunk folds forward flat, as when picking something up from the floor
    walk: float = 0.0  # the whole person moves this share of leg length sideways over the rep (walking)


@dataclass
class Person:
    x: float = 640.0
    leg: float = 300.0
    hip_y: float = 330.0
    facing: str = "front"  # front, side
    noise: float = 0.0
    drop_share: float = 0.0
    rng: np.random.Generator = field(default_factory=lambda: np.random.default_rng(0))

    def pose(self, t: float, depth=0.0, left_in=0.0, right_in=0.0, lean=0.0, drop=0.0, bend=0.0) -> Pose:
        leg, half = self.leg, self.leg / 2
        ankle_y = self.hip_y + leg
        shin_angle = math.radians(35) * depth
        knee_y = ankle_y - half * math.cos(shin_angle)
        hip_y = knee_y - half * (1 - depth)
        width = 1.0 if self.facing == "front" else 0.08
        hip_half, ankle_half, knee_half = 45 * width, 60 * width, 64 * width
        drop_px = math.tan(math.radians(drop)) * hip_half
        torso = 220 * (1 - 0.25 * depth) * (1 - 0.9 * bend)
        lean_x = math.tan(math.radians(lean)) * torso
        shoulder_half = 75 * width
        kp = np.zeros((17, 3), np.float32)
        kp[:, 2] = 0.9
        # Facing the camera, the person's left is +x.
        points = {
            K.LEFT_HIP: (self.x + hip_half, hip_y + drop_px),
            K.RIGHT_HIP: (self.x - hip_half, hip_y - drop_px),
            K.LEFT_KNEE: (self.x + knee_half - left_in * leg * depth, knee_y),
            K.RIGHT_KNEE: (self.x - knee_half + right_in * leg * depth, knee_y),
            K.LEFT_ANKLE: (self.x + ankle_half, ankle_y),
            K.RIGHT_ANKLE: (self.x - ankle_half, ankle_y),
            K.LEFT_SHOULDER: (self.x + lean_x + shoulder_half, hip_y - torso),
            K.RIGHT_SHOULDER: (self.x + lean_x - shoulder_half, hip_y - torso),
            K.NOSE: (self.x + lean_x, hip_y - torso - 70),
            K.LEFT_EYE: (self.x + lean_x + 12, hip_y - torso - 80),
            K.RIGHT_EYE: (self.x + lean_x - 12, hip_y - torso - 80),
            K.LEFT_ELBOW: (self.x + 90, hip_y - torso + 60),
            K.RIGHT_ELBOW: (self.x - 90, hip_y - torso + 60),
        }
        for keypoint, xy in points.items():
            kp[keypoint, :2] = xy
        for keypoint in (K.LEFT_EAR, K.RIGHT_EAR, K.LEFT_WRIST, K.RIGHT_WRIST):
            kp[keypoint] = (self.x, hip_y - torso, 0.1)
        if self.noise:
            kp[:, :2] += self.rng.normal(0, self.noise, (17, 2))
        if self.drop_share:
            kp[self.rng.random(17) < self.drop_share, 2] = 0.1
        return Pose(kp, t, (1280, 720))


def stand(person: Person, seconds: float, start: float):
    """Frames of the person standing still."""
    return [(start + i / FPS, person.pose(start + i / FPS)) for i in range(round(seconds * FPS))]


def squats(person: Person, reps: list[Rep], start: float, pause: float = 0.5):
    """Frames of a set of reps, each a smooth down-and-up, with a short pause standing between."""
    frames, t = [], start
    for rep in reps:
        n = round(rep.seconds * FPS)
        for i in range(n):
            phase = (1 - math.cos(2 * math.pi * i / n)) / 2  # 0 → 1 → 0
            person.x += rep.walk * person.leg / n
            d = rep.depth * phase
            pose = person.pose(
                t, d, rep.left_knee_in * phase, rep.right_knee_in * phase,
                lean=rep.trunk_lean * phase, drop=rep.hip_drop * phase, bend=phase if rep.bend_over else 0.0,
            )  # fmt: skip
            frames.append((t, pose))
            t += 1 / FPS
        frames += stand(person, pause, t)
        t += pause
    return frames


def nobody(seconds: float, start: float):
    """Frames with nobody at the mirror."""
    return [(start + i / FPS, None) for i in range(round(seconds * FPS))]


def end_time(frames) -> float:
    return frames[-1][0] + 1 / FPS if frames else 0.0


def run(coach, frames):
    """Feed frames to a coach; return every update."""
    return [coach.update(pose, t) for t, pose in frames]
