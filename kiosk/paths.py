"""Where the files that ship with the product live: the checkout it runs from."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "models"
ASSETS = ROOT / "assets"
FONT = ASSETS / "fonts" / "DejaVuSans-Bold.ttf"
