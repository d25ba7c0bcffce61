"""The files that ship inside the package: the pose model, the exercise library and the font.

They are package data, found through :mod:`importlib.resources`, so an
installed wheel finds them wherever pip put it, and a checkout finds them in
``kiosk/models`` and ``kiosk/assets``. Naming them reads nothing: each is read
only when it is used.

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
