"""Smoothing without lag: still knees stop jittering, a fast squat's bottom is not delayed.

Both numbers are printed with ``pytest -s`` and asserted here.
"""

import cv2
import numpy as np
import pytest

from kiosk.pose import Keypoint, PoseEstimator, PoseTracker
from kiosk.pose.smoothing import OneEuroFilter
from kiosk.pose.tracker import D_CUTOFF

LEG = [Keypoint.LEFT_HIP, Keypoint.RIGHT_HIP, Keypoint.LEFT_KNEE, Keypoint.RIGHT_KNEE, Keypoint.LEFT_ANKLE]
FPS = 30


@pytest.fixture(scope="module")
def still_person_frames(tree_pose_image):
    """Three seconds of a person standing still at 720p, with camera sensor noise in every frame."""
    frame = np.zeros((720, 1280, 3), np.uint8)
    person = cv2.resize(tree_pose_image, None, fx=1.1, fy=1.1)
    frame[6 : 6 + person.shape[0], 400 : 400 + person.shape[1]] = person
    rng = np.random.default_rng(1)
    return [_with_noise(frame, rng) for _ in range(3 * FPS)]


def _with_noise(frame, rng, sigma=3.0):
    """``frame`` with fresh Gaussian noise, drawn in float32 in place: twice as quick as float64."""
    noisy = rng.standard_normal(frame.shape, np.float32)
    noisy *= sigma
    noisy += frame
    np.clip(noisy, 0, 255, out=noisy)
    return noisy.astype(np.uint8)


def leg_jitter(poses):
    """Mean standard deviation of the leg points, in pixels, after the first second."""
    points = np.array([pose.keypoints[LEG, :2] for pose in poses[FPS:]])
    return float(points.std(axis=0).mean())


def test_a_still_persons_knees_stop_jittering(interpreter, still_person_frames):
    raw = PoseTracker(PoseEstimator(interpreter), smoothing=False)
    smooth = PoseTracker(PoseEstimator(interpreter))
    raw_jitter = leg_jitter([raw.track(f, i / FPS) for i, f in enumerate(still_person_frames)])
    smooth_jitter = leg_jitter([smooth.track(f, i / FPS) for i, f in enumerate(still_person_frames)])
    print(f"\nleg jitter at rest, 720p: raw {raw_jitter:.2f} px, smoothed {smooth_jitter:.2f} px")
    assert raw_jitter > 2.0  # the model does jitter on a still picture with sensor noise
    assert smooth_jitter <= 1.5
    assert smooth_jitter <= 0.4 * raw_jitter


@pytest.mark.parametrize("rep_seconds", [1.0, 0.7])
def test_the_bottom_of_a_fast_squat_is_at_most_one_frame_late(rep_seconds):
    """A knee dropping 150 px (a fifth of a 720p frame) and rising again within ``rep_seconds``."""
    t = np.arange(0, 3, 1 / FPS)
    phase = np.clip((t - 0.5) / rep_seconds, 0, 1)
    knee_y = 400 + 75 * (1 - np.cos(2 * np.pi * phase))
    smooth = OneEuroFilter(0.3, 20.0, D_CUTOFF, scale=720)
    smoothed = np.array(
        [smooth(np.array([[640.0, y]]), np.ones(1, bool), ti)[0, 1] for y, ti in zip(knee_y, t, strict=True)]
    )
    delay = int(np.argmax(smoothed) - np.argmax(knee_y))
    depth_lost = float(knee_y.max() - smoothed.max())
    print(f"\n{rep_seconds} s squat: bottom reached {delay} frame(s) late, {depth_lost:.1f} px short")
    assert 0 <= delay <= 1
    assert depth_lost < 3


def test_a_lost_keypoint_comes_back_where_it_is_not_where_it_was():
    smooth = OneEuroFilter(scale=720)
    seen, unseen = np.ones(1, bool), np.zeros(1, bool)
    for i in range(10):
        smooth(np.array([[100.0, 100.0]]), seen, i / FPS)
    smooth(np.array([[0.0, 0.0]]), unseen, 10 / FPS)
    back = smooth(np.array([[300.0, 100.0]]), seen, 11 / FPS)
    assert back.tolist() == [[300.0, 100.0]]
