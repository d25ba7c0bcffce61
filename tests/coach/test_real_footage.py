"""Real side-view footage through the real model: the mirror must not invent knee faults.

From the side a knee's inward drift is invisible, so the only honest answer is
to ask the person to face the mirror.
"""

from collections import Counter

import pytest

from hardware.video import VideoFileSource
from kiosk.coach import KneeVerdict
from kiosk.coach.built_in_exercises import exercise_by_id
from kiosk.coach.session import Coach
from kiosk.pose import PoseEstimator, PoseTracker

from ..conftest import FIXTURES, OBLIQUE_CLIP


@pytest.mark.parametrize("clip", [OBLIQUE_CLIP, FIXTURES / "side_bodyweight_squat.gif"], ids=lambda p: p.name)
def test_side_and_oblique_squats_get_no_knee_verdicts(interpreter, clip):
    tracker = PoseTracker(PoseEstimator(interpreter))
    coach = Coach(exercise_by_id("squat"))
    source = VideoFileSource(clip)
    cues, judged = Counter(), 0
    while (frame := source.read()) is not None:
        update = coach.update(tracker.track(frame.image, frame.timestamp), frame.timestamp)
        check = update.knees
        cues[check.cue] += 1
        judged += (check.left.verdict, check.right.verdict) != (KneeVerdict.UNKNOWN, KneeVerdict.UNKNOWN)
    source.close()
    assert judged == 0, cues
    assert cues["Turn to face the mirror"] > 0.9 * sum(cues.values()), cues
    assert all(not result.judged and not result.faults for result in coach.results)


def test_side_view_checks_on_a_real_bodyweight_squat(interpreter):
    """One deep bodyweight squat filmed side-on, through the real model, fed to the side-view checks.

    It is a hinge-like pattern with bent knees, the knee travelling well forward over the foot,
    and never a bridge or a half-kneel.
    """
    tracker = PoseTracker(PoseEstimator(interpreter))
    ids = ("hip_hinge", "knee_to_wall", "glute_bridge", "hip_flexor_stretch")
    coaches = {exercise: Coach(exercise_by_id(exercise)) for exercise in ids}
    source = VideoFileSource(FIXTURES / "side_bodyweight_squat.gif")
    while (frame := source.read()) is not None:
        pose = tracker.track(frame.image, frame.timestamp)
        for coach in coaches.values():
            coach.update(pose, frame.timestamp)
    source.close()
    (hinge,) = coaches["hip_hinge"].results
    assert hinge.faults == ("knees_bend",) and 30 < hinge.metrics["trunk_angle"] < 70
    (push,) = coaches["knee_to_wall"].results
    # A deep squat takes the shin well forward: 35–50° of tilt are typical of full depth.
    assert 30 < push.metrics["shin_tilt"] < 55
    assert not coaches["glute_bridge"].results
    assert coaches["hip_flexor_stretch"].summary().to_json()["hold_seconds"] == {"left": 0.0, "right": 0.0}
