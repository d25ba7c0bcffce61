"""Keypoint dropouts and noise, in the live path (before the engine's smoothing) and in raw tracks."""

import numpy as np
import pytest

from kiosk.athlete import Athlete, BodyShape, Camera, Motion, Scene
from kiosk.athlete.framing import cut_head, frame_person
from kiosk.athlete.perturb import KeypointNoise, NoisyEstimator, perturbed_track
from kiosk.pose import PoseEstimator, PoseTracker
from kiosk.pose.track_file import TrackHeader, read_track, write_track

KNEES = [13, 14]


def test_live_noise_reaches_the_engine_before_its_smoothing(interpreter):
    """The model's raw output jitters by the noise and drops points; the tracker's output jitters much less,
    and bridges the dropped points (up to 0.3 s) with their last place."""
    frame, _ = Scene(Athlete(), Camera(), Motion(reps=1, sway=0.0)).render(0.5)
    noisy = NoisyEstimator(PoseEstimator(interpreter), KeypointNoise(sigma_px=6.0, dropout=0.05), seed=3)
    tracker = PoseTracker(noisy)
    raw, smoothed, dropped, missing = [], [], 0, 0
    for index in range(45):
        t = index / 30
        estimate = noisy.estimate(frame, t)
        raw.append(estimate.keypoints[KNEES, 0])
        dropped += int(np.count_nonzero(estimate.keypoints[:, 2] < estimate.min_score))
        pose = tracker.track(frame, t)
        missing += int(np.count_nonzero(pose.keypoints[:, 2] < pose.min_score))
        smoothed.append(pose.keypoints[KNEES, 0])
    assert np.std(raw, axis=0).mean() == pytest.approx(6.0, rel=0.35)
    assert np.std(smoothed[15:], axis=0).mean() < 3.0
    assert 0.02 < dropped / (45 * 17) < 0.09
    assert missing < dropped / 4
    assert noisy.min_score == tracker.estimator.estimator.min_score  # still the real estimator's gate


def test_a_raw_track_holds_the_perturbed_truth_and_never_the_points_outside_the_picture(tmp_path):
    motion, body = Motion(reps=2), BodyShape()
    camera = cut_head(frame_person(motion, body, 1.2, 2.5), motion, body, share=0.6)
    scene = Scene(Athlete(body), camera, motion)
    path = tmp_path / "raw.jsonl"
    noise = KeypointNoise(sigma_px=6.0, dropout=0.04)
    with path.open("w") as stream:
        write_track(stream, TrackHeader(1280, 720, 30, "athlete"), perturbed_track(scene, 30, noise, seed=1))
    _, frames = read_track(path)
    assert len(frames) == round(motion.duration * 30)
    scores = np.array([frame.pose.keypoints[:, 2] for frame in frames])
    truths = np.array([scene.truth(frame.t).keypoints for frame in frames])
    inside = truths[:, :, 2] == 1
    assert (scores[~inside] == 0).all() and (~inside).any()
    assert np.mean(scores[inside] < 0.29) == pytest.approx(0.04, abs=0.01)
    gaps = np.array([frame.pose.keypoints[:, :2] for frame in frames]) - truths[:, :, :2]
    assert np.std(gaps[inside]) == pytest.approx(6.0, abs=0.5)
