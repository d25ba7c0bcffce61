"""The exercise screen: the mirror (or black glass) with the leg overlay, the count, the cue and the setup.

Budget (per frame, 1920×1080): ≤ 5 ms including the mirror view; measured by
``python -m kiosk.ui.bench``. Text comes from the cache; counters are rendered
only when they change; the cue band is made once.
"""

from __future__ import annotations

import math

import pygame

from kiosk.coach.faults import Tone
from kiosk.coach.knee import KneeVerdict
from kiosk.ui.glass import GlassMapper
from kiosk.ui.mirror_view import MirrorView
from kiosk.ui.overlay import LegOverlay
from kiosk.ui.palette import BAD, BAND, BLACK, GOOD, INK, SOFT, TILE, WARN, WHITE
from kiosk.ui.screens.kit import Kit
from kiosk.ui.views import ExerciseView


def band_share(portrait: bool) -> float:
    """The cue band's share of the screen height: three lines of cue fit in portrait."""
    return 0.19 if portrait else 0.16


class ExerciseScreen:
    """Draws the exercise screen; keeps what lasts between frames (knee colours, counters, the band)."""

    def __init__(self, kit: Kit, mirror: MirrorView, overlay: LegOverlay, glass: GlassMapper | None = None):
        self.kit = kit
        self.mirror = mirror
        self.overlay = overlay
        self.glass = glass
        width, height = kit.size
        self.band = pygame.Surface((width, round(height * band_share(kit.portrait))), pygame.SRCALPHA)
        self.band.fill(BAND)
        self._counters: dict[str, tuple[tuple, pygame.Surface]] = {}

    def draw(self, surface: pygame.Surface, view: ExerciseView) -> None:
        """One frame of the exercise screen."""
        kit = self.kit
        width, height = kit.size
        margin = kit.margin
        picture = self.mirror.picture_rect if self.glass is None else None
        if picture is None:
            surface.fill(BLACK)
        else:  # the picture covers most of the screen: clear only around it
            for rect in _around(surface.get_rect(), picture):
                surface.fill(BLACK, rect)
        self.overlay.update(view.check)
        if self.glass is None:
            self.mirror.draw(surface)
            mapping = self.mirror
        else:
            mapping = self.glass.project(view.pose)
        if view.pose is not None and mapping is not None:
            self.overlay.draw(surface, mapping, view.pose)
        # Landscape: the name top left, the count top right. Portrait: the name across the top, below it
        # the routine step on the left and the count on the right.
        title_room = width // 2 - 2 * margin if not kit.portrait else width - 3 * margin
        title = kit.text.fit(view.name, kit.type(1 / 16), WHITE, title_room)
        title_box = kit.boxed(surface, title, title.get_rect(topleft=(margin, margin)))
        below = title_box.bottom + margin // 2
        step_box = title_box
        if view.step is not None:
            step = kit.text.render(f"{view.step[0]} / {view.step[1]}", kit.min_type, SOFT)
            step_box = kit.boxed(surface, step, step.get_rect(topleft=(margin, below + margin // 4)))
        counter_box = self._draw_counter(surface, view, below if kit.portrait else margin)
        band_top = height - self.band.get_height()
        if self.glass is None and self.mirror.area.bottom > band_top:
            surface.blit(self.band, (0, band_top))  # the picture runs under the band: darken it
        # Otherwise the band is already black (the picture stops above it; on glass black is clear glass,
        # so the cue reads on it and the reflection still shows through): nothing to draw.
        if not view.ready:
            top = max(step_box.bottom, counter_box.bottom) + margin // 2
            self._draw_setup(surface, view, top)
        cue = view.position_hint if (not view.ready and view.position_hint) else view.shown_cue
        colour = WARN if (not view.ready and view.position_hint) else _cue_colour(view)
        rows = kit.block(
            cue, kit.type(1 / 12), colour, width - 2 * margin, self.band.get_height() - margin // 2
        )
        total = sum(row.get_height() for row in rows)
        y = band_top + (self.band.get_height() - total) // 2
        for row in rows:
            surface.blit(row, row.get_rect(midtop=(width // 2, y)))
            y += row.get_height()
        if view.flash:
            self._draw_flash(surface, view, max(title_box.bottom, counter_box.bottom))

    def _counter(self, key: str, text: str, size: int, colour) -> pygame.Surface:
        """A counter's text, rendered again only when it changes (each value is new, so no cache)."""
        cached = self._counters.get(key)
        if cached is None or cached[0] != (text, size, colour):
            cached = ((text, size, colour), self.kit.text.font(size).render(text, True, colour))
            self._counters[key] = cached
        return cached[1]

    def _draw_counter(self, surface: pygame.Surface, view: ExerciseView, top: int) -> pygame.Rect:
        """The hold timer or rep counter, top right; returns its box (empty when there is none)."""
        kit = self.kit
        width = kit.width
        margin = kit.margin
        if view.hold_target is not None:
            held = view.hold_seconds or 0.0
            number = f"{math.floor(held)} / {round(view.hold_target)} s"
            label = "hold"
            progress = held / view.hold_target if view.hold_target > 0 else 0.0
        elif view.reps is not None:
            number = f"{view.reps} / {view.target_reps}" if view.target_reps else f"{view.reps}"
            label = "reps"
            progress = view.reps / view.target_reps if view.target_reps else None
        else:
            return pygame.Rect(kit.width - margin, top, 0, 0)
        if view.side:
            label = f"{view.side} · {label}"
        big = self._counter("number", number, kit.type(1 / 9 if not kit.portrait else 1 / 15), WHITE)
        small = self._counter("label", label, kit.min_type, SOFT)
        bar_height = margin // 2 if progress is not None else 0
        inner = pygame.Rect(
            0, 0, max(big.get_width(), small.get_width()), small.get_height() + big.get_height() + bar_height
        )
        inner.topright = (width - margin - margin // 2, top + margin // 4)
        box = inner.inflate(margin, margin // 2)
        pygame.draw.rect(surface, INK, box, border_radius=margin // 2)
        surface.blit(small, small.get_rect(topright=inner.topright))
        surface.blit(big, big.get_rect(topright=(inner.right, inner.top + small.get_height())))
        if progress is not None:
            bar = pygame.Rect(inner.x, inner.bottom - bar_height, inner.width, bar_height)
            pygame.draw.rect(surface, TILE, bar, border_radius=bar_height // 2)
            bar.width = round(bar.width * min(1.0, max(0.0, progress)))
            if bar.width:
                pygame.draw.rect(surface, GOOD, bar, border_radius=bar_height // 2)
        return box

    def _draw_setup(self, surface: pygame.Surface, view: ExerciseView, top: int) -> None:
        """The setup panel: the exercise's setup line, until the person is in position."""
        if not view.setup:
            return
        kit = self.kit
        width = kit.width
        inner = round(width * (0.6 if not kit.portrait else 0.86))
        size = kit.min_type
        height = kit.lines_height(view.setup, size, inner, 4)
        heading = kit.text.render("Set up", kit.min_type, WARN)
        panel = pygame.Rect(0, 0, inner + 2 * kit.margin, height + heading.get_height() + kit.margin)
        panel.midtop = (width // 2, top)
        pygame.draw.rect(surface, INK, panel, border_radius=kit.margin // 2)
        pygame.draw.rect(surface, WARN, panel, 4, border_radius=kit.margin // 2)
        surface.blit(heading, heading.get_rect(midtop=(width // 2, panel.top + kit.margin // 2)))
        kit.lines(
            surface,
            view.setup,
            size,
            WHITE,
            width // 2,
            panel.top + kit.margin // 2 + heading.get_height(),
            inner,
            3,
        )

    def _draw_flash(self, surface: pygame.Surface, view: ExerciseView, below: int) -> None:
        """The last rep's verdict, big, on its colour, in the upper middle, clear of the count."""
        kit = self.kit
        colour = GOOD if view.flash_good else BAD
        text = kit.text.fit(
            view.flash, kit.type(1 / 10), INK if view.flash_good else WHITE, kit.width - 6 * kit.margin
        )
        pill = text.get_rect(center=(kit.width // 2, round(kit.height * 0.3))).inflate(
            kit.margin * 2, kit.margin
        )
        pill.top = max(pill.top, below + kit.margin // 2)
        pygame.draw.rect(surface, BLACK, pill.inflate(8, 8), border_radius=pill.height // 2)
        pygame.draw.rect(surface, colour, pill, border_radius=pill.height // 2)
        surface.blit(text, text.get_rect(center=pill.center))


def _around(screen: pygame.Rect, inner: pygame.Rect) -> list[pygame.Rect]:
    """The parts of ``screen`` outside ``inner``: above, below, left and right of it.

    >>> [tuple(part) for part in _around(pygame.Rect(0, 0, 100, 50), pygame.Rect(10, 0, 80, 40))]
    [(0, 40, 100, 10), (0, 0, 10, 40), (90, 0, 10, 40)]
    """
    inner = inner.clip(screen)
    parts = [
        pygame.Rect(screen.left, screen.top, screen.width, inner.top - screen.top),
        pygame.Rect(screen.left, inner.bottom, screen.width, screen.bottom - inner.bottom),
        pygame.Rect(screen.left, inner.top, inner.left - screen.left, inner.height),
        pygame.Rect(inner.right, inner.top, screen.right - inner.right, inner.height),
    ]
    return [part for part in parts if part.width > 0 and part.height > 0]


def _cue_colour(view: ExerciseView) -> tuple[int, int, int]:
    if view.cue is not None:
        return {Tone.GOOD: GOOD, Tone.FAULT: BAD}.get(view.cue_tone, WHITE)
    verdicts = (view.check.left.verdict, view.check.right.verdict)
    if KneeVerdict.CAVING in verdicts:
        return BAD
    if KneeVerdict.TRACKING in verdicts:
        return GOOD
    return WHITE
