"""The athlete's ground truth: exact keypoints per frame and each rep's true faults and angles.

Computed from the truth alone, independently of the coach's own measures, so
the coach can be checked against it.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from kiosk.athlete.scene import Scene

HIP, KNEE, ANKLE = {"left": 11, "right": 12}, {"left": 13, "right": 14}, {"left": 15, "right": 16}


def true_fppa(keypoints: np.ndarray, side: str) -> float:
    """The 2-D frontal plane projection angle of one leg, degrees, + when the knee is medial.

    >>> kp = np.zeros((17, 3)); kp[[11, 12, 13, 15], :2] = [(700, 400), (580, 400), (680, 600), (700, 800)]
    >>> round(true_fppa(kp, "left"), 1)
    11.4
    """
    other = "right" if side == "left" else "left"
    hip, knee, ankle = (keypoints[index[side], :2] for index in (HIP, KNEE, ANKLE))
    other_hip = keypoints[HIP[other], :2]
    thigh, shank = knee - hip, ankle - knee
    angle = math.degrees(math.atan2(abs(thigh[0] * shank[1] - thigh[1] * shank[0]), float(thigh @ shank)))
    line = ankle - hip
    knee_side = line[0] * (knee - hip)[1] - line[1] * (knee - hip)[0]
    midline_side = line[0] * (other_hip - hip)[1] - line[1] * (other_hip - hip)[0]
    return angle if knee_side * midline_side > 0 else -angle


def rep_truth(scene: Scene) -> list[dict[str, Any]]:
    """Each rep's timing, its scripted faults and the true 2-D FPPA at its deepest frame."""
    motion = scene.motion
    reps = []
    for index in range(1, motion.reps + 1):
        start, bottom, end = motion.rep_window(index)
        keypoints = scene.truth(bottom).keypoints
        faults = {f.kind: f.magnitude for f in motion.faults if index in f.reps}
        reps.append(
            {
                "index": index,
                "start": round(start, 3),
                "bottom": round(bottom, 3),
                "end": round(end, 3),
                "faults": faults,
                "fppa_left": round(true_fppa(keypoints, "left"), 2),
                "fppa_right": round(true_fppa(keypoints, "right"), 2),
            }
        )
    return reps
