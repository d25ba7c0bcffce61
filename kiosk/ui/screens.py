"""The two screens of the foundation: the mirror during an exercise, and the menu.

Budget (per frame, exercise screen at 1920×1080): ≤ 5 ms including the
mirror view; text comes from the cache, the translucent band is made once.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from kiosk.coach.cues import tone
from kiosk.coach.exercises import Exercise
from kiosk.coach.knee import KneeCheck, KneeVerdict
from kiosk.pose.keypoints import Pose
from kiosk.ui.mirror_view import MirrorView
from kiosk.ui.overlay import draw_legs
from kiosk.ui.palette import ACCENT, BAD, BAND, BLACK, GOOD, INK, WHITE, type_size
from kiosk.ui.text import TextRenderer

HINT = "◀ ▶ choose      ● start"


@dataclass(frozen=True)
class ExerciseView:
    """What the exercise screen shows: the exercise, this frame's pose and knee check, the cue, the reps."""

    exercise: Exercise
    pose: Pose | None
    check: KneeCheck
    cue: str | None = None
    reps: int | None = None

    @property
    def shown_cue(self) -> str:
        """The coach's cue, or the live knee check's where there is no coach."""
        return self.cue if self.cue is not None else self.check.cue


@dataclass(frozen=True)
class MenuView:
    """What the menu shows: the exercises and which one is highlighted."""

    exercises: tuple[Exercise, ...]
    highlighted: int


class Screens:
    """Draws each screen onto the display surface, reusing what it can between frames.

    >>> import pygame; _ = pygame.font.init()
    >>> from kiosk.coach import EXERCISES
    >>> screen = pygame.Surface((1920, 1080))
    >>> Screens(screen.get_size()).draw_menu(screen, MenuView(EXERCISES, highlighted=0))
    """

    def __init__(self, size: tuple[int, int]):
        width, height = size
        self.size = size
        self.text = TextRenderer()
        self._counter_surface: tuple[tuple[str, int], pygame.Surface] | None = None
        self._band = pygame.Surface((width, round(height * 0.16)), pygame.SRCALPHA)
        self._band.fill(BAND)
        # The picture stops above the cue band: the feet are what the mirror is about.
        self.mirror = MirrorView(pygame.Rect(0, 0, width, height - self._band.get_height()))

    def draw_exercise(self, surface: pygame.Surface, view: ExerciseView) -> None:
        """The mirror with the leg overlay, the exercise's name and the cue in large type."""
        width, height = self.size
        surface.fill(BLACK)
        self.mirror.draw(surface)
        if view.pose is not None:
            draw_legs(surface, self.mirror, view.pose, view.check)
        margin = height // 30
        title = self.text.render(view.exercise.name, type_size(height, 1 / 16), WHITE)
        self._boxed(surface, title, title.get_rect(topleft=(margin, margin)))
        if view.reps is not None:
            reps = self._counter(f"Reps {view.reps}", type_size(height, 1 / 12))
            self._boxed(surface, reps, reps.get_rect(topright=(width - margin, margin)))
        band_top = height - self._band.get_height()
        surface.blit(self._band, (0, band_top))
        colour = _cue_colour(view)
        cue = self.text.fit(view.shown_cue, type_size(height, 1 / 12), colour, width - 2 * margin)
        surface.blit(cue, cue.get_rect(center=(width // 2, band_top + self._band.get_height() // 2)))

    def draw_trouble(self, surface: pygame.Surface, title: str, detail: str) -> None:
        """A trouble screen: what is wrong, in large type, and what is being done about it."""
        width, height = self.size
        surface.fill(INK)
        margin = height // 20
        heading = self.text.fit(title, type_size(height, 1 / 12), ACCENT, width - 2 * margin)
        surface.blit(heading, heading.get_rect(center=(width // 2, height // 2 - heading.get_height())))
        line = self.text.fit(detail, type_size(height, 1 / 20), WHITE, width - 2 * margin)
        surface.blit(line, line.get_rect(center=(width // 2, height // 2 + line.get_height())))

    def _counter(self, text: str, size: int) -> pygame.Surface:
        """A counter's text, rendered again only when it changes (each value is new, so no cache)."""
        if self._counter_surface is None or self._counter_surface[0] != (text, size):
            self._counter_surface = ((text, size), self.text.font(size).render(text, True, WHITE))
        return self._counter_surface[1]

    def _boxed(self, surface: pygame.Surface, text: pygame.Surface, place: pygame.Rect) -> None:
        margin = self.size[1] // 30
        box = place.inflate(margin, margin // 2)
        pygame.draw.rect(surface, INK, box, border_radius=margin // 2)
        surface.blit(text, text.get_rect(center=box.center))

    def draw_menu(self, surface: pygame.Surface, view: MenuView) -> None:
        """The exercises as large tiles, one highlighted, with the buttons' hint below."""
        width, height = self.size
        surface.fill(INK)
        margin = height // 20
        title = self.text.render("Choose your warm-up", type_size(height, 1 / 14), WHITE)
        surface.blit(title, (margin, margin))
        tile_height = height // 9
        gap = tile_height // 4
        top = margin * 2 + title.get_height()
        # As many tiles as fit, scrolled so the highlighted one is always shown.
        fit = max(1, (height - top - 3 * margin) // (tile_height + gap))
        first = min(max(0, view.highlighted - fit // 2), max(0, len(view.exercises) - fit))
        for row, index in enumerate(range(first, min(len(view.exercises), first + fit))):
            exercise = view.exercises[index]
            tile = pygame.Rect(margin, top + row * (tile_height + gap), width - 2 * margin, tile_height)
            chosen = index == view.highlighted
            pygame.draw.rect(
                surface, ACCENT if chosen else (48, 52, 60), tile, border_radius=tile_height // 5
            )
            label = self.text.render(exercise.name, type_size(height, 1 / 18), INK if chosen else WHITE)
            surface.blit(label, label.get_rect(midleft=(tile.x + margin, tile.centery)))
        hint = self.text.render(HINT, type_size(height, 1 / 22), (200, 200, 200))
        surface.blit(hint, hint.get_rect(midbottom=(width // 2, height - margin)))


def _cue_colour(view: ExerciseView) -> tuple[int, int, int]:
    if view.cue is not None:
        return {"good": GOOD, "fault": BAD}.get(tone(view.cue), WHITE)
    verdicts = (view.check.left.verdict, view.check.right.verdict)
    if KneeVerdict.CAVING in verdicts:
        return BAD
    if KneeVerdict.TRACKING in verdicts:
        return GOOD
    return WHITE
