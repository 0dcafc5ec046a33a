"""Activity photos: checked, turned upright (EXIF), resized and kept in the database with the record."""

import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from stationdesk.errors import UserError
from stationdesk.files import file_size
from stationdesk.services import audit
from stationdesk.services.activities import get_activity
from stationdesk.store.database import per_store
from stationdesk.store.models import ActivityPhoto

MAX_PHOTOS = 4  # what the 活动记录表 shows
MAX_FILE_BYTES = 40 * 1024 * 1024
MAX_PIXELS = 80_000_000  # a 12,000 × 6,600 panorama; beyond that Pillow's bomb guard answers
LONG_SIDE = 1600  # enough for a printed quarter page at 300 dpi


@dataclass(frozen=True)
class Photo:
    id: int
    caption: str
    jpeg: bytes
    width: int
    height: int


def read_photo(path: str | Path) -> tuple[bytes, int, int]:
    """A picture file as it is kept: checked, turned upright, resized, as JPEG (bytes, width, height).
    Refuses files that are not images and huge ones."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    path = Path(path)
    size = file_size(path)
    if size > MAX_FILE_BYTES:
        raise UserError(f"照片文件太大（{size // 1024 // 1024} MB），请用不超过 40 MB 的照片。")
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with Image.open(path) as opened:
            image = ImageOps.exif_transpose(opened)  # phones store portrait shots sideways plus a flag
            image = image.convert("RGB")
            image.thumbnail((LONG_SIDE, LONG_SIDE))
            out = io.BytesIO()
            image.save(out, "JPEG", quality=82, optimize=True)
            width, height = image.size
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError) as exc:
        if isinstance(exc, Image.DecompressionBombError):
            raise UserError("这张图片的像素数异常巨大，已拒绝。请换一张普通照片。") from exc
        raise UserError(f"“{path.name}”不是可以识别的图片（支持 JPG、PNG 等常见格式）。") from exc
    return out.getvalue(), width, height


def add_photo(store, activity_id: int, path: str | Path, *, caption: str = "") -> int:
    """Store a photo for an activity; refuses files that are not images, huge ones, and a fifth photo."""
    get_activity(store, activity_id)
    path = Path(path)
    if store.scalar("SELECT count(*) FROM activity_photo WHERE activity_id = ?", (activity_id,)) >= MAX_PHOTOS:
        raise UserError(f"每次活动最多保存 {MAX_PHOTOS} 张照片（活动记录表只能放下 4 张）。请先删除一张。")
    jpeg_bytes, width, height = read_photo(path)
    with store.write():
        photo_id = ActivityPhoto.insert(activity=activity_id, caption=caption.strip(), jpeg=jpeg_bytes,
                                        width=width, height=height, added_at=datetime.now()).execute()
        audit.record("add_photo", "activity", activity_id, file=path.name)
    return photo_id


def photos(store, activity_id: int) -> list[Photo]:
    return [Photo(r[0], r[1], bytes(r[2]), r[3], r[4]) for r in store.execute(
        "SELECT id, caption, jpeg, width, height FROM activity_photo WHERE activity_id = ? ORDER BY id",
        (activity_id,))]


def remove_photo(store, photo_id: int) -> None:
    with store.write():
        ActivityPhoto.delete().where(ActivityPhoto.id == photo_id).execute()
        audit.record("remove_photo", "activity_photo", photo_id)


def photo_sizes(store, activity_id: int) -> list[tuple[int, int, int, str]]:
    """(id, width, height, caption) without the image data (the 台账 prints captions under the photos)."""
    return store.execute("SELECT id, width, height, caption FROM activity_photo WHERE activity_id = ? ORDER BY id",
                         (activity_id,)).fetchall()


def jpeg(store, photo_id: int) -> bytes:
    return bytes(store.scalar("SELECT jpeg FROM activity_photo WHERE id = ?", (photo_id,)))


per_store(globals())  # model queries run on the store each function is given
