"""A person whose knees cave on every rep is shown that they cave, from the first rep, live and offline.

The issue's scenario: the synthetic athlete squats five reps with both knees
caving 22° on every one, filmed from the front; the real model reads the
rendered video. Nothing of the person's own reps is there to compare with.
"""

import pygame
import pytest

from kiosk.app import Navigation
from kiosk.app.presenter import Presenter
from kiosk.cli import main
from kiosk.coach.knee import KneeVerdict
from kiosk.commands.analyze import analyze_poses, clip_poses
from kiosk.config import Config
from kiosk.ui.screens import Screens

PRAISE = "Good — knees over toes"
OFF_TRACK = {KneeVerdict.DRIFTING, KneeVerdict.CAVING}


@pytest.fixture(scope="module")
def caver(tmp_path_factory):
    """The clip's poses through the real model, and its reps' bottoms (seconds)."""
    video = tmp_path_factory.mktemp("caver") / "hab.mp4"
    faults = ["--fault", "left_knee_in:22@1,2,3,4,5", "--fault", "right_knee_in:22@1,2,3,4,5"]
    assert (
        main(["athlete", "--exercise", "squat", "--reps", "5", *faults, "-o", str(video), "--seed", "5"]) == 0
    )
    config = Config()
    return config, list(clip_poses(config, video))


def test_offline_every_rep_caves_on_both_knees(caver):
    config, poses = caver
    from kiosk.coach.built_in_exercises import exercise_by_id

    results = analyze_poses(poses, exercise_by_id("squat"), config).results
    assert len(results) == 5
    assert [set(r.faults) >= {"left_knee_in", "right_knee_in"} for r in results] == [True] * 5


def test_live_markers_turn_red_from_the_first_rep_and_praise_never_shows_under_them(caver):
    _, poses = caver
    pygame.display.init()
    pygame.font.init()
    surface = pygame.display.set_mode((1280, 720))
    screens = Screens(surface.get_size())
    rendered: list[str] = []
    render = screens.text.render
    screens.text.render = lambda text, *args, **kwargs: (
        rendered.append(text),
        render(text, *args, **kwargs),
    )[1]
    presenter = Presenter(screens)
    nav = Navigation()
    nav.start("squat", 0.0)
    red, praised, flagged_reps = {}, [], {}
    try:
        for t, pose in poses:
            state = nav.observe(pose, t)
            knees = state.update.knees if state.update is not None and state.update.knees else None
            if state.update is not None and state.update.rep is not None:
                flagged_reps[state.update.rep.index] = set(state.update.rep.faults)
            if knees is None:
                continue
            verdicts = {"left": knees.left.verdict, "right": knees.right.verdict}
            for side, verdict in verdicts.items():
                if verdict is KneeVerdict.CAVING:
                    red.setdefault(side, t)
            if set(verdicts.values()) & OFF_TRACK:
                rendered.clear()
                for cache in (screens.text._surfaces, screens.text._blocks, screens.kit._blocks):
                    cache.clear()
                presenter.draw(surface, nav, pose, t)
                if PRAISE in rendered:
                    praised.append(round(t, 2))
    finally:
        pygame.quit()
    # The first rep's bottom is at 3.2 s: both markers are red by then, on the first rep.
    assert red.get("left", 99) < 3.4 and red.get("right", 99) < 3.4, f"first red: {red}"
    assert not praised, f"'{PRAISE}' shown under a drifting or caving marker at {praised[:5]} s"
    assert flagged_reps.get(1, set()) >= {"left_knee_in", "right_knee_in"}, flagged_reps
