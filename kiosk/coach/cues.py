"""One cue at a time: what to do first, then what to fix, with a cool-down between cues.

Setup cues ("Step back so your feet are in view") show once their condition
has held for ``settle_seconds``, so a keypoint flickering for a frame does not
flash a new instruction. Coaching cues follow each rep's verdict; a new one
waits for ``cooldown_seconds`` after the last, so nobody is nagged mid-set.
There is no cue for "knees past toes": it is not a fault. Each cue carries
its tone (:class:`~kiosk.coach.faults.Tone`): the screen colours it by that,
not by its words. The words of the faults are in :mod:`kiosk.coach.faults`.
"""

from __future__ import annotations

from kiosk.coach.faults import BOTH_KNEES_CUE, Tone, both_knees, by_priority
from kiosk.coach.verdict import COOLDOWN_SECONDS, RepResult

GOOD = "Good — knees over toes"


def cue_for(result: RepResult, good: str = GOOD) -> tuple[str, Tone]:
    """The one cue for a rep and its tone: the most important fault's, or ``good`` for a good rep.

    >>> cue_for(RepResult(1, 0.0, 1.0, 2.0, ("shallow", "left_knee_in")))
    ('Push your left knee out over your toes', <Tone.FAULT: 'fault'>)
    """
    if both_knees(result.faults):
        return BOTH_KNEES_CUE, Tone.FAULT
    ranked = by_priority(result.faults)
    return (ranked[0].cue, Tone.FAULT) if ranked else (good, Tone.GOOD)


class CueBoard:
    """Holds the cue on screen, and its tone.

    >>> board = CueBoard(ready="Squat when you are ready")
    >>> board.setup(0.0, None); board.current, board.tone.value
    ('Squat when you are ready', 'setup')
    """

    def __init__(self, ready: str, cooldown_seconds: float = COOLDOWN_SECONDS, settle_seconds: float = 0.5):
        self.ready = ready
        self.ready_tone = Tone.SETUP
        self.cooldown = cooldown_seconds
        self.settle = settle_seconds
        self.current = ready
        self.tone = Tone.SETUP
        self._setup_candidate: tuple[str | None, float] | None = None
        self._coaching_since = -1e9
        self._pending: tuple[str, Tone] | None = None
        self._in_setup = False

    def setup(self, t: float, cue: str | None) -> None:
        """This frame's setup need (``None``: the person is ready to be coached)."""
        candidate = self._setup_candidate
        first = candidate is None
        if candidate is None or candidate[0] != cue:
            candidate = self._setup_candidate = (cue, t)
        if first or t - candidate[1] >= self.settle:
            if cue is not None:
                self.current, self.tone, self._in_setup = cue, Tone.SETUP, True
            elif self._in_setup:
                self.current, self.tone, self._in_setup = self.ready, self.ready_tone, False
        if self._pending and not self._in_setup and t - self._coaching_since >= self.cooldown:
            (self.current, self.tone), self._pending, self._coaching_since = self._pending, None, t

    def after_rep(self, t: float, result: RepResult, good: str = GOOD) -> None:
        """A rep was judged: show its cue now, or once the cool-down has passed."""
        cue = cue_for(result, good)
        if t - self._coaching_since >= self.cooldown and not self._in_setup:
            (self.current, self.tone), self._pending, self._coaching_since = cue, None, t
        else:
            self._pending = cue
