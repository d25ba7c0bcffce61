"""The pose engine on video: cropping around the person, falling back, facing."""

import math

import cv2
import numpy as np
import pytest

from kiosk.pose import CropRegion, Facing, Keypoint, PoseEstimator, PoseTracker
from kiosk.pose.crop import next_crop_region

from .test_estimator import HAND_MARKED, PERSON_HEIGHT

SCALE, LEFT, TOP = 0.6, 1300, 600  # the photo shrunk into a corner of a 1920×1080 frame


@pytest.fixture(scope="module")
def small_person_frame(tree_pose_image):
    """A person about a third of the frame's height, far to one side: 2–3 m from the mirror."""
    frame = np.full((1080, 1920, 3), 40, np.uint8)
    person = cv2.resize(tree_pose_image, None, fx=SCALE, fy=SCALE, interpolation=cv2.INTER_AREA)
    frame[TOP : TOP + person.shape[0], LEFT : LEFT + person.shape[1]] = person
    return frame


def leg_errors(pose):
    """Each hand-marked point's error as a share of the person's height in the frame."""
    errors = {}
    for keypoint, (x, y) in HAND_MARKED.items():
        found = pose.point(keypoint)
        marked = (LEFT + x * SCALE, TOP + y * SCALE)
        errors[keypoint.name] = (
            math.inf if found is None else math.dist(found, marked) / (PERSON_HEIGHT * SCALE)
        )
    return errors


def test_cropping_finds_a_small_person_that_the_whole_frame_misplaces(interpreter, small_person_frame):
    """On the same kernel path, the crop at least halves the whole frame's error on the legs.

    Measured across x86 XNNPACK and built-in, emulated Cortex-A76 XNNPACK and built-in, each with
    OpenCV 4.12 and 5.1: the crop's summed leg error is 6% to 30% of the whole frame's. The crop's
    own errors vary more between the paths than a fixed bound can hold: knees and ankles within
    1.5% to 3.2% of height on most, but on the emulated Pi's built-in kernels with OpenCV 5.1 the
    ankle is 14% off with a score under the kiosk's threshold, so not seen, in the crop and in the
    whole frame alike (XNNPACK, which a Pi runs, places it to 1.4% there). So the joints are
    compared where the crop sees them, and the crop must see as many as the whole frame.
    """
    whole = PoseTracker(PoseEstimator(interpreter), crop=False, smoothing=False)
    cropped = PoseTracker(PoseEstimator(interpreter), crop=True, smoothing=False)
    for i in range(3):
        whole_pose = whole.track(small_person_frame, i / 30)
        cropped_pose = cropped.track(small_person_frame, i / 30)
    whole_errors, crop_errors = leg_errors(whole_pose), leg_errors(cropped_pose)
    print(f"\nleg error, share of height: whole frame {whole_errors}\ncropped {crop_errors}")
    assert cropped.region is not None and cropped.region.size < 1080
    seen = [name for name, error in crop_errors.items() if math.isfinite(error)]
    assert len(seen) >= sum(math.isfinite(error) for error in whole_errors.values())
    assert sum(crop_errors[name] for name in seen) <= 0.5 * sum(whole_errors[name] for name in seen)


def test_the_crop_follows_the_person_and_maps_back_to_frame_pixels(interpreter, small_person_frame):
    tracker = PoseTracker(PoseEstimator(interpreter), smoothing=False)
    tracker.track(small_person_frame, 0.0)
    region = tracker.region
    # The crop holds the whole person and is centred on the hips.
    pose = tracker.track(small_person_frame, 1 / 30)
    hips = (np.array(pose.point(Keypoint.LEFT_HIP)) + pose.point(Keypoint.RIGHT_HIP)) / 2
    assert abs(region.x + region.size / 2 - hips[0]) < 0.05 * region.size
    seen = pose.keypoints[pose.keypoints[:, 2] >= 0.3, :2]
    assert np.all(seen >= (region.x, region.y)) and np.all(
        seen <= (region.x + region.size, region.y + region.size)
    )


def test_when_the_person_leaves_it_looks_at_the_whole_frame_again(interpreter, small_person_frame):
    tracker = PoseTracker(PoseEstimator(interpreter))
    tracker.track(small_person_frame, 0.0)
    assert tracker.region is not None
    empty = np.full_like(small_person_frame, 40)
    # A frame or two without the person is a dropout: the pose is held, but the crop is let go.
    assert tracker.track(empty, 1 / 30).present
    tracker.track(empty, 2 / 30)
    assert tracker.region is None
    assert not tracker.track(empty, 0.5).present
    assert tracker.track(small_person_frame, 0.6).present


def test_no_crop_without_a_torso():
    kp = np.zeros((17, 3), np.float32)
    kp[Keypoint.LEFT_KNEE] = (100, 100, 0.9)
    from kiosk.pose import Pose

    assert next_crop_region(Pose(kp, 0.0, (640, 480))) is None
    assert CropRegion.whole_frame(640, 480) == CropRegion(0.0, -80.0, 640.0)


def make_pose(points, face=True):
    from kiosk.pose import Pose

    kp = np.zeros((17, 3), np.float32)
    for keypoint, xy in points.items():
        kp[keypoint] = (*xy, 0.9)
    if face:
        for keypoint in (Keypoint.NOSE, Keypoint.LEFT_EYE, Keypoint.RIGHT_EYE):
            kp[keypoint] = (640, 150, 0.9)
    return Pose(kp, 0.0, (1280, 720))


FRONT = {
    Keypoint.LEFT_SHOULDER: (710, 220),
    Keypoint.RIGHT_SHOULDER: (570, 220),
    Keypoint.LEFT_HIP: (685, 400),
    Keypoint.RIGHT_HIP: (595, 400),
}


def test_facing_front_side_and_back():
    assert make_pose(FRONT).facing is Facing.FRONT
    assert make_pose(FRONT, face=False).facing is Facing.BACK
    side = {**FRONT, Keypoint.LEFT_SHOULDER: (650, 220), Keypoint.RIGHT_SHOULDER: (630, 222)}
    assert make_pose(side).facing is Facing.SIDE
    # A dropped hip does not turn a person whose shoulders face the mirror side-on;
    # a dropped shoulder leaves this frame undecided (the coach votes over a window).
    one_hip = {k: v for k, v in FRONT.items() if k is not Keypoint.RIGHT_HIP}
    assert make_pose(one_hip).facing is Facing.FRONT
    one_shoulder = {k: v for k, v in FRONT.items() if k is not Keypoint.RIGHT_SHOULDER}
    assert make_pose(one_shoulder).facing is Facing.UNKNOWN
    assert make_pose({}).facing is Facing.UNKNOWN


def test_the_test_photo_faces_front(interpreter, tree_pose_image):
    assert PoseEstimator(interpreter).estimate(tree_pose_image, 0.0).facing is Facing.FRONT
