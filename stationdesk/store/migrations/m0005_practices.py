"""5: the seeds' practices — 服务菜单 and 四单 requests, 积分 and 爱心超市, honours and 礼遇, funds.

Points are kept in hundredths and money in fen (INTEGER): sums stay exact, never floats.
"""

from stationdesk.store.migrations.sql import run_sql

SQL = """
CREATE TABLE menu_item (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    category TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    team_id INTEGER REFERENCES team (id) ON DELETE SET NULL,
    archived INTEGER NOT NULL DEFAULT 0,
    created_at DATETIME NOT NULL
);
CREATE TABLE service_request (
    id INTEGER PRIMARY KEY,
    resident_name TEXT NOT NULL,
    resident_phone TEXT NOT NULL DEFAULT '',
    village_group TEXT NOT NULL DEFAULT '',
    what TEXT NOT NULL,
    menu_item_id INTEGER REFERENCES menu_item (id) ON DELETE SET NULL,
    wanted_on DATE,
    state TEXT NOT NULL DEFAULT 'requested'
        CHECK (state IN ('requested', 'dispatched', 'accepted', 'done', 'reviewed', 'withdrawn')),
    requested_at DATETIME NOT NULL,
    team_id INTEGER REFERENCES team (id) ON DELETE RESTRICT,
    due_on DATE,
    dispatched_at DATETIME,
    accepted_at DATETIME,
    done_at DATETIME,
    outcome TEXT NOT NULL DEFAULT '',
    activity_id INTEGER REFERENCES activity (id) ON DELETE SET NULL,
    rating INTEGER CHECK (rating BETWEEN 1 AND 5),
    review TEXT NOT NULL DEFAULT '',
    reviewed_at DATETIME,
    CHECK (rating IS NULL OR state = 'reviewed')
);
CREATE INDEX service_request_state ON service_request (state, due_on);
CREATE INDEX service_request_requested ON service_request (requested_at);
CREATE TABLE request_volunteer (
    request_id INTEGER NOT NULL REFERENCES service_request (id) ON DELETE CASCADE,
    volunteer_id INTEGER NOT NULL REFERENCES volunteer (id) ON DELETE RESTRICT,
    PRIMARY KEY (request_id, volunteer_id)
) WITHOUT ROWID;
CREATE TABLE shop_item (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    price INTEGER NOT NULL CHECK (price > 0),
    stock INTEGER NOT NULL DEFAULT 0 CHECK (stock >= 0),
    unit TEXT NOT NULL DEFAULT '件',
    archived INTEGER NOT NULL DEFAULT 0,
    created_at DATETIME NOT NULL
);
CREATE TABLE redemption (
    id INTEGER PRIMARY KEY,
    volunteer_id INTEGER NOT NULL REFERENCES volunteer (id) ON DELETE RESTRICT,
    shop_item_id INTEGER NOT NULL REFERENCES shop_item (id) ON DELETE RESTRICT,
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    price INTEGER NOT NULL,
    redeemed_on DATE NOT NULL,
    created_at DATETIME NOT NULL
);
CREATE TABLE points_entry (
    id INTEGER PRIMARY KEY,
    volunteer_id INTEGER NOT NULL REFERENCES volunteer (id) ON DELETE RESTRICT,
    hundredths INTEGER NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('hours', 'activity', 'request', 'manual', 'redemption')),
    reason TEXT NOT NULL DEFAULT '',
    participation_id INTEGER REFERENCES participation (id) ON DELETE SET NULL,
    hours_basis REAL NOT NULL DEFAULT 0,
    request_id INTEGER REFERENCES service_request (id) ON DELETE RESTRICT,
    redemption_id INTEGER REFERENCES redemption (id) ON DELETE RESTRICT,
    entered_on DATE NOT NULL,
    actor TEXT NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL
);
CREATE INDEX points_entry_volunteer ON points_entry (volunteer_id, hundredths);
CREATE INDEX points_entry_participation ON points_entry (participation_id) WHERE participation_id IS NOT NULL;
CREATE INDEX points_entry_entered ON points_entry (entered_on);
CREATE TABLE honor (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    level TEXT NOT NULL,
    year INTEGER NOT NULL,
    volunteer_id INTEGER REFERENCES volunteer (id) ON DELETE RESTRICT,
    person_name TEXT NOT NULL,
    conferred_by TEXT NOT NULL DEFAULT '',
    deeds TEXT NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL
);
CREATE INDEX honor_year ON honor (year, title);
CREATE TABLE courtesy (
    id INTEGER PRIMARY KEY,
    honor_id INTEGER NOT NULL REFERENCES honor (id) ON DELETE CASCADE,
    what TEXT NOT NULL,
    given_on DATE NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL
);
CREATE INDEX courtesy_honor ON courtesy (honor_id, given_on);
CREATE TABLE fund_entry (
    id INTEGER PRIMARY KEY,
    entered_on DATE NOT NULL,
    direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    source TEXT NOT NULL,
    fen INTEGER NOT NULL CHECK (fen > 0),
    purpose TEXT NOT NULL,
    activity_id INTEGER REFERENCES activity (id) ON DELETE SET NULL,
    project TEXT NOT NULL DEFAULT '',
    voucher TEXT NOT NULL DEFAULT '',
    reverses_id INTEGER UNIQUE REFERENCES fund_entry (id) ON DELETE RESTRICT,
    actor TEXT NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL
);
CREATE INDEX fund_entry_date ON fund_entry (entered_on, source)
"""


def apply(db) -> None:
    run_sql(db, SQL)
