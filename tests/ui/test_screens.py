"""Attract, rest, summary, safety, trouble and calibration screens, rendered headless and saved as PNG."""

import numpy as np
import pygame
import pytest

from kiosk.ui import views
from kiosk.ui.glass import GlassGeometry
from kiosk.ui.palette import ACCENT, BAD, GOOD, INK, SOFT, TILE, WHITE
from kiosk.ui.rotation import Canvas
from kiosk.ui.samples import standing_person
from kiosk.ui.screens import Screens

from .conftest import LANDSCAPE, mask, pixels

W, H = LANDSCAPE
# A change within the 8° measurement noise reads "as at the start"; only one beyond it "better".
SUMMARY = views.SummaryView(
    "Knee-friendly warm-up", 18, 24, left_caved=5, left_judged=24, right_caved=1, right_judged=24,
    common_fault="left knee caving in",
    retest=(views.SideChange("Left", "Left knee: as at the start", False),
            views.SideChange("Right", "Right knee: better than at the start", True)),
    next_action="Next time: bridges, clamshells and band walks before you train",
    legend="● menu · hold ● done",
)  # fmt: skip


class Said(list):
    """The strings rendered, in order; ``phrase in said`` also finds a phrase wrapped over several rows."""

    def __contains__(self, phrase):
        return any(phrase == text for text in self) or phrase in " ".join(self)


def spy_on_text(screens):
    """Every string the screens render from now on."""
    seen = Said()
    render = screens.text.render

    def recording(text, *args, **kwargs):
        seen.append(text)
        return render(text, *args, **kwargs)

    screens.text.render = recording
    return seen


def text_rows(image, colour):
    return np.flatnonzero(mask(image, colour).any(axis=1))


def assert_not_blank(image):
    sample = image[::3, ::3].astype(np.uint32)
    colours = np.unique((sample[..., 0] << 16) | (sample[..., 1] << 8) | sample[..., 2])
    assert colours.size > 10, "more than a fill"


def test_attract_names_the_product_invites_and_pulses_the_three_buttons(display, screenshots):
    screens = Screens(LANDSCAPE)
    screens.draw_attract(display, views.AttractView(t=0.3))
    pygame.image.save(display, str(screenshots / "attract.png"))
    first = pixels(display)
    assert_not_blank(first)
    name = text_rows(first[: H // 2], WHITE)
    assert name.size and name.max() - name.min() >= H / 10, "the product's name, large, in the upper half"
    assert mask(first[H // 3 : H // 2], ACCENT).sum() > 5000, "the invitation"
    buttons = first[H // 2 :]
    assert mask(buttons, ACCENT).sum() > 5000 and mask(buttons, TILE).sum() > 5000, "one button lit, two not"
    later = Screens(LANDSCAPE)
    later.draw_attract(display, views.AttractView(t=1.1))
    assert not np.array_equal(first, pixels(display)), "the hint moves"


def test_rest_counts_down_in_a_ring_and_names_what_comes_next(display, screenshots):
    screens = Screens(LANDSCAPE)
    screens.draw_rest(display, views.RestView("Reverse lunge", 17.2, 30, "8 reps per side", "lunge"))
    pygame.image.save(display, str(screenshots / "rest.png"))
    image = pixels(display)
    assert_not_blank(image)
    ring = mask(image, GOOD)
    columns = np.flatnonzero(ring.any(axis=0))
    assert abs((columns.min() + columns.max()) / 2 - W / 2) < W / 20, "the ring is centred"
    digits = mask(image[H // 5 : H * 3 // 4, W * 2 // 5 : W * 3 // 5], WHITE)
    assert np.ptp(np.flatnonzero(digits.any(axis=1))) >= H / 8, "the seconds, very large"
    assert mask(image[H * 3 // 4 :], WHITE).sum() > 5000, "the next exercise's name below"
    fuller = Screens(LANDSCAPE)
    fuller.draw_rest(display, views.RestView("Reverse lunge", 28, 30))
    assert mask(pixels(display), GOOD).sum() > 1.4 * ring.sum(), "the ring empties as time passes"


def test_the_summary_is_a_picture_dial_knees_retest_next_action_and_buttons(display, screenshots):
    screens = Screens(LANDSCAPE)
    screens.text.smallest = None
    seen = spy_on_text(screens)
    screens.draw_summary(display, SUMMARY)
    pygame.image.save(display, str(screenshots / "summary.png"))
    image = pixels(display)
    assert_not_blank(image)
    dial = image[:, : W // 3]
    good, bad = mask(dial, GOOD).sum(), mask(dial, BAD).sum()
    assert 2.5 < good / bad < 3.5, "18 of 24 good: three quarters of the dial"
    dial_right = np.flatnonzero(mask(image, GOOD)[: H // 2].any(axis=0)).max()
    red = mask(image[: H * 2 // 3, dial_right + 1 :], BAD)
    bars = [red[row].sum() for row in np.flatnonzero(red.any(axis=1))]
    assert max(bars) > 3 * min(bars) > 0, (
        "caves per knee: the left bar (5 of 24) far longer than the right (1)"
    )
    assert "Left knee caved 5/24" in seen and "Right knee caved 1/24" in seen, "counted per knee, in words"
    assert "Right knee: better than at the start" in seen and "Left knee: as at the start" in seen
    assert mask(image[H // 2 :], GOOD).sum() > 2000, "the better knee in the praise colour"
    assert "Next time: bridges, clamshells and band walks before you train" in seen, "one next action"
    assert "● menu" in seen and "hold ● done" in seen, "the buttons"
    assert not any("noise" in text or "°" in text for text in seen), "plain words, no degrees"


@pytest.mark.parametrize("rotation", [0, 90])
def test_the_percentage_stays_inside_the_dial(display, screenshots, rotation):
    canvas = Canvas(display, rotation)
    Screens(canvas.size).draw_summary(canvas.surface, views.SummaryView("Knee-friendly warm-up", 18, 24))
    pygame.image.save(canvas.surface, str(screenshots / f"summary-dial-{rotation}.png"))
    image = pixels(canvas.surface)
    ring = mask(image, GOOD) | mask(image, BAD)
    rows, columns = np.flatnonzero(ring.any(axis=1)), np.flatnonzero(ring.any(axis=0))
    centre, radius = ((columns.min() + columns.max()) / 2, (rows.min() + rows.max()) / 2), np.ptp(columns) / 2
    inner = radius * 0.8  # the ring is a fifth of the radius thick
    box = image[rows.min() : rows.max(), columns.min() : columns.max()]
    text_y, text_x = np.nonzero(mask(box, WHITE))
    assert text_x.size > 500, "the percentage is drawn"
    reach = np.hypot(text_x + columns.min() - centre[0], text_y + rows.min() - centre[1]).max()
    assert reach < inner, f"75% reaches {reach:.0f} px from the centre; the ring starts at {inner:.0f}"


def test_the_safety_screen_says_when_to_see_a_professional(display, screenshots):
    screens = Screens(LANDSCAPE)
    screens.draw_safety(display, views.SafetyView())
    pygame.image.save(display, str(screenshots / "safety.png"))
    image = pixels(display)
    assert_not_blank(image)
    body = text_rows(image[H // 5 : H * 3 // 4], WHITE)
    assert body.size and np.ptp(body) > H / 4, "several lines of the message"
    pill = mask(image[H * 3 // 4 :], ACCENT)
    assert pill.sum() > 20_000 and mask(image[H * 3 // 4 :], INK).sum() > 0, "press ● to continue"
    assert "diagnose" in views.SafetyView().message and "swelling" in views.SafetyView().message


@pytest.mark.parametrize("kind", list(views.TroubleKind))
def test_each_trouble_screen_says_what_to_do(display, screenshots, kind):
    screens = Screens(LANDSCAPE)
    screens.draw_trouble(display, views.TroubleView(kind))
    pygame.image.save(display, str(screenshots / f"trouble-{kind.value}.png"))
    image = pixels(display)
    assert_not_blank(image)
    heading = text_rows(image, ACCENT)
    advice = text_rows(image[H // 2 :], WHITE)
    assert heading.size and np.ptp(heading[heading > H // 2]) >= H / 20, "the heading, large, mid-screen"
    assert advice.size and np.ptp(advice) >= H / 25, "the advice below it"
    assert mask(image[: H // 2], SOFT).sum() + mask(image[: H // 2], ACCENT).sum() > 2000, "its picture above"


def test_calibration_shows_which_value_changes_and_the_legs_where_the_values_put_them(display, screenshots):
    geometry = GlassGeometry(LANDSCAPE)
    screens = Screens(LANDSCAPE, mode="glass", glass=geometry)
    pose = standing_person(geometry, 2.5, 1.45)
    screens.draw_calibration(display, views.CalibrationView(1.0, 0.0, 0.0, "offset_x", pose))
    pygame.image.save(display, str(screenshots / "calibration.png"))
    first = pixels(display)
    assert_not_blank(first)
    assert mask(first, (0, 0, 0)).mean() > 0.6, "black: the glass shows the room"
    chosen = text_rows(first[:, : W // 2], ACCENT)
    assert chosen.size and H // 8 < chosen.mean() < H // 2, "the second value (left / right) is highlighted"
    screens.draw_calibration(display, views.CalibrationView(1.0, 0.05, 0.0, "offset_x", pose))
    moved = pixels(display)
    shift = np.flatnonzero(mask(moved[H // 2 :], WHITE).any(axis=0)).mean()
    before = np.flatnonzero(mask(first[H // 2 :], WHITE).any(axis=0)).mean()
    assert shift - before == pytest.approx(0.05 * geometry.pixels_per_metre, abs=6), "5 cm to the right"


@pytest.mark.parametrize(
    "name, draw",
    [
        ("attract", lambda s, c: s.draw_attract(c, views.AttractView(0.3))),
        ("rest", lambda s, c: s.draw_rest(c, views.RestView("Reverse lunge", 17, 30, "8 reps", "lunge"))),
        ("summary", lambda s, c: s.draw_summary(c, SUMMARY)),
        ("safety", lambda s, c: s.draw_safety(c)),
        ("trouble", lambda s, c: s.draw_trouble(c, views.TroubleView(views.TroubleKind.TOO_CLOSE))),
    ],
)
def test_screens_lay_out_in_portrait(display, screenshots, name, draw):
    canvas = Canvas(display, rotation=90)
    draw(Screens(canvas.size), canvas.surface)
    pygame.image.save(canvas.surface, str(screenshots / f"{name}-portrait.png"))
    image = pixels(canvas.surface)
    assert_not_blank(image)
    width = canvas.size[0]
    drawn = ~mask(image, INK)
    columns = np.flatnonzero(drawn.any(axis=0))
    assert columns.min() > 0 and columns.max() < width - 1, "nothing runs off the sides"
