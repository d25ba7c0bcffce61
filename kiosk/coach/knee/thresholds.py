"""The knee judge's fixed limits, in one place: what each guards, beside its value.

The limits staff may change are ``[coach]`` settings instead (``knee_in_offset``,
``knee_in_swing_deg`` and the rest: ``CoachConfig`` in kiosk/config/model.py, read by the
coach's ``Thresholds``); docs/coach-thresholds.md says where each value comes from.

>>> SWING_DEPTH < 1.0 < SURE
True
"""

# Beyond this turn from the mirror (measure.turn_degrees), knees are not judged at all.
MAX_TURN_DEG = 25.0
# Once the person's usual track is known, a knee this far outside its line is pushed wide: never caving.
WIDE = -0.12
# With fewer than three reps to go by, a knee must pass its usual track by this much more per rep missing.
FEW_REPS_MARGIN = 0.03
# Live, reps within this factor of each other's depth are compared (UsualTrack).
NEAR_DEPTH = 1.5
# The knee's swing is read only from this depth: shallower, the knee stands too little off its line to tell.
SWING_DEPTH = 0.4
# A knee counts as inside its ankle, for the knees' separation ratio, from this far in (leg lengths).
INSIDE_ANKLE = 0.03
# A smoothed reading this far past the caving threshold is red at once: the wait is for borderline moments.
SURE = 1.25
