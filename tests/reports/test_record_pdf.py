import subprocess
from datetime import datetime, timedelta

import pytest
from PIL import Image

from stationdesk.domain.activity import ActivityDraft
from stationdesk.errors import UserError
from stationdesk.reports.record import build_activity_record
from stationdesk.services import activities, attendance, photos, roster
from stationdesk.services.attendance import Mark

START = datetime(2026, 10, 18, 9, 0)


def make_photo(path, size=(4000, 3000), colour=(200, 30, 30), orientation=None):
    image = Image.new("RGB", size, colour)
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation  # EXIF Orientation: 6 = the camera was turned a quarter right
    image.save(path, "JPEG", exif=exif)
    return path


@pytest.fixture
def done(demo_store):
    aid = activities.create_activity(demo_store, ActivityDraft(
        title="重阳节敬老志愿服务", category="文化服务", brand="我们的节日", starts_at=START,
        ends_at=START + timedelta(hours=2), place="敬老院", partner="县人民医院", content="为老人理发、量血压、表演节目。" * 3,
        summary="服务老人 42 人，发放健康手册 60 份。", beneficiaries=42))
    people = roster.search_ids(demo_store, "")[:12]
    attendance.sign_up(demo_store, aid, people)
    attendance.record_attendance(demo_store, aid, [Mark(v, True) for v in people[:10]])
    return demo_store, aid


def test_photos_are_checked_turned_upright_resized_and_limited(done, tmp_path):
    store, aid = done
    sideways = make_photo(tmp_path / "sideways.jpg", orientation=6)
    pid = photos.add_photo(store, aid, sideways, caption="量血压")
    stored = photos.photos(store, aid)[0]
    assert (stored.width, stored.height) == (1200, 1600)  # upright and at most 1600 px
    assert stored.id == pid and stored.caption == "量血压" and len(stored.jpeg) < 500_000
    not_image = tmp_path / "notes.jpg"
    not_image.write_text("这不是图片")
    with pytest.raises(UserError, match="不是可以识别的图片"):
        photos.add_photo(store, aid, not_image)
    for i in range(3):
        photos.add_photo(store, aid, make_photo(tmp_path / f"p{i}.png", size=(800, 600)))
    with pytest.raises(UserError, match="最多保存 4 张"):
        photos.add_photo(store, aid, make_photo(tmp_path / "fifth.jpg", size=(800, 600)))
    photos.remove_photo(store, pid)
    assert len(photos.photos(store, aid)) == 3


def test_a_decompression_bomb_is_refused(done, tmp_path, monkeypatch):
    store, aid = done
    monkeypatch.setattr(photos, "MAX_PIXELS", 1000)
    with pytest.raises(UserError, match="像素数异常巨大"):
        photos.add_photo(store, aid, make_photo(tmp_path / "big.png", size=(100, 100)))
    assert photos.photos(store, aid) == []


def test_the_record_is_one_page_with_fields_photos_and_signature_lines(done, tmp_path):
    store, aid = done
    for i in range(4):
        photos.add_photo(store, aid, make_photo(tmp_path / f"{i}.jpg", colour=(40 * i, 120, 200)))
    out = tmp_path / "record.pdf"
    pages = build_activity_record(activities.get_activity(store, aid), activities.get_draft(store, aid),
                                  photos.photos(store, aid), out, station="青山村新时代文明实践站",
                                  printed_at=datetime(2026, 10, 19))
    assert pages == 1
    text = "".join(subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout.split())
    for needle in ("新时代文明实践活动记录表", "重阳节敬老志愿服务", "敬老院", "县人民医院", "志愿者10人，受益群众42人",
                   "为老人理发", "服务老人42人", "记录人", "审核人"):
        assert needle in text, needle
    images = subprocess.run(["pdfimages", "-list", str(out)], capture_output=True, text=True).stdout
    listed = images.strip().splitlines()[2:]
    assert len(listed) == 4
    assert all(" jpeg " in line for line in listed)  # the stored JPEG as it is, not decoded and re-compressed
    stored = sum(len(p.jpeg) for p in photos.photos(store, aid))
    assert out.stat().st_size < stored + 150_000  # binary streams: no ASCII85 quarter on top


def test_long_content_continues_on_the_next_pages_whole(done, tmp_path):
    """The record used to cut content at 420 characters; every character now reaches the paper."""
    store, aid = done
    draft = activities.get_draft(store, aid)
    content = "".join(f"第{i:03d}段很长的内容。\n" if i % 37 == 0 else f"第{i:03d}句内容。" for i in range(700))
    activities.update_activity(store, aid, draft.__class__(**{**draft.__dict__, "content": content}))
    out = tmp_path / "long.pdf"
    pages = build_activity_record(activities.get_activity(store, aid), activities.get_draft(store, aid), [], out,
                                  station="站", printed_at=datetime(2026, 10, 19))
    assert pages >= 3
    text = "".join(subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout.split())
    assert all(f"第{i:03d}" in text for i in range(700))
    assert "第699句内容。" in text and "活动成效" in text
