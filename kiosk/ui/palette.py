"""Colours and type sizes, chosen to read at a glance from 3 m in a bright gym."""

WHITE = (255, 255, 255)
BLACK = (0, 0, 0)
INK = (18, 20, 24)
ACCENT = (255, 196, 0)
GOOD = (40, 205, 90)
WARN = (255, 140, 0)  # amber: a knee drifting towards the lane's inner edge (not ACCENT, the menu's colour)
BAD = (240, 55, 45)
NEUTRAL = (190, 190, 190)
BAND = (0, 0, 0, 170)
TILE = (48, 52, 60)
DIM = (120, 126, 138)
SOFT = (200, 200, 200)
LANE_FILL = (110, 180, 255, 55)  # drawn with gfxdraw straight onto the screen: alpha without a surface
LANE_EDGE = (150, 205, 255)

# The smallest share of the screen height for any cue, counter or instruction (the 1/20).
MIN_TYPE = 1 / 20


def type_size(screen_height: int, share: float) -> int:
    """A font size as a share of the screen height (cues and counters use ≥ 1/20).

    >>> type_size(1080, 1 / 12)
    90
    """
    return max(12, round(screen_height * share))


def min_type(screen_height: int) -> int:
    """The smallest size allowed for cues and counters: 1/20 of the screen height.

    >>> min_type(1080), min_type(1920)
    (54, 96)
    """
    return type_size(screen_height, MIN_TYPE)
