"""File names the app suggests (an export named after the station, a printout after its kind): names
every system can save, Windows' rules being the strictest."""

import re

from stationdesk.domain.text import INVISIBLE

# Characters Windows forbids in a file name, and control characters (also forbidden there).
FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
# Device names Windows reserves whatever the extension (CON.xlsx opens the console, not a file).
RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
            *(f"{dev}{n}" for dev in ("COM", "LPT") for n in (*"123456789", "¹", "²", "³"))}
# A path component on NTFS and ext4 alike: 255 UTF-16 units / bytes. Chinese is 3 bytes in UTF-8.
MAX_NAME_BYTES = 255


def safe_file_name(name: str, *, fallback: str = "导出文件", max_chars: int | None = None) -> str:
    """`name` as a file name Windows and Linux both accept: forbidden characters become "_", invisible
    ones go, no trailing dots or spaces, no reserved device name, at most 255 bytes in UTF-8 (and
    `max_chars`), the extension kept when the name must be shortened."""
    name = FORBIDDEN.sub("_", INVISIBLE.sub("", name)).strip().rstrip(". ")
    stem, dot, suffix = name.rpartition(".")
    if not dot or not stem or len(suffix) > 10 or not suffix.isascii():
        stem, suffix = name, ""
    suffix = f".{suffix}" if suffix else ""
    if stem.split(".")[0].rstrip(" ").upper() in RESERVED:
        stem = f"_{stem}"
    limit = MAX_NAME_BYTES - len(suffix.encode())
    while stem and (len(stem.encode()) > limit or (max_chars is not None and len(stem) + len(suffix) > max_chars)):
        stem = stem[:-1]
    stem = stem.rstrip(". ")
    if not stem:
        stem = fallback
    return stem + suffix


def fit_path(folder: str, name: str, *, max_path: int, sep: str = "/") -> str:
    """`folder` + `sep` + a safe `name`, its stem shortened so the whole path stays within `max_path`
    characters (Windows: 259 without the long-path setting). The folder itself is the caller's business."""
    room = max_path - len(folder) - len(sep)
    return folder + sep + safe_file_name(name, max_chars=max(room, 1))
