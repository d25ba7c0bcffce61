"""The safety advice, in one wording: the safety screen, the routine and every summary show this text.

>>> "swelling, instability" in SAFETY_TEXT and SAFETY_TEXT.endswith("it does not diagnose.")
True
"""

SAFETY_TEXT = (
    "Sharp or sudden pain, swelling, instability, or pain that does not improve with rest and "
    "corrective work needs a medical professional. The mirror coaches movement; it does not diagnose."
)
