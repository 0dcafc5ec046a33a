"""What the year's 台账 binds together, gathered from the services (photos are read when drawn)."""

from dataclasses import dataclass, field
from datetime import date

from stationdesk.services import (
    activities,
    attendance,
    certificates,
    funds,
    honours,
    pairings,
    photos,
    requests,
    roster,
    station,
    station_records,
    stats,
    teams,
)
from stationdesk.store.database import per_store


@dataclass
class LedgerData:
    year: int
    station: station.StationInfo
    teams: list
    roster: list
    activities: list  # (ActivityRow, ActivityDraft, [(photo id, width, height, caption)]) in date order
    pairings: list  # (PairingRow, [CommitmentRow])
    certificates: list
    requests: list  # RequestRow of the year
    honours: list  # (title, level, person, conferred by, 礼遇)
    funds: list  # SourceBalance per source
    stats: stats.Stats
    load_photo: object  # photo id → JPEG bytes
    corrections: dict = field(default_factory=dict)  # activity id → its hours corrections' printed rows
    registration: object = None  # domain.station_records.Registration (注册率)
    venues: list = field(default_factory=list)  # Venue
    rules: list = field(default_factory=list)  # Rule adopted by the year's end
    meetings: list = field(default_factory=list)  # Meeting of the year
    summary: tuple[str, bool] = ("", False)  # (年度工作总结, saved by the operator — else a draft)
    load_venue_photo: object = None  # venue id → JPEG bytes


def gather(store, year: int, *, today: date | None = None) -> LedgerData:
    today = today or date.today()
    held = [a for a in activities.list_activities(store, year=year) if a.status == "done"]
    held.sort(key=lambda a: (a.starts_at, a.id))
    in_force = [p for p in pairings.list_pairings(store, today=today) if p.term.year_span(year)]
    figures = stats.compute(store, stats.period_of(year))
    summary = station_records.saved_summary(store, year)
    return LedgerData(
        year=year, station=station.get_station(store), teams=teams.list_teams(store), roster=roster.search(store, ""),
        activities=[(a, activities.get_draft(store, a.id), photos.photo_sizes(store, a.id)) for a in held],
        pairings=[(p, pairings.fulfilment_for_year(store, p.id, year, today=today)) for p in in_force],
        certificates=certificates.register(store, year=year),
        requests=requests.list_requests(store, start=date(year, 1, 1), end_exclusive=date(year + 1, 1, 1))[::-1],
        honours=honours.register(store, year), funds=funds.balances(store, year),
        stats=figures,
        load_photo=lambda photo_id: photos.jpeg(store, photo_id),
        corrections={a.id: [c.cells() for c in fixed] for a in held
                     if (fixed := attendance.corrections(store, a.id))},
        registration=station_records.registration(store), venues=station_records.list_venues(store),
        rules=station_records.list_rules(store, adopted_by=date(year, 12, 31)),
        meetings=station_records.list_meetings(store, year=year),
        summary=(summary, True) if summary is not None else (
            station_records.draft_summary(store, year, figures=figures), False),
        load_venue_photo=lambda venue_id: station_records.venue_photo(store, venue_id))


per_store(globals())  # model queries run on the store each function is given
