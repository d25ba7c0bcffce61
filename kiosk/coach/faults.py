"""Every fault the coach knows, once: its id, how much it matters, and the words for it everywhere.

Adding a fault is one entry here. The coach's verdicts use the ids; the cue
board, the verdict flash, the summary and the advice read their words from
:data:`FAULTS`; the synthetic athlete scripts faults by the same ids.

``priority`` orders faults when a rep has several (lowest first): what
loads the knee, then what the exercise is for, then the rest. ``advice``
groups faults whose advice is the same (:data:`ADVICE`).

>>> FAULTS["left_knee_in"].cue
'Push your left knee out over your toes'
>>> [fault.id for fault in by_priority(("shallow", "hip_drop"))]
['hip_drop', 'shallow']
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass


class Tone(enum.Enum):
    """What a cue does: praise a good rep, correct a fault, or say what to do first."""

    GOOD = "good"
    FAULT = "fault"
    SETUP = "setup"


@dataclass(frozen=True)
class Fault:
    """One fault: its id, rank, the cue that corrects it, and its words on the flash and in the summary."""

    id: str
    priority: int
    cue: str
    flash: str
    summary: str
    advice: str


_TABLE = (
    Fault("left_knee_in", 0, "Push your left knee out over your toes", "Left knee caved",
          "left knee caving in", "glutes"),
    Fault("right_knee_in", 1, "Push your right knee out over your toes", "Right knee caved",
          "right knee caving in", "glutes"),
    Fault("hip_drop", 2, "Keep your hips level", "Hip dropped", "hip dropping", "pelvis"),
    Fault("knees_bend", 3, "Keep your knees soft and still — push your hips back", "Knees bent",
          "knees bending", "hinge"),
    Fault("hips_low", 4, "Squeeze your glutes to lift your hips higher", "Hips not up",
          "hips not fully up", "extension"),
    Fault("pelvis_rolls", 5, "Keep your hips stacked — open only the knee", "Pelvis rolled",
          "pelvis rolling", "pelvis"),
    Fault("back_rounds", 6, "Keep your back flat — chest proud", "Back rounded", "back rounding", "hinge"),
    Fault("hips_not_back", 7, "Push your hips back, as if to close a door", "Hips not back",
          "hips not going back", "hinge"),
    Fault("trunk_forward", 8, "Stay tall — lift your chest", "Leaned forward", "leaning forward",
          "mobility"),
    Fault("trunk_lean", 9, "Stay tall — don't lean to the side", "Leaned to the side",
          "leaning to the side", "mobility"),
    Fault("short_hold", 10, "Pause for a second at the top", "No pause", "no pause at the top",
          "extension"),
    Fault("shallow", 11, "Sit a little deeper", "A bit shallow", "shallow reps", "mobility"),
)  # fmt: skip
FAULTS: dict[str, Fault] = {fault.id: fault for fault in _TABLE}

# Both knees caving at once has words of its own.
BOTH_KNEES_CUE = "Push both knees out over your toes"
BOTH_KNEES_FLASH = "Both knees caved"
GOOD_REP_FLASH = "Good rep"

# Advice per group, most telling first; each line restates the premise of the warm-up
# (../shared/reference/knee-tracking.md): the knee's trouble usually starts at the hip.
ADVICE = {
    "glutes": (
        "Knees caving in points to the glutes: keep bridges, clamshells and band walks before you train."
    ),
    "pelvis": "A dropping or rolling pelvis points to weak glutes: keep up the activation work.",
    "mobility": "Leaning or shallow reps point to tight hip flexors and stiff ankles: keep the stretches in.",
    "extension": "Lift to a straight shoulder–hip–knee line and pause: that is where the glutes work.",
    "hinge": "Hinge from the hips with soft, still knees before you add load.",
}
CLEAN_ADVICE = "Clean work: keep the order — activate, mobilise, then practise the pattern."


def by_priority(ids: Iterable[str]) -> list[Fault]:
    """The known faults among ``ids``, most important first."""
    return sorted((FAULTS[i] for i in set(ids) if i in FAULTS), key=lambda fault: fault.priority)


def both_knees(ids: Iterable[str]) -> bool:
    """Whether both knees caved.

    >>> both_knees(["left_knee_in", "right_knee_in", "shallow"])
    True
    """
    return {"left_knee_in", "right_knee_in"} <= set(ids)


def flash_words(ids: Iterable[str]) -> str:
    """A rep's verdict in two or three words, for the flash at the end of the rep.

    >>> flash_words(()), flash_words(("shallow", "left_knee_in"))
    ('Good rep', 'Left knee caved')
    >>> flash_words(("left_knee_in", "right_knee_in"))
    'Both knees caved'
    """
    ids = tuple(ids)
    if both_knees(ids):
        return BOTH_KNEES_FLASH
    ranked = by_priority(ids)
    return ranked[0].flash if ranked else GOOD_REP_FLASH


def rep_words(number: int, ids: Iterable[str], fixed: bool = False, side: str | None = None) -> str:
    """A rep's verdict labelled with its rep, for the message band: one message, never two.

    ``fixed``: the rep before it (on the same side) had a fault, and this one has none.

    >>> rep_words(4, ("right_knee_in",)), rep_words(5, (), fixed=True), rep_words(3, ())
    ('Rep 4: right knee caved', 'Rep 5: fixed ✓', 'Rep 3: good ✓')
    >>> rep_words(2, ("shallow",), side="left")
    'Left rep 2: a bit shallow'
    """
    ids = tuple(ids)
    label = f"{side.capitalize()} rep {number}" if side else f"Rep {number}"
    if not ids:
        return f"{label}: {'fixed' if fixed else 'good'} ✓"
    words = flash_words(ids)
    return f"{label}: {words[0].lower()}{words[1:]}"


# One thing to do next, per advice group, for the end of a summary: short enough to read at 3 m.
NEXT_STEPS = {
    "glutes": "Next time: bridges, clamshells and band walks before you train",
    "pelvis": "Next time: keep up the bridges and clamshells",
    "mobility": "Next time: keep the hip flexor stretch and knee to wall in",
    "extension": "Next time: squeeze and pause at the top of each bridge",
    "hinge": "Next time: hinge from the hips, knees soft, before you add load",
}
CLEAN_NEXT_STEP = "Next time: the same order — activate, mobilise, then practise"


def next_step(fault_id: str | None) -> str:
    """The one next action a summary ends with, for its most common fault (``None``: clean work).

    >>> next_step("left_knee_in")
    'Next time: bridges, clamshells and band walks before you train'
    """
    fault = FAULTS.get(fault_id or "")
    return NEXT_STEPS[fault.advice] if fault is not None else CLEAN_NEXT_STEP


def summary_words(fault_id: str) -> str:
    """The fault in a few words for the summary ("left knee caving in")."""
    fault = FAULTS.get(fault_id)
    return fault.summary if fault is not None else fault_id.replace("_", " ")
