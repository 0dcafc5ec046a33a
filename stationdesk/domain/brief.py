"""简报 and 工作简报: one news item, composed once and then set as a PDF, a Word document or plain text.

A `Brief` holds what the item says (headline, facts, sections of paragraphs, photos with captions); the
reports set it on paper and in .docx, and `as_text` gives the text a 公众号 editor takes, with a marker
where each photo goes. People appear by counts and team names, never by phone or ID number.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from stationdesk.domain.dates import chinese_date

MAX_PHOTOS = 4


@dataclass(frozen=True)
class BriefPhoto:
    width: int
    height: int
    caption: str
    load: Callable[[], bytes]  # the stored JPEG, read only when it is set


@dataclass(frozen=True)
class Brief:
    kind: str  # "活动简报" or "工作简报": what the paper calls itself
    headline: str
    station: str
    dated: date
    lead: str = ""  # the opening paragraph (导语)
    facts: tuple[tuple[str, str], ...] = ()  # (label, value): 活动时间, 活动地点, 参与情况 …
    sections: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (heading, paragraphs)
    photos: tuple[BriefPhoto, ...] = field(default=())

    def as_text(self) -> str:
        """Plain text for a 公众号 editor: headline, lead, facts, sections under 【】, and 〔图n〕 markers
        with the captions where the photos are to be inserted."""
        out = [self.headline, ""]
        if self.lead:
            out += [self.lead, ""]
        if self.facts:
            out += [f"{label}：{value}" for label, value in self.facts] + [""]
        for heading, paragraphs in self.sections:
            out.append(f"【{heading}】")
            out += [p for p in paragraphs if p.strip()] or ["（未填写）"]
            out.append("")
        for n, photo in enumerate(self.photos, start=1):
            out.append(f"〔图{n}〕{photo.caption}".rstrip())
        if self.photos:
            out.append("")
        out.append(f"（{self.station}供稿　{chinese_date(self.dated)}）")
        return "\n".join(out) + "\n"


def paragraphs(text: str) -> tuple[str, ...]:
    """The paragraphs a person typed (split at their line breaks), blank ones dropped."""
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


def named_activity(title: str) -> str:
    """“重阳敬老”活动 — the title quoted, 活动 added unless it already says what it is."""
    title = title.strip()
    quoted = title if "“" in title or "”" in title else f"“{title}”"  # it quotes itself: no quotes twice
    tail = "" if title.endswith(("活动", "行动", "服务", "宣讲", "会", "赛", "节", "课", "讲堂", "培训")) else "活动"
    return f"{quoted}{tail}"
