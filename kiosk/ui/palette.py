"""Colours and type sizes, chosen to read at a glance from 3 m in a bright gym, and behind mirror glass.

The knee's verdict colours stay apart under red-green colour blindness (after
Okabe and Ito: sky blue, yellow, vermillion; ΔE ≥ 25 between any two under
simulated deuteranopia and protanopia, tests/ui/test_palette.py), and every
verdict has its own shape as well (kiosk/ui/overlay.py): colour never carries
it alone.
"""

from __future__ import annotations

from dataclasses import dataclass

WHITE = (255, 255, 255)
BLACK = (0, 0, 0)
INK = (18, 20, 24)
ACCENT = (255, 196, 0)
GOOD = (0, 190, 230)
WARN = (245, 215, 40)  # a knee drifting towards the lane's inner edge
BAD = (235, 80, 20)
NEUTRAL = (140, 140, 140)
TILE = (48, 52, 60)
DIM = (150, 156, 168)
SOFT = (210, 210, 210)
LANE_FILL = (255, 255, 255, 40)  # drawn with gfxdraw straight onto the screen: alpha without a surface
LANE_EDGE = (225, 225, 225)

# The smallest text, as a share of the panel's short side: its height in landscape, and the same physical
# size in portrait. On a 43" panel that is a 28 mm cap height, over the signage rule of 1 inch per 10 ft.
MIN_TYPE = 1 / 14


@dataclass(frozen=True)
class Theme:
    """How screens fill what is not text: video mode on dark grey, glass mode on pure black.

    Behind two-way glass anything but black shows as a grey slab over the
    reflection, so in glass mode tiles are outlines and the highlight is an
    outline too.
    """

    background: tuple[int, int, int]
    panel: tuple[int, int, int]  # behind text boxes and counters
    tile: tuple[int, int, int] | None  # a tile's fill, or None: outline only
    outline: tuple[int, int, int]
    track: tuple[int, int, int]  # the empty part of a ring or a bar


VIDEO = Theme(INK, INK, TILE, DIM, TILE)
GLASS = Theme(BLACK, BLACK, None, DIM, (70, 74, 82))


def type_size(screen_height: int, share: float) -> int:
    """A font size as a share of the screen height.

    >>> type_size(1080, 1 / 12)
    90
    """
    return max(12, round(screen_height * share))


def min_type(short_side: int) -> int:
    """The smallest size allowed for any text: 1/14 of the panel's short side.

    >>> min_type(1080)
    77
    """
    return type_size(short_side, MIN_TYPE)
