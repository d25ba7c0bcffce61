"""Real front-view single-leg footage through the real model: the stance knee is followed and never
flagged.

Two licensed clips (tests/fixtures/NOTICE.md) film one person from two cameras balancing on the left leg,
the stance knee bent over the foot, while the right leg reaches out; people stand behind them. The clips
start and end with the person already on one leg: the rep starts mid-movement.
"""

import pytest

from hardware.video import VideoFileSource
from kiosk.coach import KneeVerdict
from kiosk.coach.built_in_exercises import exercise_by_id
from kiosk.coach.session import Coach
from kiosk.commands.analyze import analyze_poses
from kiosk.config import Config
from kiosk.pose import Keypoint, PoseEstimator, PoseTracker

from ..conftest import FIXTURES

CLIPS = ["front_single_leg_reach.mp4", "oblique_single_leg_reach.mp4"]


@pytest.fixture(scope="module", params=CLIPS)
def clip_poses(request, interpreter):
    tracker = PoseTracker(PoseEstimator(interpreter))
    source = VideoFileSource(FIXTURES / request.param)
    poses = []
    while (frame := source.read()) is not None:
        poses.append((frame.timestamp, tracker.track(frame.image, frame.timestamp)))
    source.close()
    return request.param, poses


def test_the_stance_knee_is_found_on_every_frame(clip_poses):
    _, poses = clip_poses
    assert all(pose.point(Keypoint.LEFT_KNEE) is not None for _, pose in poses)


def test_the_person_in_front_is_followed_not_the_people_behind(clip_poses):
    """The people behind stand at the back of the hall, off to the sides of the person in front and half
    their size: the stance leg stays long and the hips near the middle of the picture."""
    _, poses = clip_poses
    legs = [pose.point(Keypoint.LEFT_ANKLE)[1] - pose.point(Keypoint.LEFT_HIP)[1] for _, pose in poses]
    assert min(legs) > 0.6 * max(legs)
    for _, pose in poses:
        width, _ = pose.image_size
        assert width / 4 < pose.point(Keypoint.LEFT_HIP)[0] < 3 * width / 4


def test_the_bent_stance_knee_is_never_called_caving(clip_poses):
    name, poses = clip_poses
    coach = Coach(exercise_by_id("step_down"))
    verdicts = [coach.update(pose, t).knees.left.verdict for t, pose in poses]
    assert KneeVerdict.CAVING not in verdicts, name
    analysis = analyze_poses(poses, exercise_by_id("step_down"), Config())
    (rep,) = analysis.results
    assert rep.side == "left" and rep.judged
    assert not [fault for fault in rep.faults if fault.endswith("_knee_in")], rep
