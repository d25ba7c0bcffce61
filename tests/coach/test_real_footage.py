"""Real side-view footage through the real model: the mirror must not invent knee faults.

From the side a knee's inward drift is invisible, so the only honest answer is
to ask the person to face the mirror.
"""

from collections import Counter

import pytest

from hardware.video import VideoFileSource
from kiosk.coach import KneeVerdict, check_knees
from kiosk.pose import PoseEstimator

from ..conftest import DEMO_CLIP, FIXTURES


@pytest.mark.parametrize("clip", [DEMO_CLIP, FIXTURES / "side_bodyweight_squat.gif"], ids=lambda p: p.name)
def test_side_and_oblique_squats_get_no_knee_verdicts(interpreter, clip):
    estimator = PoseEstimator(interpreter)
    source = VideoFileSource(clip)
    cues, judged = Counter(), 0
    while (frame := source.read()) is not None:
        check = check_knees(estimator.estimate(frame.image, frame.timestamp))
        cues[check.cue] += 1
        judged += (check.left.verdict, check.right.verdict) != (KneeVerdict.UNKNOWN, KneeVerdict.UNKNOWN)
    source.close()
    assert judged == 0, cues
    assert cues["Turn to face the mirror"] > 0.9 * sum(cues.values()), cues
