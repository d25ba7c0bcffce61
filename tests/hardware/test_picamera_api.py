"""The picamera2 adapter against picamera2's real source, read with ``ast``.

picamera2 needs libcamera, which exists only on a Pi, so it is never imported
here: the dev environment installs its pure-Python wheel without dependencies
and this test reads the source. Every method and keyword argument the adapter
uses must exist in the installed picamera2.
"""

import ast
import importlib.util
from pathlib import Path

import pytest

ADAPTER = Path(__file__).resolve().parents[2] / "hardware" / "picamera.py"
# Which picamera2 class each receiver in the adapter holds.
RECEIVERS = {"self._camera": "Picamera2", "Picamera2": "Picamera2", "request": "CompletedRequest"}


@pytest.fixture(scope="module")
def picamera2_classes():
    spec = importlib.util.find_spec("picamera2")
    assert spec is not None, "picamera2 is not installed: run 'make test' to set up the environment"
    package = Path(spec.origin).parent
    classes = {}
    for module in ("picamera2.py", "request.py", "formats.py"):
        tree = ast.parse((package / module).read_text())
        for node in tree.body:
            if isinstance(node, ast.ClassDef):
                classes[node.name] = {
                    item.name: item.args for item in node.body if isinstance(item, ast.FunctionDef)
                }
            targets = node.targets if isinstance(node, ast.Assign) else []
            if any(isinstance(t, ast.Name) and t.id == "RGB_FORMATS" for t in targets):
                classes["RGB_FORMATS"] = ast.literal_eval(node.value)
    return classes


def adapter_calls():
    """(receiver, method, keyword names, number of positional arguments) for each call."""
    calls = []
    for node in ast.walk(ast.parse(ADAPTER.read_text())):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            receiver = ast.unparse(node.func.value)
            if receiver in RECEIVERS:
                keywords = [k.arg for k in node.keywords]
                calls.append((receiver, node.func.attr, keywords, len(node.args)))
    return calls


def test_the_adapter_makes_the_calls_this_test_checks():
    methods = {method for _, method, _, _ in adapter_calls()}
    assert {
        "create_video_configuration",
        "configure",
        "start",
        "capture_request",
        "make_array",
        "release",
    } <= methods


@pytest.mark.parametrize(("receiver", "method", "keywords", "positional"), adapter_calls())
def test_every_call_exists_in_picamera2(picamera2_classes, receiver, method, keywords, positional):
    cls = RECEIVERS[receiver]
    assert method in picamera2_classes[cls], f"picamera2's {cls} has no method {method}"
    args = picamera2_classes[cls][method]
    names = [a.arg for a in args.posonlyargs + args.args + args.kwonlyargs]
    for keyword in keywords:
        assert keyword in names or args.kwarg, f"{cls}.{method}() takes no argument {keyword!r}"
    is_static = not names or names[0] not in ("self", "cls")
    positional_params = len(args.posonlyargs + args.args) - (0 if is_static else 1)
    assert positional <= positional_params or args.vararg, (
        f"{cls}.{method}() takes fewer positional arguments"
    )


def test_the_pixel_format_is_one_picamera2_knows(picamera2_classes):
    formats = {
        node.value
        for node in ast.walk(ast.parse(ADAPTER.read_text()))
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.isupper()
    }
    assert {"RGB888", "XRGB8888"} <= formats  # the model's stream and the display's
    assert {"RGB888", "XRGB8888"} <= picamera2_classes["RGB_FORMATS"]
