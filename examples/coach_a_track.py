"""A keypoint track through the coach: each rep's verdict, as the mirror gives it at the end of the rep."""

import sys

from kiosk.coach import Coach
from kiosk.coach.exercise_library import built_in
from kiosk.pose.track_file import open_track

header, frames = open_track(sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/athlete_squat.track.jsonl")
coach = Coach(built_in().exercise("squat"))
for frame in frames:
    rep = coach.update(frame.pose, frame.t).rep
    if rep is not None:
        verdict = "good" if rep.good else ", ".join(rep.faults)
        print(f"rep {rep.index} at {rep.bottom:.1f} s: {verdict if rep.judged else rep.reason}")
