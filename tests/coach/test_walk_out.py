"""Walking backwards out of a rack with bent knees, a bar on the back, is not a rep, live or offline.

The synthetic athlete walks out through the real renderer and model. Going away from the camera the
person looks shorter, so offline (camera height unknown) the hips seem to sink 0.4 of a squat.
"""

from kiosk.commands.accuracy.classes import plan_class
from kiosk.commands.accuracy.judges import JUDGES
from kiosk.commands.accuracy.runner import run_set
from kiosk.config import Config


def test_a_walk_out_is_not_counted_as_a_rep():
    plan = plan_class("walk_out", 1)[0]
    outcome = run_set(plan, JUDGES, Config())
    assert {judge: len(reps) for judge, reps in outcome.found.items()} == {"live": 0, "offline": 0}
