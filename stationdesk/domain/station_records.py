"""The station's own records as the layers pass them: 阵地/场所, 制度, 会议与研究部署, and the 志愿者注册率."""

from dataclasses import dataclass
from datetime import date

VENUE_KINDS = ("文化站", "活动室", "道德讲堂", "爱心驿站", "图书阅览室", "文化广场", "党群服务中心", "其他")


@dataclass(frozen=True)
class Venue:
    id: int
    name: str
    kind: str
    area: float | None  # m²; None: not measured
    opening_hours: str
    note: str
    has_photo: bool
    photo_width: int | None = None
    photo_height: int | None = None

    @property
    def area_text(self) -> str:
        if self.area is None:
            return "—"
        return f"{self.area:g} 平方米" if self.area < 1e6 else f"{self.area:.0f} 平方米"


@dataclass(frozen=True)
class Rule:
    """A 制度 the station adopted."""

    id: int
    title: str
    body: str
    adopted_on: date


@dataclass(frozen=True)
class Meeting:
    """A 会议与研究部署: who met, what they discussed and what they decided."""

    id: int
    held_on: date
    attendees: str
    topics: str
    decisions: str


@dataclass(frozen=True)
class Registration:
    """Registered volunteers against the resident population (常住人口): the 志愿者注册率."""

    volunteers: int
    population: int | None  # None: not entered yet

    @property
    def rate(self) -> float | None:
        """Percent; None when the population is unknown."""
        if not self.population:
            return None
        return 100.0 * self.volunteers / self.population

    @property
    def text(self) -> str:
        """“12.50%（250 人 / 2000 人）”, or what is missing."""
        if self.rate is None:
            return f"未填写常住人口（注册志愿者 {self.volunteers} 人）"
        return f"{self.rate:.2f}%（注册志愿者 {self.volunteers} 人 / 常住人口 {self.population} 人）"
