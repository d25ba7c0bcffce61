"""One cue at a time: what to do first, then what to fix, with a cool-down between cues.

Setup cues ("Step back so your feet are in view") show once their condition
has held for ``settle_seconds``, so a keypoint flickering for a frame does not
flash a new instruction. Coaching cues follow each rep's verdict; a new one
waits for ``cooldown_seconds`` after the last, so nobody is nagged mid-set.
There is no cue for "knees past toes": it is not a fault.
"""

from __future__ import annotations

from kiosk.coach.verdict import RepResult

GOOD = "Good — knees over toes"
FAULT_CUES = {
    "both_knees_in": "Push both knees out over your toes",
    "left_knee_in": "Push your left knee out over your toes",
    "right_knee_in": "Push your right knee out over your toes",
    "hip_drop": "Keep your hips level",
    "trunk_lean": "Stay tall — don't lean to the side",
    "shallow": "Sit a little deeper",
    "hips_low": "Squeeze your glutes to lift your hips higher",
    "short_hold": "Pause for a second at the top",
    "pelvis_rolls": "Keep your hips stacked — open only the knee",
    "trunk_forward": "Stay tall — lift your chest",
    "knees_bend": "Keep your knees soft and still — push your hips back",
    "hips_not_back": "Push your hips back, as if to close a door",
    "back_rounds": "Keep your back flat — chest proud",
}
# Most important first: what loads the knee, then what the exercise is for, then the rest.
FAULT_ORDER = (
    "left_knee_in", "right_knee_in", "hip_drop", "knees_bend", "hips_low", "pelvis_rolls", "back_rounds",
    "hips_not_back", "trunk_forward", "trunk_lean", "short_hold", "shallow",
)  # fmt: skip
GOOD_CUES = {
    GOOD, "Good rep", "Good — hips fully up", "Good — hips still", "Good — knees over your feet",
    "Good — hold it", "Good — knee over your toes", "Good — hips back, back flat",
}  # fmt: skip
HOLD_STILL = "Stand tall and still for a moment"


def tone(cue: str) -> str:
    """Whether a cue praises (``"good"``), corrects (``"fault"``) or instructs (``"setup"``).

    >>> tone(GOOD), tone(FAULT_CUES["hip_drop"]), tone("Turn to face the mirror")
    ('good', 'fault', 'setup')
    """
    if cue in GOOD_CUES:
        return "good"
    return "fault" if cue in FAULT_CUES.values() else "setup"


def cue_for(result: RepResult, good: str = GOOD) -> str:
    """The one cue for a rep: the most important fault's, or ``good`` for a good rep.

    >>> cue_for(RepResult(1, 0.0, 1.0, 2.0, ("shallow", "left_knee_in")))
    'Push your left knee out over your toes'
    """
    faults = set(result.faults)
    if {"left_knee_in", "right_knee_in"} <= faults:
        return FAULT_CUES["both_knees_in"]
    for fault in FAULT_ORDER:
        if fault in faults:
            return FAULT_CUES[fault]
    return good


class CueBoard:
    """Holds the cue on screen.

    >>> board = CueBoard(ready="Squat when you are ready")
    >>> board.setup(0.0, None); board.current
    'Squat when you are ready'
    """

    def __init__(self, ready: str, cooldown_seconds: float = 3.0, settle_seconds: float = 0.5):
        self.ready = ready
        self.cooldown = cooldown_seconds
        self.settle = settle_seconds
        self.current = ready
        self._setup_candidate: tuple[str | None, float] | None = None
        self._coaching_since = -1e9
        self._pending: str | None = None
        self._in_setup = False

    def setup(self, t: float, cue: str | None) -> None:
        """This frame's setup need (``None``: the person is ready to be coached)."""
        first = self._setup_candidate is None
        if first or self._setup_candidate[0] != cue:
            self._setup_candidate = (cue, t)
        if first or t - self._setup_candidate[1] >= self.settle:
            if cue is not None:
                self.current, self._in_setup = cue, True
            elif self._in_setup:
                self.current, self._in_setup = self.ready, False
        if self._pending and not self._in_setup and t - self._coaching_since >= self.cooldown:
            self.current, self._pending, self._coaching_since = self._pending, None, t

    def after_rep(self, t: float, result: RepResult, good: str = GOOD) -> None:
        """A rep was judged: show its cue now, or once the cool-down has passed."""
        cue = cue_for(result, good)
        if t - self._coaching_since >= self.cooldown and not self._in_setup:
            self.current, self._pending, self._coaching_since = cue, None, t
        else:
            self._pending = cue
