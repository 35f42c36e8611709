"""A decoded photo's pixels as a NumPy array without copying them.

`np.asarray(image)` copies every pixel out of Pillow (about a decode's worth
of time on a 12 MP photo). Pillow keeps an RGB pixel in four bytes (the
fourth unused) and, for an image whose rows lie in one block of memory,
exports them through the Arrow C data interface; `pixels` views that memory
as a height x width x 4 array instead. Pillow puts an image in one block when
it is small enough (16 MB by default), or when it is made inside `one_block`,
as `open_photo` decodes a photo. Where Pillow cannot export (before 11.2),
the pixels are copied as before.
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
import numpy.typing as npt
from PIL import Image, _imaging

Array = npt.NDArray[Any]

#: Modes Pillow stores in four bytes a pixel, colour first.
FOUR_BYTES = {"RGB", "RGBA", "RGBX"}


class _ArrowArray(ctypes.Structure):
    """The Arrow C data interface's ArrowArray, as its specification lays it out."""


_ArrowArray._fields_ = [
    ("length", ctypes.c_int64),
    ("null_count", ctypes.c_int64),
    ("offset", ctypes.c_int64),
    ("n_buffers", ctypes.c_int64),
    ("n_children", ctypes.c_int64),
    ("buffers", ctypes.POINTER(ctypes.c_void_p)),
    ("children", ctypes.POINTER(ctypes.POINTER(_ArrowArray))),
    ("dictionary", ctypes.c_void_p),
    ("release", ctypes.c_void_p),
    ("private_data", ctypes.c_void_p),
]

_capsule_pointer = ctypes.pythonapi.PyCapsule_GetPointer
_capsule_pointer.restype = ctypes.c_void_p
_capsule_pointer.argtypes = [ctypes.py_object, ctypes.c_char_p]


class _Exported:
    """Holds Pillow's export (and so the image) while an array views its memory."""

    def __init__(self, image: Image.Image) -> None:
        # The capsules own the export: while they live, so does the image.
        self._capsules = image.__arrow_c_array__()
        array = _ArrowArray.from_address(_capsule_pointer(self._capsules[1], b"arrow_array"))
        if array.n_children != 1 or array.offset != 0:
            raise ValueError("not four bytes a pixel")
        child = array.children[0].contents
        if child.n_buffers != 2 or child.offset != 0 or child.length != 4 * array.length:
            raise ValueError("not four bytes a pixel")
        self.__array_interface__ = {
            "data": (child.buffers[1], False),
            "shape": (image.height, image.width, 4),
            "typestr": "|u1",
            "version": 3,
        }


def pixels(image: Image.Image) -> Array:
    """Return an image's pixels as an array, colour channels first.

    An RGB image whose rows lie in one block comes back as a height x width x 4
    view of Pillow's own memory (the fourth channel unused): write to it and
    the image changes. Any other image is copied out by `np.asarray`.
    """
    if image.mode in FOUR_BYTES and image.width and image.height:
        image.load()
        try:
            return np.asarray(_Exported(image))
        except (AttributeError, ValueError):  # Pillow < 11.2, rows in several blocks
            pass
    return np.asarray(image)


_lock = threading.Lock()
_inside = 0


@contextmanager
def one_block() -> Iterator[None]:
    """Make Pillow put every image made meanwhile in one block of memory.

    Pillow's switch is for the whole process: it is on while any thread is
    inside, and an image another thread makes meanwhile is only laid out
    differently, never changed.
    """
    global _inside
    with _lock:
        _inside += 1
        if _inside == 1:
            _imaging.set_use_block_allocator(1)
    try:
        yield
    finally:
        with _lock:
            _inside -= 1
            if _inside == 0:
                _imaging.set_use_block_allocator(0)
