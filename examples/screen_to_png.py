"""A screen rendered to a PNG, no display needed: the exercise screen behind the glass, a knee caving in."""

import sys

import pygame

from kiosk.coach import EXERCISES, KneeCheck, KneeReading, KneeVerdict
from kiosk.ui.samples import standing_person
from kiosk.ui.screens import ExerciseView, Screens

pygame.font.init()
screen = pygame.Surface((1080, 1920))  # a portrait panel behind the glass, as the mirror ships
left, right = KneeReading("left", 0.12, KneeVerdict.CAVING), KneeReading("right", 0.0, KneeVerdict.TRACKING)
squat, cue = EXERCISES[0], KneeCheck(left, right, "Push your left knee out")
view = ExerciseView(squat, standing_person(left_knee_in=0.05), cue)
Screens(screen.get_size(), mode="glass").draw_exercise(screen, view)
pygame.image.save(screen, path := sys.argv[1] if len(sys.argv) > 1 else "exercise-screen.png")
print(f"saved {path}: the {squat.name} screen, the left knee marked as caving in")
