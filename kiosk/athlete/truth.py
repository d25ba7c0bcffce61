"""The athlete's ground truth: exact keypoints per frame and each rep's true faults, depth and angles.

Computed from the script and the truth alone, independently of the coach's own
measures, so the coach can be checked against it.
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


def true_knee_offset(keypoints: np.ndarray, side: str) -> float:
    """The knee's 2-D distance from the hip–ankle line as a share of that line's length, + medial.

    >>> kp = np.zeros((17, 3)); kp[[11, 12, 13, 15], :2] = [(700, 400), (580, 400), (660, 600), (700, 800)]
    >>> round(true_knee_offset(kp, "left"), 3)
    0.1
    """
    other = "right" if side == "left" else "left"
    hip, knee, ankle = (keypoints[index[side], :2] for index in (HIP, KNEE, ANKLE))
    line, to_knee, to_midline = ankle - hip, knee - hip, keypoints[HIP[other], :2] - hip
    distance = (line[0] * to_knee[1] - line[1] * to_knee[0]) / float(line @ line)
    medial = math.copysign(1.0, line[0] * to_midline[1] - line[1] * to_midline[0])
    return float(distance * medial)


def knee_flexion(posture, side: str) -> float:
    """The knee's true 3-D flexion in degrees: 0 with the leg straight."""
    thigh = posture[f"knee_{side}"] - posture[f"hip_{side}"]
    shank = posture[f"ankle_{side}"] - posture[f"knee_{side}"]
    cosine = float(thigh @ shank) / float(np.linalg.norm(thigh) * np.linalg.norm(shank))
    return math.degrees(math.acos(max(-1.0, min(1.0, cosine))))


def rep_truth(scene: Scene) -> list[dict[str, Any]]:
    """Each rep's timing, scripted faults, depth, turn and true angles at its deepest frame.

    ``depth`` is the share of the way to the athlete's parallel squat (hips at
    knee height); ``knee_flexion`` the true 3-D angle of each knee; ``side``
    the leg that works on a single-leg rep; ``in_clip`` whether the rep's
    bottom is inside the clip (a clip may start part-way into its first rep).
    Shuffling and picking something up are no reps: their list is empty.
    """
    motion, body = scene.motion, scene.athlete.body
    if not motion.counts_reps:
        return []
    reps = []
    for index in range(1, motion.reps + 1):
        start, bottom, end = motion.rep_window(index)
        keypoints = scene.truth(bottom).keypoints
        posture = motion.posture(bottom, body)
        faults = {f.kind: f.magnitude for f in motion.faults if index in f.reps}
        reps.append(
            {
                "index": index,
                "start": round(start, 3),
                "bottom": round(bottom, 3),
                "end": round(end, 3),
                "in_clip": 0.0 <= bottom <= motion.duration,
                "faults": faults,
                "depth": round(motion.rep_depth(index), 3),
                "knee_flexion_left": round(knee_flexion(posture, "left"), 1),
                "knee_flexion_right": round(knee_flexion(posture, "right"), 1),
                "turn": motion.turn,
                "side": motion.working_side(index),
                "fppa_left": round(true_fppa(keypoints, "left"), 2),
                "fppa_right": round(true_fppa(keypoints, "right"), 2),
                "knee_offset_left": round(true_knee_offset(keypoints, "left"), 4),
                "knee_offset_right": round(true_knee_offset(keypoints, "right"), 4),
            }
        )
    return reps
