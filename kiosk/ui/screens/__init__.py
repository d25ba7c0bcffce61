"""The mirror's screens. A screen is a function of (surface, view): one module each, one facade.

:class:`Screens` keeps what lasts between frames (the mirror picture, text,
knee colours, glass distance) and draws any screen onto a surface of its
size: the display, or a :class:`kiosk.ui.rotation.Canvas` for portrait mirrors.
Budgets per screen are measured by ``python -m kiosk.ui.bench``.
"""

from __future__ import annotations

import pygame

from kiosk.ui.glass import GlassGeometry, GlassMapper
from kiosk.ui.gpu import GpuScreen
from kiosk.ui.mirror_view import MirrorView
from kiosk.ui.overlay import LegOverlay
from kiosk.ui.screens.attract import draw_attract
from kiosk.ui.screens.calibration import draw_calibration
from kiosk.ui.screens.exercise import ExerciseScreen, band_share
from kiosk.ui.screens.kit import Kit
from kiosk.ui.screens.menu import HINT, draw_menu
from kiosk.ui.screens.rest import draw_rest
from kiosk.ui.screens.safety import draw_safety
from kiosk.ui.screens.summary import draw_summary
from kiosk.ui.screens.trouble import draw_trouble
from kiosk.ui.text import TextRenderer
from kiosk.ui.views import (
    AttractView,
    CalibrationView,
    ExerciseView,
    MenuTile,
    MenuView,
    RestView,
    SafetyView,
    SideChange,
    SummaryView,
    TroubleKind,
    TroubleView,
)

__all__ = [
    "HINT",
    "AttractView",
    "CalibrationView",
    "ExerciseView",
    "MenuTile",
    "MenuView",
    "RestView",
    "SafetyView",
    "Screens",
    "SideChange",
    "SummaryView",
    "TroubleKind",
    "TroubleView",
]


class Screens:
    """Draws each screen onto a surface of ``size``, reusing what it can between frames.

    ``mode`` is ``"video"`` (the mirrored camera picture) or ``"glass"`` (black,
    the overlay placed on the reflection by ``glass``, a :class:`GlassGeometry`;
    by default one for ``size`` with the configuration's defaults).

    >>> import pygame; _ = pygame.font.init()
    >>> from kiosk.coach import EXERCISES
    >>> screen = pygame.Surface((1920, 1080))
    >>> tiles = tuple(MenuTile.for_exercise(exercise) for exercise in EXERCISES)
    >>> Screens(screen.get_size()).draw_menu(screen, MenuView(tiles, highlighted=0))
    """

    def __init__(
        self,
        size: tuple[int, int],
        mode: str = "video",
        glass: GlassGeometry | None = None,
    ):
        if mode not in ("video", "glass"):
            raise ValueError(f"mode must be 'video' or 'glass', not {mode!r}")
        width, height = size
        self.size = size
        self.mode = mode
        self.text = TextRenderer()
        self.kit = Kit(size, self.text, glass=mode == "glass")
        self.overlay = LegOverlay(glass=mode == "glass")
        self.glass_geometry = glass or GlassGeometry(size)
        self.glass = GlassMapper(self.glass_geometry) if mode == "glass" else None
        # The picture stops above the message band, zoomed to the person: the legs are what it is about.
        self.mirror = MirrorView(
            pygame.Rect(0, 0, width, height - round(height * band_share(self.kit.portrait))), zoom=True
        )
        self._exercise = ExerciseScreen(self.kit, self.mirror, self.overlay, self.glass)
        self.gpu: GpuScreen | None = None

    def use_gpu(self, gpu: GpuScreen) -> None:
        """Draw the exercise screen through ``gpu``'s renderer: the picture is no longer scaled here."""
        self.gpu = gpu
        self.mirror.deferred = True

    @classmethod
    def from_config(cls, display, size: tuple[int, int], camera=None) -> Screens:
        """Screens for a ``DisplayConfig`` (its mode, the picture's place) and a ``CameraConfig``."""
        return cls(size, display.mode, GlassGeometry.from_config(display, size, camera))

    def draw_exercise(self, surface: pygame.Surface, view: ExerciseView) -> None:
        """The mirror (or black glass) with the overlay, the count, the cue and, until ready, the setup.

        With :meth:`use_gpu` it is drawn through the GPU, and ``surface`` is left as it was.
        """
        self._exercise.draw(self.gpu or surface, view)

    def calibrate(self, scale: float, offset_x: float, offset_y: float) -> None:
        """Use new glass calibration values (saved by staff from the calibration screen)."""
        self.glass_geometry = self.glass_geometry.calibrated(scale, offset_x, offset_y)
        if self.glass is not None:
            self.glass = GlassMapper(self.glass_geometry)
            self._exercise = ExerciseScreen(self.kit, self.mirror, self.overlay, self.glass)

    def reset_knees(self) -> None:
        """Forget the knee colours' history: a new person, or a new exercise."""
        self.overlay.reset()
        if self.glass is not None:
            self.glass.reset()

    def draw_menu(self, surface: pygame.Surface, view: MenuView) -> None:
        """Routines, then exercises, as large tiles with a figure and the target; one highlighted."""
        draw_menu(surface, self.kit, view)

    def draw_attract(self, surface: pygame.Surface, view: AttractView) -> None:
        """Nobody there: the product's name, the invitation and the buttons pulsing."""
        draw_attract(surface, self.kit, view)

    def draw_rest(self, surface: pygame.Surface, view: RestView) -> None:
        """The countdown ring to the next exercise, and its name."""
        draw_rest(surface, self.kit, view)

    def draw_summary(self, surface: pygame.Surface, view: SummaryView) -> None:
        """Good reps as a dial, left against right, the most common fault, the retest, one advice line."""
        draw_summary(surface, self.kit, view)

    def draw_safety(self, surface: pygame.Surface, view: SafetyView | None = None) -> None:
        """When to see a professional; that the mirror does not diagnose; how to go on."""
        draw_safety(surface, self.kit, view or SafetyView())

    def draw_trouble(self, surface: pygame.Surface, view: TroubleView) -> None:
        """A trouble screen: what is wrong, what to do, and a picture of it."""
        draw_trouble(surface, self.kit, view)

    def draw_calibration(self, surface: pygame.Surface, view: CalibrationView) -> None:
        """Glass calibration: a crosshair, the legs where the values put them, which value changes."""
        draw_calibration(surface, self.kit, view, self.glass_geometry, self.overlay)
