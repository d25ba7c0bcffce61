"""Glass mode's geometry: where the person sees each body point's reflection on the glass."""

import math

import pytest

from kiosk.config import DisplayConfig
from kiosk.pose import Keypoint
from kiosk.ui.glass import GlassGeometry, GlassMapper, reflection_on_glass
from kiosk.ui.samples import EYE_HEIGHT, standing_person

PORTRAIT = GlassGeometry((1080, 1920), screen_width_m=0.53)
TOP = 1.75  # the picture's top edge above the floor


def height_on_glass(projection, pose, keypoint):
    return TOP - projection.to_glass(*pose.point(keypoint))[1]


def test_a_point_at_eye_height_appears_at_eye_height():
    assert reflection_on_glass((0.3, 0.2), (0.6, 0.2))[1] == 0.2
    pose = standing_person(PORTRAIT, 2.5, TOP)
    glass = PORTRAIT.projection(pose)
    eye_row = pose.point(Keypoint.LEFT_EYE)[1]
    assert TOP - glass.to_glass(900.0, eye_row)[1] == pytest.approx(EYE_HEIGHT, abs=0.005)


@pytest.mark.parametrize("keypoint, height", [(Keypoint.LEFT_KNEE, 0.5), (Keypoint.LEFT_ANKLE, 0.07)])
def test_each_point_appears_halfway_between_the_eye_and_itself(keypoint, height):
    pose = standing_person(PORTRAIT, 2.5, TOP)
    glass = PORTRAIT.projection(pose)
    assert height_on_glass(glass, pose, keypoint) == pytest.approx((EYE_HEIGHT + height) / 2, abs=0.01)
    across = glass.to_glass(*pose.point(keypoint))[0] - glass.eye_m[0]
    assert across == pytest.approx(-0.11 / 2, abs=0.01), "her left knee: 11 cm to her left, seen at half"


@pytest.mark.parametrize("distance", [1.8, 2.5, 3.2])
def test_the_reflection_does_not_depend_on_the_distance_once_it_is_estimated(distance):
    """A mirror shows a body at half size whatever the distance: the model must agree."""
    pose = standing_person(PORTRAIT, distance, TOP, left_knee_in=0.05)
    glass = PORTRAIT.projection(pose)
    assert glass.distance == pytest.approx(distance, rel=0.02)
    knee = height_on_glass(glass, pose, Keypoint.LEFT_KNEE)
    assert knee == pytest.approx((EYE_HEIGHT + 0.5) / 2, abs=0.01)


def test_a_farther_person_is_smaller_in_the_camera_and_the_same_on_the_glass():
    near, far = standing_person(PORTRAIT, 2.0, TOP), standing_person(PORTRAIT, 3.0, TOP)
    span = [p.point(Keypoint.LEFT_ANKLE)[1] - p.point(Keypoint.LEFT_SHOULDER)[1] for p in (near, far)]
    assert span[1] < span[0] * 0.75
    on_glass = []
    for pose in (near, far):
        glass = PORTRAIT.projection(pose)
        ankle, shoulder = (
            glass.to_screen(*pose.point(k)) for k in (Keypoint.LEFT_ANKLE, Keypoint.LEFT_SHOULDER)
        )
        on_glass.append(ankle[1] - shoulder[1])
    assert on_glass[1] == pytest.approx(on_glass[0], abs=4)
    assert on_glass[0] == pytest.approx((1.37 - 0.07) / 2 * PORTRAIT.pixels_per_metre, rel=0.03)


def test_a_squat_does_not_move_the_person_away():
    """Squatting shortens the shoulder-to-ankle length; the shoulder width keeps the distance right."""
    standing = standing_person(PORTRAIT, 2.5, TOP)
    squat = standing_person(PORTRAIT, 2.5, TOP)
    squat.keypoints[[5, 6], 1] += 0.3 * (squat.keypoints[15, 1] - squat.keypoints[5, 1])
    assert PORTRAIT.distance(squat) == pytest.approx(PORTRAIT.distance(standing), rel=0.08)


def test_calibration_scales_about_the_centre_and_shifts_in_metres():
    plain = PORTRAIT.to_pixels(0.1, 0.2)
    bigger = PORTRAIT.calibrated(1.1, 0.0, 0.0).to_pixels(0.1, 0.2)
    centre = (540, 960)
    assert math.dist(bigger, centre) == pytest.approx(1.1 * math.dist(plain, centre), abs=1.5)
    shifted = PORTRAIT.calibrated(1.0, 0.02, -0.01).to_pixels(0.1, 0.2)
    ppm = PORTRAIT.pixels_per_metre
    assert shifted[0] - plain[0] == pytest.approx(0.02 * ppm, abs=1)
    assert shifted[1] - plain[1] == pytest.approx(-0.01 * ppm, abs=1)


def test_the_mapper_follows_distance_smoothly_and_the_config_builds_the_geometry():
    config = DisplayConfig(mode="glass", glass_screen_width_m=0.53, glass_scale=1.05, glass_offset_x=0.01)
    geometry = GlassGeometry.from_config(config, (1080, 1920))
    assert (geometry.scale, geometry.offset_x, geometry.screen_width_m) == (1.05, 0.01, 0.53)
    mapper = GlassMapper(PORTRAIT)
    mapper.project(standing_person(PORTRAIT, 3.0, TOP))
    mapper.project(standing_person(PORTRAIT, 2.0, TOP))
    assert 2.5 < mapper.distance < 3.0, "one frame moves the estimate only part of the way"
    assert mapper.project(None) is None


def test_a_squat_or_arms_forward_never_push_the_reflection_down_the_glass():
    """Bent over, a person looks smaller (farther) to both estimates: the nearest recent reading holds."""
    mapper = GlassMapper(PORTRAIT)
    for _ in range(30):
        mapper.project(standing_person(PORTRAIT, 2.5, TOP))
    bent = standing_person(PORTRAIT, 2.5, TOP)
    bent.keypoints[[5, 6], 1] += 0.3 * (bent.keypoints[15, 1] - bent.keypoints[5, 1])  # shoulders down
    bent.keypoints[[5, 6], 0] = bent.keypoints[[5, 6], 0].mean() + 0.6 * (
        bent.keypoints[[5, 6], 0] - bent.keypoints[[5, 6], 0].mean()
    )
    assert PORTRAIT.distance(bent) > 2.8, "each reading alone says she stepped back"
    for _ in range(20):
        mapper.project(bent)
    assert mapper.distance == pytest.approx(2.5, abs=0.02)
    for _ in range(120):  # she really did step back: followed once the standing readings are 3 s old
        mapper.project(standing_person(PORTRAIT, 3.0, TOP))
    assert mapper.distance == pytest.approx(3.0, abs=0.05)
