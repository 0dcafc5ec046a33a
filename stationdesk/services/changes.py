"""What a write changed: the kinds of record named by the audit entries it appended. Every services
write appends one (a test runs every write path and checks), so the window refreshes only the pages
that show those kinds instead of every page after every save."""

from dataclasses import dataclass, field

from stationdesk.store.database import Store, per_store

# Every kind of record an audit entry names; pages declare which of these they show.
KINDS = frozenset({"volunteer", "team", "activity", "activity_photo", "participation", "service_request",
                   "menu_item", "shop_item", "unit", "pairing", "commitment", "certificate", "honor",
                   "fund_entry", "setting", "station", "database", "training", "qualification", "insurance",
                   "guardian_consent", "evaluation", "venue", "station_rule", "meeting", "work_summary",
                   "assessment"})
LOOK_ONLY = frozenset({"export", "reveal"})  # logged for the trail; nothing shown changes


@dataclass
class Tracker:
    """Remembers the newest audit entry and the connection's write count; `take()` gives what changed
    since the last call."""

    store: Store
    seen: int = field(init=False)
    written: int = field(init=False)

    def __post_init__(self) -> None:
        self.seen, self.written = self._now()

    def _now(self) -> tuple[int, int]:
        return self.store.scalar("SELECT coalesce(max(id), 0) FROM audit_entry"), self.store.total_changes()

    def take(self) -> frozenset[str] | None:
        """The kinds written since the last call; None when that cannot be told — the file was restored
        (ids went back, or the entry says so), or rows were written without an entry — so everything
        counts as changed."""
        newest, written = self._now()
        kinds = frozenset(kind for action, kind in self.store.execute(
            "SELECT action, entity FROM audit_entry WHERE id > ?", (self.seen,)) if action not in LOOK_ONLY)
        silent = written != self.written and newest == self.seen
        went_back = newest < self.seen
        self.seen, self.written = newest, written
        return None if silent or went_back or "database" in kinds or not kinds <= KINDS else kinds


per_store(globals())  # model queries run on the store each function is given
