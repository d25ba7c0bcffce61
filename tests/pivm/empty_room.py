"""The Pi in a box's camera: ten minutes of a still, evenly lit, empty room, as a video file.

Nobody is in it, so the kiosk stays on its attract screen; it is grey (not dark), so no "too dark" note.

    python tests/pivm/empty_room.py build/pi-vm/empty-room.mp4
"""

import sys

import cv2
import numpy as np

FPS = 30
SECONDS = 600
SIZE = (640, 360)


def write(path: str) -> None:
    """Write the video: one grey frame, FPS x SECONDS times."""
    writer = cv2.VideoWriter(path, cv2.VideoWriter_fourcc(*"mp4v"), FPS, SIZE)
    if not writer.isOpened():
        raise SystemExit(f"empty_room: OpenCV cannot write {path}")
    frame = np.full((SIZE[1], SIZE[0], 3), 128, np.uint8)
    for _ in range(FPS * SECONDS):
        writer.write(frame)
    writer.release()


if __name__ == "__main__":
    write(sys.argv[1])
