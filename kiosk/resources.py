"""The files that ship inside the package: the pose model, the exercise library and the font.

They live in the checkout's top-level ``models/`` and ``assets/``, linked
into the package as ``kiosk/models`` and ``kiosk/assets``, so they are package
data: found through :mod:`importlib.resources`, an installed wheel finds
them wherever pip put it. Naming them reads nothing: each is read only when
it is used.

>>> MODEL.name, EXERCISES.name, FONT.name
('movenet_singlepose_lightning_int8.tflite', 'exercises.toml', 'DejaVuSans-Bold.ttf')
>>> MODEL.is_file()
True
"""

from importlib.resources import files

_PACKAGE = files("kiosk")
MODEL = _PACKAGE / "models" / "movenet_singlepose_lightning_int8.tflite"
EXERCISES = _PACKAGE / "assets" / "exercises.toml"
FONT = _PACKAGE / "assets" / "fonts" / "DejaVuSans-Bold.ttf"
