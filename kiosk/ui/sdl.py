"""The SDL library under pygame: its version and the video drivers built into it.

On the mirror the service draws through SDL's ``kmsdrm`` driver (there is no
desktop). An SDL built without it cannot show the mirror at all (pip's pygame
2.6 wheels bundle one), and one older than 2.30.5 shows garbage on a Pi 5
(framebuffers registered without their modifiers). pygame-ce's wheels bundle
an SDL that has both.

>>> "dummy" in video_drivers()
True
>>> driver_problem("dummy") is None
True
>>> driver_problem("nosuchdriver").startswith("SDL 2.")
True
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
from pathlib import Path

# SDL 2.30.5 registers KMS framebuffers with their modifiers; older SDL shows garbage on a Pi 5.
MIN_KMSDRM_VERSION = (2, 30, 5)


def sdl_version() -> tuple[int, int, int]:
    """The version of the SDL that pygame runs on (linked, not compiled against)."""
    import pygame

    major, minor, patch = pygame.get_sdl_version()
    return major, minor, patch


@functools.cache
def video_drivers() -> tuple[str, ...]:
    """The video drivers built into the SDL that pygame loaded, lower case, in SDL's order of preference.

    Built in is not the same as usable: ``kmsdrm`` is listed on a desktop too,
    and only opens where there is a DRM device to draw on.
    """
    import pygame  # noqa: F401 - loads the SDL library pygame was built with

    library = ctypes.CDLL(loaded_sdl())
    library.SDL_GetVideoDriver.restype = ctypes.c_char_p
    library.SDL_GetVideoDriver.argtypes = [ctypes.c_int]
    return tuple(
        library.SDL_GetVideoDriver(i).decode().lower() for i in range(library.SDL_GetNumVideoDrivers())
    )


def driver_problem(drivers: str) -> str | None:
    """Why SDL cannot draw through ``drivers`` (SDL_VIDEODRIVER's value, one or a comma list), or ``None``."""
    wanted = [name.strip().lower() for name in drivers.split(",") if name.strip()]
    version = ".".join(map(str, sdl_version()))
    built_in = [name for name in wanted if name in video_drivers()]
    if not built_in:
        return (
            f"SDL {version} has no {' or '.join(wanted)} video driver (it has {', '.join(video_drivers())}): "
            "pip install pygame-ce (pip's pygame wheels lack kmsdrm)"
        )
    if built_in == ["kmsdrm"] and sdl_version() < MIN_KMSDRM_VERSION:
        minimum = ".".join(map(str, MIN_KMSDRM_VERSION))
        return f"SDL {version} is older than {minimum} and shows garbage on a Pi 5: pip install -U pygame-ce"
    return None


def loaded_sdl() -> str:
    """The path of the SDL library in this process: pygame's own copy, or the system's."""
    maps = Path("/proc/self/maps")
    if maps.exists():
        for line in maps.read_text().splitlines():
            path = Path(line.split()[-1])
            if path.name.startswith(("libSDL2-", "libSDL2.")):
                return str(path)
    import pygame

    package = Path(pygame.__file__).parent
    for folder in (package, *package.parent.glob("pygame*.libs"), package / ".dylibs"):
        for candidate in sorted(folder.glob("libSDL2[-.]*")):
            return str(candidate)
    found = ctypes.util.find_library("SDL2")
    if found is None:
        raise OSError("the SDL library pygame uses was not found")
    return found
