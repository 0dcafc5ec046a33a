"""A writer process for the kill -9 test: every write path (volunteers, teams, import, attendance with an
hours correction, pairing with an entry), chosen at random, one line on stdout after each completed save.

A line on stdout is a "reported save": the user was told it was saved, so it must survive the kill.
Usage: python -m tests.reliability.writer DB SEED WORKDIR
"""

import random
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

from stationdesk.domain.activity import ActivityDraft
from stationdesk.domain.volunteer import VolunteerDraft
from stationdesk.errors import UserError
from stationdesk.services import activities, attendance, importing, pairings, roster, teams
from stationdesk.services.attendance import Mark
from stationdesk.store import open_database

IMPORT_ROWS = 25
CHINESE_DIGITS = str.maketrans("0123456789x", "零一二三四五六七八九乙")  # names may not contain digits


def cn(text: object) -> str:
    return str(text).translate(CHINESE_DIGITS)


def write_import_file(path: Path, tag: str, seed: int, n: int) -> None:
    """Distinct people: each import its own phones — 15, the writer's seed, the round, the row — as the
    same phones under names one character apart would rightly be held back as 疑似已登记 (seeds 7, 107 and
    207 once shared theirs, and the 208th kill of the full run stopped on it)."""
    lines = ["姓名,联系电话,所属队伍"] + [f"导入{tag}丙{cn(i)},15{seed % 1000:03d}{n % 10000:04d}{i:02d},导入队{tag}"
                                        for i in range(IMPORT_ROWS)]
    path.write_text("\n".join(lines), encoding="utf-8")


def main(db: str, seed: int, workdir: str) -> None:
    rng = random.Random(seed)
    store = open_database(db)
    print("ready", flush=True)
    n = 0
    while True:
        n += 1
        tag = cn(f"{seed}x{n}")
        choice = rng.random()
        if choice < 0.4:
            roster.add_volunteer(store, VolunteerDraft(name=f"新增{tag}甲", phone="13800000000"))
            print(f"volunteer 新增{tag}甲", flush=True)
        elif choice < 0.7:
            ids = roster.search_ids(store, "")
            if ids:
                vid = rng.choice(ids)
                draft = roster.get_volunteer(store, vid).draft
                roster.update_volunteer(store, vid, VolunteerDraft(**{**draft.__dict__, "note": f"修改{tag}"}))
                print(f"edit {vid} 修改{tag}", flush=True)
        elif choice < 0.85:
            team = teams.create_team(store, f"队伍{tag}")
            ids = roster.search_ids(store, "")[:5]
            teams.add_members(store, team, ids)
            print(f"team 队伍{tag} {len(ids)}", flush=True)
        elif choice < 0.9:
            ids = roster.search_ids(store, "")[:6]
            # A day of its own (the same six people, and one daily cap per person per day across activities).
            start = datetime(2026, 1, 5, 9) + timedelta(days=(seed * 37 + n) % 300)
            aid = activities.create_activity(store, ActivityDraft(title=f"活动{tag}", starts_at=start,
                                                                  ends_at=start + timedelta(hours=2)))
            attendance.record_attendance(store, aid, [Mark(v, True) for v in ids])
            rows = attendance.sheet_rows(store, aid)
            corrected = "none"
            if rows:
                try:
                    attendance.correct_hours(store, rows[0].participation_id, 1.5, reason=f"更正{tag}")
                    corrected = "corrected"
                except UserError:  # the day's cap already reached by another writer's activity: refused, rightly
                    corrected = "capped"
            credited = store.scalar("SELECT coalesce(sum(hours), 0) FROM participation WHERE activity_id = ?"
                                    " AND attended = 1", (aid,))  # as saved: the cap may have credited less
            print(f"attendance {aid} {len(ids)} {corrected} {credited}", flush=True)
        elif choice < 0.95:
            unit = pairings.add_unit(store, pairings.UnitDraft(name=f"单位{tag}"))
            pid = pairings.create_pairing(store, unit, signed_on=date(2026, 1, 1), starts_on=date(2026, 1, 1),
                                          ends_on=date(2028, 12, 31))
            venue = pairings.fulfilment_for_year(store, pid, 2026, today=date(2026, 6, 1))[0]
            pairings.log_entry(store, venue.id, happened_on=date(2026, 3, 1), what=f"共享{tag}")
            print(f"pairing {pid}", flush=True)
        else:
            path = Path(workdir) / f"import-{tag}.csv"
            write_import_file(path, tag, seed, n)
            result = importing.commit_import(store, importing.plan_import(store, path))
            assert result.imported == IMPORT_ROWS, result
            print(f"import {tag}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
