"""Too dark, too close, too far: noticed from the frames and poses, shown only once they last."""

import numpy as np

from kiosk.app.trouble import SETTLE_SECONDS, TroubleWatch
from kiosk.config import PresenceConfig
from kiosk.pose import Pose
from kiosk.ui.views import TroubleKind

from ..coach.motion import Person


def scaled(pose: Pose, factor: float, centre=(640.0, 200.0)) -> Pose:
    keypoints = pose.keypoints.copy()
    keypoints[:, :2] = (keypoints[:, :2] - centre) * factor + centre
    return Pose(keypoints, pose.timestamp, pose.image_size)


def watch_for(poses, brightness=120.0, seconds=SETTLE_SECONDS + 0.5, presence=None):
    watch, shown = TroubleWatch(presence), None
    for i in range(round(seconds * 30)):
        shown = watch.update(poses(i / 30), brightness, i / 30)
    return shown.kind if shown else None


def test_a_person_at_a_good_distance_sees_no_trouble():
    assert watch_for(lambda t: Person().pose(t)) is None


def test_far_away_and_too_close_are_told_apart_from_the_persons_size_in_the_picture():
    assert watch_for(lambda t: scaled(Person().pose(t), 0.2)) is TroubleKind.TOO_FAR
    close = scaled(Person().pose(0.0), 1.7)
    assert not close.legs_in_view and watch_for(lambda t: close) is TroubleKind.TOO_CLOSE


def test_a_dark_room_with_nobody_found_is_too_dark_but_a_dim_one_with_a_person_is_not():
    nobody = Pose(np.zeros((17, 3), np.float32), 0.0, (1280, 720))
    assert watch_for(lambda t: nobody, brightness=10.0) is TroubleKind.DARK
    assert watch_for(lambda t: Person().pose(t), brightness=10.0) is None


def test_the_site_sets_what_is_too_dark_too_far_and_too_close():
    nobody = Pose(np.zeros((17, 3), np.float32), 0.0, (1280, 720))
    dim_corner = PresenceConfig(dark_level=5.0)
    assert watch_for(lambda t: nobody, brightness=10.0, presence=dim_corner) is None
    small_room = PresenceConfig(too_far_torso=0.01, too_close_torso=0.9)
    assert watch_for(lambda t: scaled(Person().pose(t), 0.2), presence=small_room) is None
    close = scaled(Person().pose(0.0), 1.7)
    assert watch_for(lambda t: close, presence=small_room) is None


def test_a_moment_of_trouble_does_not_flash_a_screen_and_it_clears_once_gone():
    watch = TroubleWatch()
    far = scaled(Person().pose(0.0), 0.2)
    assert watch.update(far, 120.0, 0.0) is None
    assert watch.update(far, 120.0, SETTLE_SECONDS / 2) is None  # not yet
    assert watch.update(far, 120.0, SETTLE_SECONDS + 0.1).kind is TroubleKind.TOO_FAR
    assert watch.update(Person().pose(0.0), 120.0, SETTLE_SECONDS + 0.2) is not None  # settles first
    assert watch.update(Person().pose(0.0), 120.0, 2 * SETTLE_SECONDS + 0.3) is None
