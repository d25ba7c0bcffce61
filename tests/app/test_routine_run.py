"""The default routine, start to finish, through the app's screens: a person doing every step.

Front-view steps are done by the synthetic athlete (its exact keypoints, at
the mirror's camera), the squats and the floor and side-on exercises by
hand-made keypoint sequences; each screen met on the way is drawn headless.
"""

import itertools

import pygame
import pytest

from kiosk.app import Navigation, Screen
from kiosk.app.presenter import Presenter
from kiosk.athlete.motion import Motion
from kiosk.athlete.scene import Scene
from kiosk.coach.routine import ACTIVE, REST, SAFETY, SETUP, SUMMARY
from kiosk.pose import Pose
from kiosk.ui.screens import Screens

from ..coach.floor_motion import bridges, clamshell, frames, half_kneel, hinge, knee_to_wall, up_and_down
from ..coach.motion import FPS, Person, Rep, squats, stand

ATHLETE = ("reverse_lunge", "step_down", "drop_landing", "lateral_band_walk")


def athlete(exercise):
    scene = Scene(motion=Motion(exercise, reps=8 if exercise == "lateral_band_walk" else 10))
    period = scene.motion.duration
    for i in itertools.count():
        t = (i / FPS) % period
        yield Pose(scene.truth(t).keypoints, 0.0, (1280, 720))


def hand_made(exercise):
    """Endless poses of one exercise, done well; the times are replaced by the test's clock."""
    person = Person()
    while True:
        if exercise == "squat":
            sequence = squats(person, [Rep()] * 4, 0.0)
        elif exercise == "glute_bridge":
            sequence = bridges([(1.0, 0.35)] * 4, 0.0)
        elif exercise == "clamshell":
            sequence = []
            for top in ("right", "left"):
                sequence += frames(
                    2.5, 0.0, lambda t, s, top=top: clamshell(t, 0.8 * up_and_down(s, 0.2), 0, top)
                )
        elif exercise == "hip_flexor_stretch":
            sequence = frames(32, 0.0, lambda t, s: half_kneel(t)) + frames(
                32, 0.0, lambda t, s: half_kneel(t, back="right")
            )
        elif exercise == "knee_to_wall":
            sequence = []
            for front in ("left", "right"):
                sequence += frames(3, 0.0, lambda t, s, f=front: knee_to_wall(t, 30 * up_and_down(s, 0.3), f))
        elif exercise == "hip_hinge":
            sequence = frames(3, 0.0, lambda t, s: hinge(t, up_and_down(s, 0.2)))
        else:
            raise AssertionError(exercise)
        yield from (pose for _, pose in sequence)


def standing():
    person = Person()
    while True:
        yield from (pose for _, pose in stand(person, 5.0, 0.0))


def with_time(pose, t):
    return Pose(pose.keypoints, t, pose.image_size, pose.min_score)


@pytest.fixture
def drawing():
    pygame.display.init()
    pygame.font.init()
    surface = pygame.display.set_mode((1280, 720))
    yield surface, Presenter(Screens((1280, 720)))
    pygame.quit()


def test_the_default_routine_runs_start_to_finish_with_nothing_pressed(drawing, screenshots):
    surface, presenter = drawing
    nav = Navigation()
    nav.start("routine", 0.0)
    performers, rest_pose = {}, standing()
    seen, drawn = [], set()
    t = 0.0
    for _ in range(30 * 60 * 20):  # twenty minutes at most
        state = nav.state
        if state is not None and state.screen in (SETUP, ACTIVE):
            key = (state.step, state.exercise.id)
            if key not in performers:
                exercise = state.exercise.id
                performers[key] = athlete(exercise) if exercise in ATHLETE else hand_made(exercise)
            pose = next(performers[key])
        else:
            pose = next(rest_pose)
        nav.tick(t)
        state = nav.observe(with_time(pose, t), t)
        marker = (state.screen, state.step)
        if not seen or seen[-1] != marker:
            seen.append(marker)
        if state.screen not in drawn or state.screen == SUMMARY:
            presenter.draw(surface, nav, pose, t)
            pygame.image.save(surface, str(screenshots / f"routine-{state.screen}.png"))
            drawn.add(state.screen)
        if state.screen == SUMMARY:
            break
        t += 1 / FPS
    assert nav.screen is Screen.SESSION and nav.state.screen == SUMMARY, seen[-3:]
    records = nav.run.records
    assert [r.step.exercise.id for r in records] == [
        "squat", "glute_bridge", "clamshell", "lateral_band_walk", "hip_flexor_stretch", "knee_to_wall",
        "squat", "reverse_lunge", "step_down", "drop_landing", "hip_hinge", "squat",
    ]  # fmt: skip
    assert [r.step.role for r in records][::11] == ["check", "retest"]
    assert not any(r.skipped for r in records)
    # Every step reached its target, each side where the target is per side: none ran out of time.
    for record in records:
        assert all(value >= record.step.target for value in record.done.values()), record
    # The safety note first, then setup, work and a rest between every pair of steps.
    assert seen[0] == (SAFETY, 0)
    assert sum(screen == REST for screen, _ in seen) == len(records) - 1
    summary = nav.state.summary
    assert len(summary.retest) == 2 and all(c.change is not None for c in summary.retest)
    assert not any(c.beyond_noise for c in summary.retest)  # the same squats before and after
    assert t < 20 * 60
