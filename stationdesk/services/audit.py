"""The audit log: who changed or revealed what, and when (PIPL Art. 51)."""

import getpass
import json
from datetime import datetime

from stationdesk.store.models import AuditEntry


def actor() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "?"


def record(action: str, entity: str, entity_id: int | None, **detail) -> None:
    """Append an entry. Call inside the write transaction it describes."""
    AuditEntry.create(at=datetime.now(), actor=actor(), action=action, entity=entity,
                      entity_id=entity_id, detail=json.dumps(detail, ensure_ascii=False, default=str))


def entries_for(store, entity: str, entity_id: int) -> list[tuple[str, str, str, str]]:
    cursor = store.execute(
        "SELECT at, actor, action, detail FROM audit_entry WHERE entity = ? AND entity_id = ? ORDER BY id",
        (entity, entity_id))
    return [tuple(str(x) for x in row) for row in cursor]
