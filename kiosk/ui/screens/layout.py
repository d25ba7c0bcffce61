"""Text laid out around the legs: each block tries its places in order and takes the first that is clear.

A place is an anchor on the screen (``"top-left"``, ``"bottom"``, ``"left"``,
…). A block slides away from the blocks already placed (down from a top
anchor, up from a bottom one) and is refused where it would cover the legs;
a block keeps the place it had last while that place stays clear, so text
does not jump about from frame to frame. When no place is clear, the one
covering least of the legs is taken.

Budget: a few dozen rectangle tests per frame.
"""

from __future__ import annotations

from collections.abc import Callable

import pygame


class Layout:
    """Places rectangles of text on a screen of ``size``, clear of the legs and of each other.

    >>> layout = Layout((1920, 1080), margin=38)
    >>> layout.begin(legs=pygame.Rect(800, 700, 300, 380))  # the legs reach the bottom edge
    >>> layout.place("message", (1200, 90), ("bottom", "top"))
    Rect(360, 38, 1200, 90)
    >>> layout.place("title", (400, 90), ("top-left",))  # slides down, clear of the message
    Rect(38, 147, 400, 90)
    """

    def __init__(self, size: tuple[int, int], margin: int):
        self.width, self.height = size
        self.margin = margin
        self.gap = margin // 2
        self.legs: pygame.Rect | None = None
        self.placed: list[pygame.Rect] = []
        self._last: dict[str, str] = {}

    def begin(self, legs: pygame.Rect | None) -> None:
        """A new frame: the legs cover ``legs`` (``None``: nobody drawn); nothing is placed yet."""
        self.legs = legs.inflate(self.margin, self.margin) if legs is not None else None
        self.placed = []

    def place(
        self,
        key: str,
        size: tuple[int, int] | Callable[[str], tuple[int, int]],
        anchors: tuple[str, ...],
    ) -> pygame.Rect:
        """Where block ``key`` of ``size`` (or ``size(anchor)``) goes: the first clear one of ``anchors``."""
        last = self._last.get(key)
        order = ((last,) if last in anchors else ()) + tuple(a for a in anchors if a != last)
        best: tuple[int, pygame.Rect, str] | None = None
        for anchor in order:
            spot = self._spot(anchor, size(anchor) if callable(size) else size)
            if spot is None:
                continue
            covered = _overlap(spot, self.legs)
            if covered == 0:
                best = (0, spot, anchor)
                break
            if best is None or covered < best[0]:
                best = (covered, spot, anchor)
        if best is None:  # nowhere on screen: the first anchor, whatever it covers
            anchor = anchors[0]
            spot = pygame.Rect(self._corner(anchor, size(anchor) if callable(size) else size))
            best = (0, spot, anchor)
        _, spot, anchor = best
        self._last[key] = anchor
        self.placed.append(spot)
        return spot

    def anchor(self, key: str) -> str | None:
        """The anchor block ``key`` went to last."""
        return self._last.get(key)

    def _spot(self, anchor: str, size: tuple[int, int]) -> pygame.Rect | None:
        """The block at ``anchor``, slid clear of the blocks placed; ``None`` if it runs off the screen."""
        rect = pygame.Rect(self._corner(anchor, size))
        downward = not anchor.startswith("bottom")
        for _ in range(len(self.placed) + 1):
            hit = rect.collidelist(self.placed)
            if hit < 0:
                break
            other = self.placed[hit]
            if downward:
                rect.top = other.bottom + self.gap
            else:
                rect.bottom = other.top - self.gap
        else:
            return None
        if rect.top < self.margin // 2 or rect.bottom > self.height - self.margin // 2:
            return None
        return rect

    def _corner(self, anchor: str, size: tuple[int, int]) -> tuple[int, int, int, int]:
        w, h = size
        m = self.margin
        x = {"left": m, "right": self.width - m - w}.get(anchor.split("-")[-1], (self.width - w) // 2)
        if anchor.startswith("top"):
            y = m
        elif anchor.startswith("bottom"):
            y = self.height - m - h
        else:
            y = (self.height - h) // 2
        return x, y, w, h


def _overlap(rect: pygame.Rect, legs: pygame.Rect | None) -> int:
    if legs is None:
        return 0
    clipped = rect.clip(legs)
    return clipped.width * clipped.height
