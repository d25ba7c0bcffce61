"""Frames as the Pi camera delivers them: both streams mirrored by the ISP, the display's already sized."""

import queue

import cv2
import numpy as np
import pygame
import pytest

from hardware import Frame
from kiosk.app.loop import Kiosk
from kiosk.config import Config
from kiosk.pose import PoseEstimator, PoseTracker
from kiosk.pose.keypoints import Keypoint
from kiosk.ui.mirror_view import picture_size


class IspCamera:
    """Stands in for picamera2 at the hardware boundary: what the ISP would hand over."""

    name, fps = "fake pi camera", 30.0

    def __init__(self, image, count, mirrored_by_isp=True):
        self.image, self.count, self.index, self.isp = image, count, 0, mirrored_by_isp

    def read(self):
        if self.index >= self.count:
            return None
        self.index += 1
        if not self.isp:
            return Frame(self.image, self.index / 30, self.index)
        lores = cv2.flip(self.image, 1)
        size = picture_size(self.image.shape[1::-1], (1920, 1080))
        main = cv2.cvtColor(cv2.resize(lores, size), cv2.COLOR_BGR2BGRA)
        return Frame(lores, self.index / 30, self.index, mirrored=True, preview=main)

    def close(self):
        pass


def run(display, interpreter, image, isp):
    tracker = PoseTracker(PoseEstimator(interpreter))
    kiosk = Kiosk(Config(), IspCamera(image, 4, isp), tracker, display, queue.SimpleQueue(), start="squat")
    kiosk.run()
    return kiosk


@pytest.fixture(scope="module")
def athlete_frame():
    from kiosk.athlete import Athlete, Camera, Scene
    from kiosk.athlete.source import DEMO_MOTION

    return Scene(Athlete(), Camera(), DEMO_MOTION).render(DEMO_MOTION.lead_in + 0.5)[0]


def test_the_isp_streams_show_the_same_mirror_and_the_same_sides(display, interpreter, athlete_frame):
    image = athlete_frame
    plain = run(display, interpreter, image, isp=False)
    plain_screen = pygame.surfarray.array3d(display).copy()
    plain_pose = plain.pose.pose
    isp = run(display, interpreter, image, isp=True)
    isp_pose = isp.pose.pose
    # The engine maps the mirrored stream back: same points, same anatomical sides.
    seen = [k for k in Keypoint if plain_pose.point(k) is not None and isp_pose.point(k) is not None]
    assert len(seen) >= 15
    for keypoint in seen:  # the model itself is not exactly left-right symmetric: ≤ 3 % of the frame
        assert np.allclose(isp_pose.point(keypoint), plain_pose.point(keypoint), atol=22), keypoint
    # Facing the camera, the person's left hip is on the picture's right (un-mirrored) in both.
    for pose in (plain_pose, isp_pose):
        assert pose.point(Keypoint.LEFT_HIP)[0] > pose.point(Keypoint.RIGHT_HIP)[0]
    # The preview, mirrored and converted by the ISP, is only cut to the person and scaled; the screen
    # matches the software mirror.
    shown = isp.screens.mirror.shown_part()
    assert shown is not None and shown[0] is isp._shown.frame.preview
    difference = np.abs(pygame.surfarray.array3d(display).astype(int) - plain_screen).mean()
    assert difference < 3
