"""Colours and type sizes, chosen to read at a glance from 3 m in a bright gym."""

from kiosk.coach.knee import KneeVerdict

WHITE = (255, 255, 255)
BLACK = (0, 0, 0)
INK = (18, 20, 24)
ACCENT = (255, 196, 0)
GOOD = (40, 205, 90)
BAD = (240, 55, 45)
NEUTRAL = (190, 190, 190)
BAND = (0, 0, 0, 170)

KNEE_COLOURS = {
    KneeVerdict.TRACKING: GOOD,
    KneeVerdict.CAVING: BAD,
    KneeVerdict.UNKNOWN: NEUTRAL,
}


def type_size(screen_height: int, share: float) -> int:
    """A font size as a share of the screen height (cues and counters use ≥ 1/20).

    >>> type_size(1080, 1 / 12)
    90
    """
    return max(12, round(screen_height * share))
