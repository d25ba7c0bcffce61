"""A video through the pose engine: each knee's offset inside its hip-ankle line (+: in), frame by frame."""

import sys

from hardware.video import VideoFileSource
from kiosk.coach import medial_knee_offset
from kiosk.config import ModelConfig
from kiosk.pose import PoseEstimator, PoseTracker, load_interpreter

video = VideoFileSource(sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/front_single_leg_reach.mp4")
tracker = PoseTracker(PoseEstimator(load_interpreter(ModelConfig())))
while (frame := video.read()) is not None:
    pose = tracker.track(frame.image, frame.timestamp)
    left, right = (medial_knee_offset(pose, side) if pose else None for side in ("left", "right"))
    if left is None or right is None:
        print(f"{frame.timestamp:5.2f} s  the knees are not both seen")
    else:
        print(f"{frame.timestamp:5.2f} s  left knee {left:+.3f}  right knee {right:+.3f}  (leg lengths)")
