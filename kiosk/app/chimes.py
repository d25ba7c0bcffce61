"""Tones for the reps, for someone who cannot see the screen: one per counted rep, another for a fault.

Budget: nothing per frame but a comparison; a tone is started, never waited for.
"""

from __future__ import annotations

from kiosk.coach.routine import RoutineState


class Chimes:
    """Plays ``"rep"`` when a rep is counted, ``"fault"`` when it was judged to have a fault.

    >>> from hardware import FakeSpeaker
    >>> chimes = Chimes(FakeSpeaker())
    >>> chimes.follow(None); chimes.speaker.played
    []
    """

    def __init__(self, speaker):
        self.speaker = speaker
        self._last = None

    def follow(self, state: RoutineState | None) -> None:
        """Look at the session's state after a pose; a rep that just ended gets its tone."""
        rep = state.update.rep if state is not None and state.update is not None else None
        if rep is None or rep is self._last:
            return
        self._last = rep
        self.speaker.play("fault" if rep.judged and rep.faults else "rep")
