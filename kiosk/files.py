"""The product's one way to write a file, and to read one without reading forever.

:func:`write_file` replaces a regular file (or creates a new one)
atomically: the content goes to a temporary file beside it, which is then
renamed over it, so a failed or interrupted write leaves the old file whole.
Anything else that is not a folder (a device such as /dev/null, a pipe) is
written into as a stream, never replaced: the atomic rename would turn a
device node into a plain file. A folder, a missing folder or a read-only file
is refused in one line. A replaced file keeps its mode (and, when root
writes, its owner); a new one gets ``0666`` less the umask (0644 with the
usual umask 022), never mkstemp's private 0600.

:func:`read_limited` reads only a regular file, and at most a given number of
bytes, so /dev/zero or a pipe given as a configuration file is refused at once
instead of read (or waited on) forever.

>>> write_file(Path("/"), lambda stream: stream.write("{}"))
Traceback (most recent call last):
kiosk.errors.KioskError: cannot write /: it is a folder; give a file name
>>> read_limited(Path("/dev/zero"), 1 << 20, "config file")
Traceback (most recent call last):
kiosk.errors.KioskError: config file /dev/zero is not a regular file (a pipe or a device): give a file
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Callable
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import IO, Any, TypeVar

from kiosk.errors import KioskError

T = TypeVar("T")


def check_writable(path: Path, exit_code: int = 2, follow_links: bool = True) -> Path:
    """Refuse in one line a path :func:`write_file` could not write; returns the path it will write.

    Called before long work (a video through the model) so that a bad ``-o``
    fails at once rather than at the end. Symbolic links are followed, unless
    ``follow_links`` is false, or the link lies in a folder another user can
    write (another user's, or group or world writable): then it is refused, so
    that a link planted there never aims this user's write (root's) elsewhere.
    """
    path = Path(path)
    if path.is_symlink():
        if not follow_links or _others_may_write(path.parent):
            raise KioskError(
                f"cannot write {path}: it is a symbolic link; replace it with a regular file", exit_code
            )
        path = Path(os.path.realpath(path))
    status = _status(path, exit_code)
    if status is not None and stat.S_ISDIR(status.st_mode):
        raise KioskError(f"cannot write {path}: it is a folder; give a file name", exit_code)
    if status is not None and not stat.S_ISREG(status.st_mode):
        if not os.access(path, os.W_OK):
            raise KioskError(f"cannot write {path}: permission denied", exit_code)
        return path  # a device or a pipe: written into as a stream
    folder = path.parent
    if not folder.is_dir():
        raise KioskError(f"cannot write {path}: folder {folder} does not exist", exit_code)
    if not os.access(folder, os.W_OK | os.X_OK):
        raise KioskError(f"cannot write {path}: folder {folder} is not writable", exit_code)
    if status is not None and not os.access(path, os.W_OK):
        raise KioskError(f"cannot write {path}: it is read-only", exit_code)
    return path


def _others_may_write(folder: Path) -> bool:
    """Whether someone other than this user may create or replace links in ``folder``."""
    try:
        status = folder.stat()
    except OSError:
        return True
    return status.st_uid != os.geteuid() or bool(status.st_mode & 0o022)


def _status(path: Path, exit_code: int, named: Path | None = None) -> os.stat_result | None:
    """``path``'s status, or ``None`` before it exists; any other failure: one line naming ``named``."""
    try:
        return path.stat()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise KioskError(f"cannot write {named or path} ({error.strerror})", exit_code) from None


def write_file(
    path: Path,
    write: Callable[[IO[Any]], T],
    *,
    binary: bool = False,
    mode: int | None = None,
    durable: bool = False,
    follow_links: bool = True,
    devices: bool = True,
    exit_code: int = 2,
) -> T:
    """Call ``write(stream)`` and put what it wrote at ``path``; returns what ``write`` returned.

    ``mode`` is a new file's permissions (default: ``0666`` less the umask);
    ``durable`` fsyncs the file and its folder (for files that must survive a
    power cut); ``follow_links`` false refuses a symbolic link instead of
    writing to its target; ``devices`` false refuses anything but a regular
    file (a configuration is never streamed into a device). An ``OSError`` becomes a one-line
    :class:`KioskError` with ``exit_code``; any other exception from
    ``write`` passes through, with the old file untouched either way.
    """
    target = check_writable(path, exit_code, follow_links)
    status = _status(target, exit_code, path)
    if status is not None and not stat.S_ISREG(status.st_mode):
        if not devices:
            raise KioskError(f"cannot write {path}: it is not a regular file", exit_code)
        return _stream_into(target, write, binary, exit_code)
    return _replace(target, write, binary, mode, durable, status, exit_code)


def write_file_from(path: Path, produce: Callable[[Path], T], *, exit_code: int = 2) -> T:
    """Like :func:`write_file` for a writer that needs a file name (OpenCV's video writer).

    ``produce`` writes to the path it is given, which keeps ``path``'s suffix.
    """
    target = check_writable(path, exit_code)
    if target.exists() and not target.is_file():
        with tempfile.TemporaryDirectory(prefix="kiosk-") as folder:
            scratch = Path(folder) / f"output{target.suffix}"
            result = produce(scratch)
            _stream_into(target, lambda stream: stream.write(scratch.read_bytes()), True, exit_code)
            return result
    status = target.stat() if target.exists() else None
    handle, temporary = _temporary(target, exit_code, suffix=f".tmp{target.suffix}")
    os.close(handle)
    try:
        result = produce(Path(temporary))
        _finish(target, temporary, None, False, exit_code, status)
        return result
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_limited(path: Path | Traversable, limit: int, what: str) -> bytes:
    """The file's bytes, refusing in one line a file larger than ``limit`` or one that is not a regular file.

    ``what`` names the file in the message ("config file", "model file", …).
    A pipe or a device is refused without waiting on it (it is opened
    non-blocking, then checked): a FIFO another user planted never hangs the
    reader. A folder raises :class:`IsADirectoryError`; any other ``OSError``
    passes through for the caller to word.
    """
    if not isinstance(path, Path):
        with path.open("rb") as stream:  # a file inside the installed package
            data = stream.read(limit + 1)
    else:
        data = _read_regular(path, limit, what)
    if len(data) > limit:
        raise KioskError(f"{what} {shown_path(path)} is larger than {_size(limit)}: is it the right file?")
    return data


def _read_regular(path: Path, limit: int, what: str) -> bytes:
    handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        status = os.fstat(handle)
        if stat.S_ISDIR(status.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if not stat.S_ISREG(status.st_mode):
            raise KioskError(
                f"{what} {shown_path(path)} is not a regular file (a pipe or a device): give a file"
            )
        if status.st_size > limit:
            raise KioskError(
                f"{what} {shown_path(path)} is larger than {_size(limit)}: is it the right file?"
            )
        chunks, left = [], limit + 1
        while left > 0:
            chunk = os.read(handle, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(handle)


def not_a_file(path: Path) -> str | None:
    """Why ``path`` is not a file to read, in a few words; ``None`` if it is one.

    >>> not_a_file(Path("/")), not_a_file(Path("/dev/zero")), not_a_file(Path("/nonexistent"))
    ('is a folder', 'is not a regular file (a pipe or a device)', 'not found')
    """
    try:
        mode = path.stat().st_mode
    except (OSError, ValueError):
        return "not found"
    if stat.S_ISDIR(mode):
        return "is a folder"
    return None if stat.S_ISREG(mode) else "is not a regular file (a pipe or a device)"


def shown_path(path: object) -> str:
    r"""A path as a one-line message shows it: quoted when it holds a line break or other control character.

    >>> print(shown_path("/tmp/a" + chr(10) + "b"), shown_path("/etc/kiosk/config.toml"))
    '/tmp/a\nb' /etc/kiosk/config.toml
    """
    text = str(path)
    return text if text.isprintable() else repr(text)


def umask() -> int:
    """This process's umask, read without changing it (another thread may be creating a file)."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    return 0o022


def _stream_into(target: Path, write: Callable[[IO[Any]], T], binary: bool, exit_code: int) -> T:
    try:
        with open(target, "wb" if binary else "w", encoding=None if binary else "utf-8") as stream:
            result = write(stream)
        return result
    except OSError as error:
        raise KioskError(f"cannot write {target} ({error.strerror})", exit_code) from None


def _replace(target, write, binary, mode, durable, status, exit_code):
    handle, temporary = _temporary(target, exit_code)
    try:
        with os.fdopen(handle, "wb" if binary else "w", encoding=None if binary else "utf-8") as stream:
            result = write(stream)
            stream.flush()
            if durable:
                os.fsync(stream.fileno())
        _finish(target, temporary, mode, durable, exit_code, status)
        return result
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise KioskError(f"cannot write {target} ({error.strerror}); it is unchanged", exit_code) from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _temporary(target: Path, exit_code: int, suffix: str = ".tmp") -> tuple[int, str]:
    try:
        return tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=suffix)
    except OSError as error:
        raise KioskError(f"cannot write {target} ({error.strerror}); it is unchanged", exit_code) from None


def _finish(target, temporary, mode, durable, exit_code, status) -> None:
    """Give the temporary file the target's mode (and owner, as root), and rename it over the target."""
    try:
        if status is not None:
            os.chmod(temporary, stat.S_IMODE(status.st_mode))
            if os.geteuid() == 0 and (status.st_uid, status.st_gid) != (0, 0):
                os.chown(temporary, status.st_uid, status.st_gid)
        else:
            os.chmod(temporary, mode if mode is not None else 0o666 & ~umask())
        os.replace(temporary, target)
        if durable:
            folder = os.open(target.parent, os.O_RDONLY)
            try:
                os.fsync(folder)
            finally:
                os.close(folder)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise KioskError(f"cannot write {target} ({error.strerror}); it is unchanged", exit_code) from None


def _size(limit: int) -> str:
    return f"{limit // (1 << 20)} MB" if limit >= 1 << 20 else f"{limit // 1024} KB"
