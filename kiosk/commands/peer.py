"""The peer the kiosk is measured against: the loop of TensorFlow Lite's pose estimation example for the Pi.

That example (tensorflow/examples, ``lite/examples/pose_estimation/raspberry_pi``:
``pose_estimation.py`` with its ``ml/movenet.py``, ``data.py`` and
``utils.py``; Apache-2.0) is what most people start a Pi pose project from.
Its loop, per camera frame: flip the frame left-right; run MoveNet SinglePose
on a crop around the person found in the previous frame (its own cropping
algorithm: the crop padded, resized to the model's input and invoked, the
keypoints mapped back, the next crop worked out from them); wrap the result as
a person with integer pixel keypoints, a bounding box and a mean score; draw
the keypoints, the skeleton and the box onto the frame with OpenCV; put the
fps on it. It shows nothing else: no mirror picture scaled to a screen, no
coach, no UI.

This is a reproduction of that loop's work, step for step and with its
constants (its crop expansion ratios, its score thresholds, its 4 interpreter
threads), written for this benchmark, not a copy of its code. Only the
example's ``cv2.imshow`` and ``cv2.waitKey`` are left out: the comparison is
of the work per frame, and the kiosk is timed with its own display.

>>> import numpy as np
>>> from kiosk.resources import MODEL
>>> loop = PeerLoop(MODEL.read_bytes(), threads=1)
>>> shown = loop.step(np.zeros((720, 1280, 3), np.uint8))
>>> shown.shape, loop.frames
((720, 1280, 3), 1)
"""

from __future__ import annotations

import time
from typing import NamedTuple

import cv2
import numpy as np

from kiosk.pose.model import interpreter_class

EXAMPLE_THREADS = 4  # what the example's MoveNet wrapper asks for
MIN_CROP_SCORE = 0.2
TORSO_EXPANSION = 1.9
BODY_EXPANSION = 1.2
PERSON_SCORE_FLOOR = 0.1  # keypoints above this make up the person's score
DRAW_KEYPOINT_SCORE = 0.05
DRAW_PERSON_SCORE = 0.1
FPS_EVERY = 10
LEFT_SHOULDER, RIGHT_SHOULDER, LEFT_HIP, RIGHT_HIP = 5, 6, 11, 12
TORSO = (LEFT_SHOULDER, RIGHT_SHOULDER, LEFT_HIP, RIGHT_HIP)
# The 18 skeleton edges the example draws, each in one of three colours (BGR, as OpenCV draws).
SKELETON = {
    (0, 1): (147, 20, 255), (0, 2): (255, 255, 0), (1, 3): (147, 20, 255), (2, 4): (255, 255, 0),
    (0, 5): (147, 20, 255), (0, 6): (255, 255, 0), (5, 7): (147, 20, 255), (7, 9): (147, 20, 255),
    (6, 8): (255, 255, 0), (8, 10): (255, 255, 0), (5, 6): (0, 255, 255), (5, 11): (147, 20, 255),
    (6, 12): (255, 255, 0), (11, 12): (0, 255, 255), (11, 13): (147, 20, 255), (13, 15): (147, 20, 255),
    (12, 14): (255, 255, 0), (14, 16): (255, 255, 0),
}  # fmt: skip


class Keypoint(NamedTuple):
    """One keypoint as the example hands it on: its index, integer pixels and score."""

    part: int
    coordinate: tuple[int, int]
    score: float


class Person(NamedTuple):
    """The example's person: 17 keypoints, a bounding box and the mean of the confident scores."""

    keypoints: list[Keypoint]
    box: tuple[tuple[int, int], tuple[int, int]]
    score: float


class PeerLoop:
    """The example's per-frame work on frames handed to :meth:`step`, with its crop state and fps."""

    def __init__(self, model: bytes, threads: int = EXAMPLE_THREADS):
        self.interpreter = interpreter_class()(model_content=model, num_threads=threads)
        self.interpreter.allocate_tensors()
        details = self.interpreter.get_input_details()[0]
        self.input_index = details["index"]
        self.output_index = self.interpreter.get_output_details()[0]["index"]
        self.input_size = (int(details["shape"][2]), int(details["shape"][1]))
        self.threads = threads
        self.crop: dict[str, float] | None = None
        self.frames = 0
        self.fps = 0.0
        self._fps_started = time.time()

    def step(self, frame: np.ndarray) -> np.ndarray:
        """One pass of the example's loop over a camera frame; returns the frame it would show."""
        self.frames += 1
        image = cv2.flip(frame, 1)
        person = self.detect(image)
        image = visualize(image, [person])
        if self.frames % FPS_EVERY == 0:
            now = time.time()
            self.fps = FPS_EVERY / (now - self._fps_started)
            self._fps_started = now
        cv2.putText(image, "FPS = " + str(int(self.fps)), (24, 20), cv2.FONT_HERSHEY_PLAIN, 1, (0, 0, 255), 1)
        return image

    def model_only(self) -> None:
        """Only the model: the last input invoked again and its output read (the most any loop can reach)."""
        self.interpreter.invoke()
        self.interpreter.get_tensor(self.output_index)

    def detect(self, image: np.ndarray) -> Person:
        """MoveNet on the crop from the previous frame, then the crop for the next one."""
        height, width = image.shape[:2]
        if self.crop is None:
            self.crop = full_frame_crop(height, width)
        keypoints = self._run(image, self.crop)
        self.crop = next_crop(keypoints, height, width)
        return as_person(keypoints, height, width)

    def _run(self, image: np.ndarray, crop: dict[str, float]) -> np.ndarray:
        model_input = crop_and_resize(image, crop, self.input_size).astype(np.uint8)
        self.interpreter.set_tensor(self.input_index, np.expand_dims(model_input, axis=0))
        self.interpreter.invoke()
        keypoints = np.squeeze(self.interpreter.get_tensor(self.output_index))
        for index in range(17):
            keypoints[index, 0] = crop["y_min"] + crop["height"] * keypoints[index, 0]
            keypoints[index, 1] = crop["x_min"] + crop["width"] * keypoints[index, 1]
        return keypoints


def full_frame_crop(height: int, width: int) -> dict[str, float]:
    """The whole frame padded to a square, in normalised coordinates."""
    if width > height:
        y_min, box_height, x_min, box_width = (height / 2 - width / 2) / height, width / height, 0.0, 1.0
    else:
        x_min, box_width, y_min, box_height = (width / 2 - height / 2) / width, height / width, 0.0, 1.0
    return {
        "y_min": y_min, "x_min": x_min, "y_max": y_min + box_height, "x_max": x_min + box_width,
        "height": box_height, "width": box_width,
    }  # fmt: skip


def next_crop(keypoints: np.ndarray, height: int, width: int) -> dict[str, float]:
    """The example's crop for the next frame: around the hips, sized by the torso and the body."""
    points = {index: [keypoints[index, 0] * height, keypoints[index, 1] * width] for index in range(17)}
    hips = keypoints[LEFT_HIP, 2] > MIN_CROP_SCORE or keypoints[RIGHT_HIP, 2] > MIN_CROP_SCORE
    shoulders = keypoints[LEFT_SHOULDER, 2] > MIN_CROP_SCORE or keypoints[RIGHT_SHOULDER, 2] > MIN_CROP_SCORE
    if not (hips and shoulders):
        return full_frame_crop(height, width)
    centre_y = (points[LEFT_HIP][0] + points[RIGHT_HIP][0]) / 2
    centre_x = (points[LEFT_HIP][1] + points[RIGHT_HIP][1]) / 2
    torso_y = torso_x = body_y = body_x = 0.0
    for joint in TORSO:
        torso_y = max(torso_y, abs(centre_y - points[joint][0]))
        torso_x = max(torso_x, abs(centre_x - points[joint][1]))
    for index in range(17):
        if keypoints[index, 2] < MIN_CROP_SCORE:
            continue
        # As in the example, the body's extent is measured at the last torso joint, not at each keypoint.
        body_y = max(body_y, abs(centre_y - points[joint][0]))
        body_x = max(body_x, abs(centre_x - points[joint][1]))
    half = np.amax([torso_x * TORSO_EXPANSION, torso_y * TORSO_EXPANSION, body_y * BODY_EXPANSION,
                    body_x * BODY_EXPANSION])  # fmt: skip
    borders = np.array([centre_x, width - centre_x, centre_y, height - centre_y])
    half = np.amin([half, np.amax(borders)])
    if half > max(width, height) / 2:
        return full_frame_crop(height, width)
    length = half * 2
    top, left = centre_y - half, centre_x - half
    return {
        "y_min": top / height, "x_min": left / width, "y_max": (top + length) / height,
        "x_max": (left + length) / width, "height": (top + length) / height - top / height,
        "width": (left + length) / width - left / width,
    }  # fmt: skip


def crop_and_resize(image: np.ndarray, crop: dict[str, float], size: tuple[int, int]) -> np.ndarray:
    """The crop cut out of the frame, padded with black where it leaves it, resized to the model's input."""
    rows, columns = image.shape[:2]
    y_min, x_min, y_max, x_max = crop["y_min"], crop["x_min"], crop["y_max"], crop["x_max"]
    top = int(0 if y_min < 0 else y_min * rows)
    bottom = int(rows if y_max >= 1 else y_max * rows)
    left = int(0 if x_min < 0 else x_min * columns)
    right = int(columns if x_max >= 1 else x_max * columns)
    pad_top = int(0 - y_min * rows if y_min < 0 else 0)
    pad_bottom = int((y_max - 1) * rows if y_max >= 1 else 0)
    pad_left = int(0 - x_min * columns if x_min < 0 else 0)
    pad_right = int((x_max - 1) * columns if x_max >= 1 else 0)
    cut = image[top:bottom, left:right]
    cut = cv2.copyMakeBorder(cut, pad_top, pad_bottom, pad_left, pad_right, cv2.BORDER_CONSTANT)
    return cv2.resize(cut, size)


def as_person(keypoints: np.ndarray, height: int, width: int) -> Person:
    """The model's output as the example's person: integer pixels, a bounding box, a mean score."""
    xs, ys, scores = keypoints[:, 1], keypoints[:, 0], keypoints[:, 2]
    points = [
        Keypoint(i, (int(xs[i] * width), int(ys[i] * height)), scores[i]) for i in range(scores.shape[0])
    ]
    box = (
        (int(np.amin(xs) * width), int(np.amin(ys) * height)),
        (int(np.amax(xs) * width), int(np.amax(ys) * height)),
    )
    confident = list(filter(lambda score: score > PERSON_SCORE_FLOOR, scores))
    return Person(points, box, np.average(confident) if confident else 0)


def visualize(image: np.ndarray, people: list[Person]) -> np.ndarray:
    """The keypoints, skeleton and box drawn onto the frame, as the example draws them."""
    for person in people:
        if person.score < DRAW_PERSON_SCORE:
            continue
        keypoints = person.keypoints
        for keypoint in keypoints:
            if keypoint.score >= DRAW_KEYPOINT_SCORE:
                cv2.circle(image, keypoint.coordinate, 2, (0, 255, 0), 4)
        for (start, end), colour in SKELETON.items():
            if keypoints[start].score > DRAW_KEYPOINT_SCORE and keypoints[end].score > DRAW_KEYPOINT_SCORE:
                cv2.line(image, keypoints[start].coordinate, keypoints[end].coordinate, colour, 2)
        cv2.rectangle(image, person.box[0], person.box[1], (0, 255, 0), 1)
    return image
