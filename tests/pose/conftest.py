"""The pose engine's tests run on each kernel path: ``interpreter`` here is one per path."""

import pytest


@pytest.fixture(scope="session")
def interpreter(kernels):
    from kiosk.config import ModelConfig
    from kiosk.pose import load_interpreter

    return load_interpreter(ModelConfig(), kernels=kernels)
