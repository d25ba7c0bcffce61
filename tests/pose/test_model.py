"""Loading the model: checked, and every failure a one-line message naming the fix."""

import sys

import pytest

from kiosk.config import ModelConfig
from kiosk.errors import KioskError
from kiosk.pose import load_interpreter
from kiosk.pose.model import interpreter_class


def test_the_shipped_model_loads_with_the_configured_threads():
    interpreter = load_interpreter(ModelConfig(num_threads=1))
    assert interpreter.get_input_details()[0]["shape"].tolist() == [1, 192, 192, 3]


def test_a_missing_model_names_the_file_and_the_fix(tmp_path):
    with pytest.raises(KioskError, match=r"gone.tflite is missing: check \[model\] path") as raised:
        load_interpreter(ModelConfig(path=tmp_path / "gone.tflite"))
    assert raised.value.exit_code == 2


def test_a_corrupt_model_fails_its_checksum(tmp_path):
    broken = tmp_path / "model.tflite"
    content = bytearray(ModelConfig().resolved_path.read_bytes())
    content[len(content) // 2] ^= 0xFF
    broken.write_bytes(content)
    with pytest.raises(KioskError, match="is corrupt or not the expected model"):
        load_interpreter(ModelConfig(path=broken))


def test_a_file_that_is_not_a_model_is_refused_even_with_a_matching_checksum(tmp_path):
    import hashlib

    junk = tmp_path / "junk.tflite"
    junk.write_bytes(b"not a flatbuffer at all" * 100)
    config = ModelConfig(path=junk, sha256=hashlib.sha256(junk.read_bytes()).hexdigest())
    with pytest.raises(KioskError, match="could not be loaded"):
        load_interpreter(config)


def test_no_interpreter_installed_names_the_package(monkeypatch):
    for module in (
        "ai_edge_litert",
        "ai_edge_litert.interpreter",
        "tflite_runtime",
        "tflite_runtime.interpreter",
    ):
        monkeypatch.setitem(sys.modules, module, None)
    with pytest.raises(KioskError, match="pip install ai-edge-litert"):
        interpreter_class()


def test_tflite_runtime_is_used_where_litert_is_missing(monkeypatch):
    import types

    fake_runtime = types.ModuleType("tflite_runtime.interpreter")
    fake_runtime.Interpreter = type("Interpreter", (), {})
    monkeypatch.setitem(sys.modules, "ai_edge_litert", None)
    monkeypatch.setitem(sys.modules, "ai_edge_litert.interpreter", None)
    monkeypatch.setitem(sys.modules, "tflite_runtime", types.ModuleType("tflite_runtime"))
    monkeypatch.setitem(sys.modules, "tflite_runtime.interpreter", fake_runtime)
    assert interpreter_class() is fake_runtime.Interpreter


def test_when_xnnpack_fails_the_builtin_kernels_run_the_model(monkeypatch, caplog, tree_pose_image):
    """Fault injection: the real interpreter, refusing its XNNPACK delegate as it does on some builds."""
    from ai_edge_litert.interpreter import Interpreter, OpResolverType

    from kiosk.pose import PoseEstimator, model

    class XnnpackFails(Interpreter):
        def __init__(self, *args, experimental_op_resolver_type=OpResolverType.AUTO, **kwargs):
            if experimental_op_resolver_type == OpResolverType.AUTO:
                raise RuntimeError("Failed to apply the default TensorFlow Lite delegate indexed at 0.")
            super().__init__(*args, experimental_op_resolver_type=experimental_op_resolver_type, **kwargs)

    XnnpackFails.__module__ = Interpreter.__module__
    monkeypatch.setattr(model, "interpreter_class", lambda: XnnpackFails)
    with caplog.at_level("WARNING"):
        interpreter = load_interpreter(ModelConfig())
    warnings = [r for r in caplog.records if "XNNPACK" in r.getMessage()]
    assert len(warnings) == 1 and "built-in kernels" in warnings[0].getMessage()
    pose = PoseEstimator(interpreter).estimate(tree_pose_image, 0.0)
    assert pose.present and pose.legs_in_view
