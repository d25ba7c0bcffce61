"""Real side-view footage through the real model: the mirror must not invent knee faults.

From the side a knee's inward drift is invisible, so the only honest answer is
to ask the person to face the mirror.
"""

from collections import Counter

import pytest

from hardware.video import VideoFileSource
from kiosk.coach import KneeVerdict
from kiosk.coach.exercises import exercise_by_id
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
