"""Loading the MoveNet model into a TFLite interpreter, checked before use.

The interpreter comes from ``ai_edge_litert`` (LiteRT, the successor of
tflite-runtime), or from ``tflite_runtime`` where only that is installed
(Raspberry Pi OS Bookworm with numpy 1.x). Every failure is a
:class:`~kiosk.errors.KioskError` naming the file or package and the fix.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import sys
import threading
from collections.abc import Iterator
from typing import Any, Literal, cast, get_args

from kiosk.config import ModelConfig
from kiosk.errors import KioskError
from kiosk.files import read_limited

log = logging.getLogger(__name__)

INPUT_SHAPE = (1, 192, 192, 3)
OUTPUT_SHAPE = (1, 1, 17, 3)
SHIPPED_HINT = "reinstall the kiosk, which ships the model (sudo ./systemd/install.sh)"
OWN_FILE_HINT = 'check [model] path and sha256, or set path = "" for the model the kiosk ships'
# The runtime's name for a node that a delegate (here XNNPACK) runs in place of the built-in kernels.
DELEGATE_OP = "DELEGATE"
# MoveNet Lightning int8 is 2.9 MB and Thunder 7 MB; anything far larger (or /dev/zero) is not the model.
MAX_MODEL_BYTES = 64 << 20
# xnnpack: the fast kernels the kiosk runs on. builtin: TFLite's own (3 times slower on one thread here),
# whose int8 rounding differs from XNNPACK's: keypoints move by a few pixels between the two.
Kernels = Literal["xnnpack", "builtin"]
KERNELS: tuple[Kernels, ...] = get_args(Kernels)


def interpreter_class() -> type:
    """The TFLite ``Interpreter`` class of whichever runtime is installed."""
    try:
        from ai_edge_litert.interpreter import Interpreter
    except ImportError:
        try:
            from tflite_runtime.interpreter import Interpreter
        except ImportError:
            raise KioskError(
                "no TFLite interpreter installed: run 'pip install ai-edge-litert' "
                "(or 'pip install tflite-runtime' on Python 3.11 with numpy 1.x)"
            ) from None
    return cast(type, Interpreter)  # the runtimes ship no type hints


def load_interpreter(config: ModelConfig, kernels: Kernels = "xnnpack") -> Any:
    """Check the model file's sha256 and return an interpreter ready to invoke.

    ``kernels="builtin"`` runs the model on TFLite's built-in kernels instead
    of XNNPACK: how the tests check that results hold on other CPUs.

    >>> interpreter = load_interpreter(ModelConfig(num_threads=2))
    >>> interpreter.get_input_details()[0]["shape"].tolist()
    [1, 192, 192, 3]
    >>> uses_xnnpack(load_interpreter(ModelConfig(num_threads=1), kernels="builtin"))
    False
    """
    path = config.resolved_path
    hint = OWN_FILE_HINT if config.path else SHIPPED_HINT
    try:
        content = read_limited(path, MAX_MODEL_BYTES, "model file")
    except FileNotFoundError:
        raise KioskError(f"model file {path} is missing: {hint}") from None
    except OSError as error:
        raise KioskError(f"model file {path} cannot be read ({error.strerror})") from None
    digest = hashlib.sha256(content).hexdigest()
    if digest != config.sha256:
        raise KioskError(
            f"model file {path} is corrupt or not the expected model "
            f"(sha256 {digest[:12]}…, expected {config.sha256[:12]}…): {hint}"
        )
    interpreter_type = interpreter_class()
    try:
        with _runtime_chatter_to_debug():
            interpreter = _build(interpreter_type, content, config.num_threads, kernels)
    except (ValueError, RuntimeError) as error:
        raise KioskError(f"model file {path} could not be loaded ({error}): {hint}") from None
    inputs, outputs = interpreter.get_input_details(), interpreter.get_output_details()
    if tuple(inputs[0]["shape"]) != INPUT_SHAPE or tuple(outputs[0]["shape"]) != OUTPUT_SHAPE:
        raise KioskError(f"model file {path} is not MoveNet SinglePose: {hint}")
    log.info("model %s loaded with %d threads (%s kernels)", path.name, config.num_threads, kernels)
    return interpreter


def uses_xnnpack(interpreter: Any) -> bool | None:
    """Whether XNNPACK runs the model, or ``None`` where the runtime cannot say.

    Without it one invoke is over 100 times slower: XNNPACK needs cpuinfo,
    which reads /proc/cpuinfo, so a /proc mounted ``subset=pid`` turns it off.

    >>> uses_xnnpack(load_interpreter(ModelConfig(num_threads=1)))
    True
    """
    try:
        nodes = (
            interpreter._get_ops_details()
        )  # the only way the runtime tells; private, but in every version
    except AttributeError:
        return None
    return any(node["op_name"] == DELEGATE_OP for node in nodes)


def _build(interpreter_type: type, content: bytes, num_threads: int, kernels: Kernels) -> Any:
    """Build the interpreter with XNNPACK, or with the built-in kernels if XNNPACK fails or is not wanted.

    The model is given as the bytes already checked, not as a path: the file
    may be deleted or overwritten while the kiosk runs without harm.
    """
    if kernels == "xnnpack":
        try:
            interpreter = interpreter_type(model_content=content, num_threads=num_threads)
            interpreter.allocate_tensors()
            if uses_xnnpack(interpreter) is False:
                log.warning(
                    "XNNPACK is off: the model runs on slow built-in kernels (is /proc/cpuinfo hidden?)"
                )
            return interpreter
        except (ValueError, RuntimeError) as error:
            if "delegate" not in str(error).lower():
                raise
            log.warning("XNNPACK could not prepare the model (%s); using the slower built-in kernels", error)
    resolver = sys.modules[interpreter_type.__module__].OpResolverType.BUILTIN_WITHOUT_DEFAULT_DELEGATES
    interpreter = interpreter_type(
        model_content=content, num_threads=num_threads, experimental_op_resolver_type=resolver
    )
    interpreter.allocate_tensors()
    return interpreter


_chatter_lock = threading.Lock()
_chatter_done = False


@contextlib.contextmanager
def _runtime_chatter_to_debug() -> Iterator[None]:
    """Keep TFLite's "INFO: Created TensorFlow Lite XNNPACK delegate for CPU." off stderr.

    The C++ runtime prints it once per process, the first time tensors are
    allocated, straight to file descriptor 2, where it would make every later
    error two lines. Around that first build, fd 2 goes to an anonymous memory
    file; afterwards INFO lines are logged at debug level and anything else is
    passed on to stderr as it was.
    """
    global _chatter_done
    with _chatter_lock:
        first, _chatter_done = not _chatter_done, True
    if not first or not hasattr(os, "memfd_create"):
        yield
        return
    sys.stderr.flush()
    capture = os.memfd_create("kiosk-tflite-stderr")
    saved = os.dup(2)
    os.dup2(capture, 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.lseek(capture, 0, os.SEEK_SET)
        with os.fdopen(capture, "rb") as captured:
            text = captured.read().decode("utf-8", "replace")
        for line in text.splitlines():
            if line.startswith("INFO: "):
                log.debug("TFLite: %s", line[6:])
            elif line:
                print(line, file=sys.stderr)
