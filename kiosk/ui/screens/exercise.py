"""The exercise screen: the mirror (or black glass) with the leg overlay, the count, one message, the setup.

Text is laid out around the legs (:mod:`kiosk.ui.screens.layout`): the
overlay reports what it covers, and every block of text (the name and
step, the counter, the message, the buttons' legend, the setup panel)
takes the first of its places that stays clear of it. On glass, while the
knees' reflection is off the picture, the message says so and never praises.

Budget (per frame, 1920×1080): ≤ 5 ms including the mirror view; measured by
``python -m kiosk.ui.bench``. Text comes from the cache; counters are rendered
only when they change. Drawn through the GPU (a :class:`kiosk.ui.gpu.GpuScreen`
in the surface's place), the picture, the overlay and each block are layers:
a block's texture is made once per content and reused while it stays the same.
"""

from __future__ import annotations

from collections import OrderedDict

import pygame

from kiosk.coach.faults import Tone
from kiosk.pose.keypoints import Keypoint, Pose
from kiosk.ui.glass import GlassMapper
from kiosk.ui.gpu import GpuScreen
from kiosk.ui.mirror_view import MirrorView
from kiosk.ui.overlay import LegOverlay, ScreenMapping
from kiosk.ui.palette import ACCENT, BAD, BLACK, DIM, GOOD, SOFT, WARN, WHITE
from kiosk.ui.screens.kit import Kit
from kiosk.ui.screens.layout import Layout
from kiosk.ui.views import ExerciseView

OUT_OF_VIEW = "Knees out of view"
TONE_COLOURS = {Tone.GOOD: GOOD, Tone.FAULT: BAD, Tone.SETUP: WHITE, None: WARN}
KNEES = (Keypoint.LEFT_KNEE, Keypoint.RIGHT_KNEE)
# Composed blocks kept: each block of the screen, a few counters and messages.
COMPOSED_BLOCKS = 64
# The rounded corners of a composed block: a colour no panel or text shows.
CORNER_KEY = (255, 0, 254)


def band_share(portrait: bool) -> float:
    """The share of the screen height below the picture: the message (and, in portrait, the legend)."""
    return 0.24 if portrait else 0.19


class _Block:
    """Rows of text (or any surfaces) drawn one under another, centred or left-aligned, on a panel."""

    def __init__(self, rows: list[pygame.Surface], pad: int, align: str = "centre", outline=None, row=0):
        self.rows = rows
        self.pad = pad
        self.align = align
        self.outline = outline
        self.inner = (
            max((r.get_width() for r in rows), default=0) + 2 * pad,
            sum(r.get_height() for r in rows) + pad,
        )
        # ``row``: the block keeps a whole row of this width to itself (the message: nothing beside it).
        self.size = (max(row, self.inner[0]), self.inner[1])

    def draw(self, surface: pygame.Surface, kit: Kit, place: pygame.Rect, boxed: bool) -> None:
        box = pygame.Rect((0, 0), self.inner)
        box.center = place.center
        if boxed or self.outline is not None:
            pygame.draw.rect(surface, kit.theme.panel, box, border_radius=kit.margin // 2)
        if self.outline is not None:
            pygame.draw.rect(surface, self.outline, box, 4, border_radius=kit.margin // 2)
        place = box
        y = place.top + self.pad // 2
        for row in self.rows:
            if self.align == "left":
                surface.blit(row, (place.left + self.pad, y))
            else:
                surface.blit(row, row.get_rect(midtop=(place.centerx, y)))
            y += row.get_height()


class _Blocks:
    """Blocks made on demand, one per room, each once: the side column's only when a side is tried."""

    def __init__(self, make):
        self._make = make
        self._made: dict[str, _Block] = {}

    def __getitem__(self, room: str) -> _Block:
        if room not in self._made:
            self._made[room] = self._make(room)
        return self._made[room]


class ExerciseScreen:
    """Draws the exercise screen; keeps what lasts between frames (counters, where each block went).

    ``shown`` holds what each block said in the last frame ({"counter":
    "Left 3/5 · Right 2/5", "worked": "Left", "message": …}) and ``boxes``
    where it went, for tests and the benchmark.
    """

    def __init__(self, kit: Kit, mirror: MirrorView, overlay: LegOverlay, glass: GlassMapper | None = None):
        self.kit = kit
        self.mirror = mirror
        self.overlay = overlay
        self.glass = glass
        self.layout = Layout(kit.size, kit.margin)
        self.shown: dict[str, str] = {}
        self.boxes: dict[str, pygame.Rect] = {}
        self._counters: dict[str, tuple[tuple, pygame.Surface]] = {}
        self._composed: OrderedDict[tuple, tuple[pygame.Surface, object]] = OrderedDict()

    def draw(self, surface: pygame.Surface | GpuScreen, view: ExerciseView) -> None:
        """One frame of the exercise screen, on a surface or through the GPU."""
        kit = self.kit
        legs, off_panel = self._picture(surface, view)
        self.shown, self.boxes = {}, {}
        self.layout.begin(legs)
        message, tone = view.message
        if off_panel and tone is not Tone.FAULT and view.ready:
            message, tone = OUT_OF_VIEW, None  # never praise what the person cannot see
        boxed = self.glass is None  # text over the camera picture needs a dark box; on glass black is clear
        portrait = kit.portrait
        order = ("title", "counter", "legend", "message", "setup") if portrait else (
            "title", "counter", "message", "legend", "setup"
        )  # fmt: skip
        for name in order:
            if name == "message" and message:
                self._place("message", self._message(message, tone), surface, boxed)
            elif name == "title":
                self._place("title", self._title(view), surface, boxed)
            elif name == "counter" and view.ready:  # in setup nothing is counted yet
                self._draw_counter(surface, view, boxed)
            elif name == "legend" and view.legend and view.ready:
                self._place("legend", self._legend(view.legend), surface, boxed)
            elif name == "setup" and not view.ready and (view.setup or view.skip_hint):
                self._place("setup", self._setup(view), surface, True)

    def _picture(
        self, surface: pygame.Surface | GpuScreen, view: ExerciseView
    ) -> tuple[pygame.Rect | None, bool]:
        """The picture (or black glass) and the overlay; returns what the legs cover and if knees are off."""
        self.overlay.update(view.check)
        if isinstance(surface, GpuScreen):
            return self._layers(surface, view)
        if self.glass is None:
            self.mirror.follow(_extent(view.pose))
            picture = self.mirror.picture_rect
            if picture is None:
                surface.fill(BLACK)
            else:  # the picture covers most of the screen: clear only around it
                for rect in _around(surface.get_rect(), picture):
                    surface.fill(BLACK, rect)
            self.mirror.draw(surface)
            mapping: ScreenMapping | None = self.mirror
        else:
            surface.fill(BLACK)
            mapping = self.glass.project(view.pose)
        if view.pose is None or mapping is None:
            return None, False
        legs = self.overlay.draw(surface, mapping, view.pose)
        return legs, self._knees_off(mapping, view.pose, surface.get_rect())

    def _layers(self, gpu: GpuScreen, view: ExerciseView) -> tuple[pygame.Rect | None, bool]:
        """Through the GPU: the picture cropped, scaled and mirrored in the copy; the overlay as a layer."""
        gpu.clear()
        mapping: ScreenMapping | None = self.mirror
        if self.glass is None:
            self.mirror.follow(_extent(view.pose))
            shown = self.mirror.shown_part()
            if shown is not None:
                gpu.picture(*shown)
        else:
            mapping = self.glass.project(view.pose)
        pose = view.pose
        if pose is None or mapping is None:
            return None, False
        placed = mapping
        legs = gpu.overlay(lambda layer: self.overlay.draw(layer, placed, pose))
        return legs, self._knees_off(mapping, pose, pygame.Rect((0, 0), gpu.size))

    def _knees_off(self, mapping: ScreenMapping, pose: Pose, screen: pygame.Rect) -> bool:
        """On glass, whether a knee's reflection falls off the picture."""
        off = False
        if self.glass is not None:
            knees = [pose.point(k) for k in KNEES]
            off = any(k is not None and not screen.collidepoint(mapping.to_screen(*k)) for k in knees)
        return off

    def _place(
        self, name: str, block: _Block | _Blocks, surface: pygame.Surface | GpuScreen, boxed: bool
    ) -> None:
        if isinstance(block, _Blocks):  # one block per room (the message wraps to the room it has)
            blocks = block
            place = self.layout.place(name, lambda anchor: blocks[_room(anchor)].size, self._anchors(name))
            block = blocks[_room(self.layout.anchor(name))]
        else:
            place = self.layout.place(name, block.size, self._anchors(name))
        box = pygame.Rect((0, 0), block.inner)
        box.center = place.center
        key = ("block", *map(id, block.rows), block.pad, block.align, block.outline, boxed, block.inner)
        drawn = block
        paint = lambda s, r: drawn.draw(s, self.kit, r, boxed)  # noqa: E731 - the one painter of this block
        self._show(surface, key, box, paint, boxed or block.outline is not None, block.rows)
        self.boxes[name] = place

    def _show(
        self, surface: pygame.Surface | GpuScreen, key: tuple, box: pygame.Rect, paint, panel: bool, keep
    ):
        """A block painted by ``paint(target, rect)`` into ``box``: through the GPU, from a cache, or afresh.

        ``key`` names everything the block shows (its rows by id, held by
        ``keep`` while cached). A block on a panel (``panel``) is composed once
        and blitted whole while it stays the same, its rounded corners a colour
        key: one blit a frame instead of the panel and each row's alpha blend.
        """
        if isinstance(surface, GpuScreen):
            surface.block(key, box.size, box, paint, keep)
            return
        if not panel:  # text straight on the screen (glass): blended on what is beneath it
            paint(surface, box)
            return
        found = self._composed.get(key)
        if found is None:
            composed = pygame.Surface(box.size, 0, surface)
            composed.fill(CORNER_KEY)
            composed.set_colorkey(CORNER_KEY, pygame.RLEACCEL)
            paint(composed, composed.get_rect())
            found = self._composed[key] = (composed, keep)
            if len(self._composed) > COMPOSED_BLOCKS:
                self._composed.popitem(last=False)
        else:
            self._composed.move_to_end(key)
        surface.blit(found[0], box)

    def _anchors(self, name: str) -> tuple[str, ...]:
        if self.kit.portrait:
            return {
                "legend": ("bottom", "top"),
                "message": ("bottom", "top"),
                "title": ("top-left", "top", "bottom-left"),
                "counter": ("top-right", "top", "bottom-right"),
                "setup": ("top", "centre", "bottom"),
            }[name]
        return {
            "message": ("bottom", "top", "right", "left"),
            "title": ("top-left", "bottom-left", "top-right"),
            "counter": ("top-right", "bottom-right", "top-left"),
            "legend": ("top-left", "bottom-left", "top-right", "bottom-right"),
            "setup": ("centre", "left", "right", "top", "bottom"),
        }[name]

    def _message(self, text: str, tone: Tone | None) -> _Blocks:
        """The message, wrapped for the full width (top, bottom) or, only if asked, for a side column."""
        kit = self.kit
        colour = TONE_COLOURS[tone]
        self.shown["message"] = text
        size = kit.type(1 / 12)
        line = kit.text.font(size).get_linesize()
        rooms = {
            "wide": (kit.width - 3 * kit.margin, 3 if kit.portrait else 2),
            "side": (round(kit.width * 0.3), 5),
        }

        def block(room: str) -> _Block:
            width, most = rooms[room]
            for lines in range(1, most + 1):  # fewer lines at a slightly smaller size win
                rows = kit.block(text, size, colour, width, line * lines)
                if len(rows) <= lines:
                    break
            return _Block(rows, kit.margin // 2, row=kit.width - 2 * kit.margin if room == "wide" else 0)

        return _Blocks(block)

    def _title(self, view: ExerciseView) -> _Block:
        kit = self.kit
        room = kit.width - 2 * kit.margin if kit.portrait else kit.width // 2 - 2 * kit.margin
        rows = [kit.fit(view.name, kit.type(1 / 12), WHITE, room)]
        self.shown["title"] = view.name
        if view.step is not None:
            step = f"Step {view.step[0]} of {view.step[1]}"
            rows.append(kit.fit(step, kit.min_type, SOFT, room))
            self.shown["step"] = step
        return _Block(rows, kit.margin // 2, "left")

    def _legend(self, legend: str) -> _Block:
        """What the buttons do: a row in portrait (wrapped), an item a row beside the person in landscape."""
        kit = self.kit
        self.shown["legend"] = legend
        if not kit.portrait:
            return _Block(kit.legend_rows(legend, 1), kit.margin // 2, "left")
        return _Block(kit.legend_rows(legend, kit.width - 3 * kit.margin), kit.margin // 2)

    def _setup(self, view: ExerciseView) -> _Block:
        """The setup panel until the person is in position: the setup line and how to skip."""
        kit = self.kit
        width = round(kit.width * (0.34 if not kit.portrait else 0.86))
        rows = (
            list(kit.text.lines(view.setup, kit.min_type, WHITE, width, 6, kit.min_type))
            if view.setup
            else []
        )
        if view.skip_hint:
            rows += kit.text.lines(view.skip_hint, kit.min_type, SOFT, width, 3, kit.min_type)
        self.shown["setup"] = view.setup
        return _Block(rows, kit.margin, "left", outline=WARN)

    def _counter(self, key: str, text: str, size: int, colour) -> pygame.Surface:
        """A counter's text, rendered again only when it changes (each value is new, so no cache)."""
        cached = self._counters.get(key)
        if cached is None or cached[0] != (text, size, colour):
            cached = ((text, size, colour), self.kit.text.fresh(text, size, colour))
            self._counters[key] = cached
        return cached[1]

    def _draw_counter(self, surface: pygame.Surface | GpuScreen, view: ExerciseView, boxed: bool) -> None:
        """The rep counter or hold timer with its progress; per side, one row a side, the worked one lit."""
        kit = self.kit
        text = view.counter_text
        if text is None:
            return
        self.shown["counter"] = text
        bar = kit.margin // 2
        if view.sides:
            size = kit.min_type if kit.portrait else kit.type(1 / 11)
            rows: list[tuple[pygame.Surface, float | None, bool]] = []
            for count in view.sides:
                colour = WHITE if count.worked else DIM
                rows.append(
                    (self._counter(count.side, count.text, size, colour), count.progress, count.worked)
                )
                if count.worked:
                    self.shown["worked"] = count.side
        else:
            label = "hold" if view.hold_target is not None else "reps"
            if view.side:
                label = f"{view.side} · {label}"
            progress: float | None
            if view.hold_target is not None:
                progress = (view.hold_seconds or 0.0) / view.hold_target if view.hold_target > 0 else 0.0
            else:
                progress = (view.reps or 0) / view.target_reps if view.target_reps else None
            big = self._counter("number", text, kit.type(1 / 9), WHITE)
            rows = [(self._counter("label", label, kit.min_type, SOFT), None, False), (big, progress, False)]
        pad = kit.margin // 2
        inner_w = max(row.get_width() for row, _, _ in rows)
        height = sum(row.get_height() + (bar + pad // 2 if p is not None else 0) for row, p, _ in rows)
        place = self.layout.place("counter", (inner_w + 2 * pad, height + pad), self._anchors("counter"))
        self.boxes["counter"] = place

        def paint(target: pygame.Surface, area: pygame.Rect) -> None:
            if boxed:
                pygame.draw.rect(target, kit.theme.panel, area, border_radius=kit.margin // 2)
            y = area.top + pad // 2
            for row, progress, worked in rows:
                line = row.get_rect(topright=(area.right - pad, y))
                if worked:  # the side being worked: outlined in the accent colour
                    pygame.draw.rect(target, ACCENT, line.inflate(pad, bar // 2), 4, border_radius=pad // 2)
                target.blit(row, line)
                y = line.bottom
                if progress is not None:
                    track = pygame.Rect(area.left + pad, y + pad // 4, area.width - 2 * pad, bar)
                    if kit.glass:
                        pygame.draw.rect(target, kit.theme.outline, track, 2, border_radius=bar // 2)
                    else:
                        pygame.draw.rect(target, kit.theme.track, track, border_radius=bar // 2)
                    track.width = _filled(track.width, progress)
                    if track.width:
                        pygame.draw.rect(target, GOOD, track, border_radius=bar // 2)
                    y += bar + pad // 2

        track_width = place.width - 2 * pad
        shown = tuple((id(r), None if p is None else _filled(track_width, p), w) for r, p, w in rows)
        key = ("counter", *shown, place.size, boxed, kit.glass)
        self._show(surface, key, place, paint, boxed, [row for row, _, _ in rows])


def _filled(width: int, progress: float) -> int:
    """The pixels of a progress bar ``width`` wide that are filled."""
    return round(width * min(1.0, max(0.0, progress)))


def _room(anchor: str | None) -> str:
    return "side" if anchor in ("left", "right") else "wide"


def _extent(pose: Pose | None) -> tuple[float, float, float, float] | None:
    """The box around the keypoints the model saw (source pixels), for the zoom; ``None``: nobody."""
    if pose is None or not pose.present:
        return None
    seen = pose.keypoints[pose.keypoints[:, 2] >= pose.min_score]
    if len(seen) < 4:
        return None
    xs, ys = seen[:, 0], seen[:, 1]
    return float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max())


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
