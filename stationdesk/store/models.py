"""peewee models of the live schema. The schema itself is made by migrations/; a test keeps them equal."""

from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

import peewee as pw

from stationdesk.domain.text import strip_invisible


class NoStoreBound(RuntimeError):
    """A model query ran outside every store's `bound()`: a bug, never the operator's to fix. Services
    bind the store they are given (`per_store` in store.database); code outside them passes a store in."""


class Router(pw.DatabaseProxy):
    """The database a model query runs on: the store whose `bound()` it runs inside, and no other. There
    is no fallback to the store opened last, so two stores open in one process (a station and another
    station's file, two rollups) never write into each other, and a store-less query fails loudly."""

    __slots__ = ("_bound", "_what")

    def __init__(self, what: str):  # and no initialize(): it refuses, there is nothing to fall back to
        object.__setattr__(self, "_callbacks", [])
        object.__setattr__(self, "_what", what)
        object.__setattr__(self, "_bound", ContextVar(f"stationdesk_{what}", default=None))

    @property
    def obj(self):  # None outside a binding: peewee asks while defining the models
        return self._bound.get()

    def __getattr__(self, attr):  # what a query asks of its database (execute, cursor, param…)
        db = self._bound.get()
        if db is None:
            raise NoStoreBound(f"a {self._what} model was queried outside any store's bound(): "
                               "pass the store in and run the query inside `with store.bound()`")
        return getattr(db, attr)

    @contextmanager
    def using(self, db):
        """Model queries inside (in this thread or task) run on `db`."""
        token = self._bound.set(db)
        try:
            yield db
        finally:
            self._bound.reset(token)


DATABASE = Router("station")


class Text(pw.TextField):
    """Text a person entered (or a file or the CLI brought): whatever path it came by, no NUL, control,
    bidi-override or zero-width character reaches the file. JSON, digests and serials use pw.TextField."""

    def db_value(self, value):
        return strip_invisible(value) if isinstance(value, str) else super().db_value(value)


class BaseModel(pw.Model):
    class Meta:
        database = DATABASE
        legacy_table_names = False


class Keyed(BaseModel):
    """A table keyed by the integer `id` peewee gives a model that names no key of its own, as it also
    gives every foreign key `x` an `x_id`. Its stubs cannot know them: they are declared here (`id`) and
    in each model (the `x_id`) for the type checker only."""

    if TYPE_CHECKING:
        id = pw.AutoField()


class Station(Keyed):
    name = Text()
    level = Text(default="station")
    parent_institute = Text(default="")
    address = Text(default="")
    manager = Text(default="")
    phone = Text(default="")


class Setting(BaseModel):
    key = Text(primary_key=True)
    value = pw.TextField()


class Volunteer(Keyed):
    name = Text()
    gender = Text(default="")
    id_number = Text(null=True, unique=True)
    birth_date = pw.DateField(null=True)
    phone = Text(default="")
    village_group = Text(default="")
    political_status = Text(default="")
    education = Text(default="")
    skills = Text(default="")
    national_code = Text(default="")
    joined_on = pw.DateField(null=True)
    note = Text(default="")
    status = pw.TextField(default="active")
    archive_reason = Text(default="")
    pinyin_full = pw.TextField(default="")
    teams_text = Text(null=True)  # kept by triggers (migration 6): the team names, for show and sort
    pinyin_initials = pw.TextField(default="")
    sort_name = pw.TextField(default="")  # "chen guo qing": syllable by syllable, so 陈 sorts before 程
    search_key = pw.TextField(default="")  # fields joined by \x1f (derived, never typed)
    card_code = pw.TextField(null=True, unique=True)  # opaque code in the 志愿者证's QR (never the ID number)
    created_at = pw.DateTimeField()
    updated_at = pw.DateTimeField()


class Team(Keyed):
    name = Text(unique=True)
    category = Text(default="")
    parent = pw.ForeignKeyField("self", null=True, backref="children", on_delete="RESTRICT")
    note = Text(default="")
    archived = pw.BooleanField(default=False)
    created_at = pw.DateTimeField()
    if TYPE_CHECKING:  # the keys' accessors peewee adds (see Keyed)
        parent_id = pw.IntegerField(null=True)


class TeamMember(Keyed):
    team = pw.ForeignKeyField(Team, backref="members", on_delete="CASCADE")
    volunteer = pw.ForeignKeyField(Volunteer, backref="memberships", on_delete="CASCADE")
    role = Text(default="member")  # member | leader (队长)
    joined_on = pw.DateField(null=True)
    if TYPE_CHECKING:  # the keys' accessors peewee adds (see Keyed)
        team_id = pw.IntegerField()
        volunteer_id = pw.IntegerField()


class AuditEntry(Keyed):
    at = pw.DateTimeField()
    actor = Text()
    action = Text()
    entity = Text()
    entity_id = pw.IntegerField(null=True)
    detail = pw.TextField(default="")


class CivilizedUnit(Keyed):
    name = Text(unique=True)
    title_level = Text(default="")  # 全国/省级/市级/县级文明单位
    title_year = pw.IntegerField(null=True)
    kind = Text(default="")  # 机关/事业单位/企业/学校/其他
    address = Text(default="")
    contact_person = Text(default="")
    contact_phone = Text(default="")
    liaison_volunteer = pw.ForeignKeyField(Volunteer, null=True, on_delete="SET NULL")  # the station's 联络员
    note = Text(default="")
    archived = pw.BooleanField(default=False)
    created_at = pw.DateTimeField()
    if TYPE_CHECKING:  # the keys' accessors peewee adds (see Keyed)
        liaison_volunteer_id = pw.IntegerField(null=True)


class Pairing(Keyed):
    unit = pw.ForeignKeyField(CivilizedUnit, backref="pairings", on_delete="RESTRICT")
    signed_on = pw.DateField()
    starts_on = pw.DateField()
    ends_on = pw.DateField()
    unit_signatory = Text(default="")
    station_signatory = Text(default="")
    ended_early_on = pw.DateField(null=True)
    end_reason = Text(default="")
    attachment_name = Text(default="")  # the signed agreement, scanned
    attachment = pw.BlobField(null=True)
    created_at = pw.DateTimeField()
    if TYPE_CHECKING:  # the keys' accessors peewee adds (see Keyed)
        unit_id = pw.IntegerField()


class Commitment(Keyed):
    pairing = pw.ForeignKeyField(Pairing, backref="commitments", on_delete="CASCADE")
    aspect = Text()  # 阵地共享, 活动共办, 队伍共育, 项目共推, or the station's own
    text = Text()
    yearly_target = pw.IntegerField()
    if TYPE_CHECKING:  # the keys' accessors peewee adds (see Keyed)
        pairing_id = pw.IntegerField()


class CommitmentEntry(Keyed):
    commitment = pw.ForeignKeyField(Commitment, backref="entries", on_delete="CASCADE")
    happened_on = pw.DateField()
    what = Text()
    people = pw.IntegerField(default=0)
    created_at = pw.DateTimeField()
    if TYPE_CHECKING:  # the keys' accessors peewee adds (see Keyed)
        commitment_id = pw.IntegerField()


class Activity(Keyed):
    title = Text()
    category = Text(default="")
    brand = Text(default="")
    starts_at = pw.DateTimeField()
    ends_at = pw.DateTimeField()
    place = Text(default="")
    organiser_team = pw.ForeignKeyField(Team, null=True, on_delete="SET NULL")
    partner = Text(default="")
    content = Text(default="")
    summary = Text(default="")
    beneficiaries = pw.IntegerField(default=0)
    status = pw.TextField(default="planned")  # planned | done | cancelled
    created_at = pw.DateTimeField()
    updated_at = pw.DateTimeField()
    pairing = pw.ForeignKeyField(Pairing, null=True, on_delete="SET NULL")  # counts for 活动共办
    if TYPE_CHECKING:  # the keys' accessors peewee adds (see Keyed)
        organiser_team_id = pw.IntegerField(null=True)
        pairing_id = pw.IntegerField(null=True)


class Participation(Keyed):
    """A volunteer signed up for an activity and, once recorded, whether and how long they served."""

    activity = pw.ForeignKeyField(Activity, backref="participations", on_delete="RESTRICT")
    volunteer = pw.ForeignKeyField(Volunteer, backref="participations", on_delete="RESTRICT")
    attended = pw.BooleanField(default=False)
    check_in = pw.DateTimeField(null=True)
    check_out = pw.DateTimeField(null=True)
    hours = pw.FloatField(default=0)  # credited hours, after the rounding rule and the daily cap
    needs_review = pw.BooleanField(default=False)  # e.g. a forgotten check-out closed at the end time
    source = pw.TextField(default="signup")  # signup | walk_in | sheet | scan
    if TYPE_CHECKING:  # the keys' accessors peewee adds (see Keyed)
        activity_id = pw.IntegerField()
        volunteer_id = pw.IntegerField()


class HoursCorrection(Keyed):
    """Corrections append; the old value is never lost (DESIGN §3)."""

    participation = pw.ForeignKeyField(Participation, backref="corrections", on_delete="RESTRICT")
    at = pw.DateTimeField()
    actor = Text()
    old_hours = pw.FloatField()
    new_hours = pw.FloatField()
    reason = Text()
    if TYPE_CHECKING:  # the keys' accessors peewee adds (see Keyed)
        participation_id = pw.IntegerField()


class ActivityPhoto(Keyed):
    """Kept in the database (resized JPEG), so every backup holds the photos with their records."""

    activity = pw.ForeignKeyField(Activity, backref="photos", on_delete="CASCADE")
    caption = Text(default="")
    jpeg = pw.BlobField()
    width = pw.IntegerField()
    height = pw.IntegerField()
    added_at = pw.DateTimeField()
    if TYPE_CHECKING:  # the keys' accessors peewee adds (see Keyed)
        activity_id = pw.IntegerField()


class Certificate(Keyed):
    """A serial is never reused; a voided certificate stays on record. `content` is the JSON of everything
    printed, so a reprint is the same document and `digest` shows if a row was altered since."""

    serial = pw.TextField(unique=True)
    kind = pw.TextField()  # service_record | honor
    volunteer = pw.ForeignKeyField(Volunteer, on_delete="RESTRICT")
    year = pw.IntegerField()
    sequence = pw.IntegerField()
    title = Text(default="")
    period_from = pw.DateField(null=True)
    period_to = pw.DateField(null=True)
    hours = pw.FloatField(default=0)
    content = pw.TextField()
    digest = pw.TextField()
    check_code = pw.TextField()
    issued_on = pw.DateField()
    voided_at = pw.DateTimeField(null=True)
    void_reason = Text(default="")
    created_at = pw.DateTimeField()
    if TYPE_CHECKING:  # the keys' accessors peewee adds (see Keyed)
        volunteer_id = pw.IntegerField()


class Recognition(Keyed):
    volunteer = pw.ForeignKeyField(Volunteer, on_delete="RESTRICT")
    level = pw.IntegerField()
    recognised_on = pw.DateField()
    if TYPE_CHECKING:  # the keys' accessors peewee adds (see Keyed)
        volunteer_id = pw.IntegerField()


class MenuItem(Keyed):
    """A service on the station's 服务菜单."""

    name = Text(unique=True)
    category = Text(default="")
    description = Text(default="")
    team = pw.ForeignKeyField(Team, null=True, on_delete="SET NULL")
    archived = pw.BooleanField(default=False)
    created_at = pw.DateTimeField()
    if TYPE_CHECKING:  # the keys' accessors peewee adds (see Keyed)
        team_id = pw.IntegerField(null=True)


class ServiceRequest(Keyed):
    """A resident's 点单, moved through 派单 → 接单 → 完成 → 评单 by services.requests."""

    resident_name = Text()
    resident_phone = Text(default="")
    village_group = Text(default="")
    what = Text()
    menu_item = pw.ForeignKeyField(MenuItem, null=True, on_delete="SET NULL")
    wanted_on = pw.DateField(null=True)
    state = Text(default="requested")
    requested_at = pw.DateTimeField()
    team = pw.ForeignKeyField(Team, null=True, on_delete="RESTRICT")
    due_on = pw.DateField(null=True)
    dispatched_at = pw.DateTimeField(null=True)
    accepted_at = pw.DateTimeField(null=True)
    done_at = pw.DateTimeField(null=True)
    outcome = Text(default="")
    activity = pw.ForeignKeyField(Activity, null=True, on_delete="SET NULL")
    rating = pw.IntegerField(null=True)
    review = Text(default="")
    reviewed_at = pw.DateTimeField(null=True)
    if TYPE_CHECKING:  # the keys' accessors peewee adds (see Keyed)
        menu_item_id = pw.IntegerField(null=True)
        team_id = pw.IntegerField(null=True)
        activity_id = pw.IntegerField(null=True)


class RequestVolunteer(BaseModel):
    request = pw.ForeignKeyField(ServiceRequest, on_delete="CASCADE")
    volunteer = pw.ForeignKeyField(Volunteer, on_delete="RESTRICT")
    if TYPE_CHECKING:  # the keys' accessors peewee adds (see Keyed)
        request_id = pw.IntegerField()
        volunteer_id = pw.IntegerField()

    class Meta:
        primary_key = pw.CompositeKey("request", "volunteer")
        without_rowid = True


class ShopItem(Keyed):
    """Goods in the 爱心超市; `price` in whole points."""

    name = Text(unique=True)
    price = pw.IntegerField()
    stock = pw.IntegerField(default=0)
    unit = Text(default="件")
    archived = pw.BooleanField(default=False)
    created_at = pw.DateTimeField()


class Redemption(Keyed):
    volunteer = pw.ForeignKeyField(Volunteer, on_delete="RESTRICT")
    shop_item = pw.ForeignKeyField(ShopItem, on_delete="RESTRICT")
    quantity = pw.IntegerField()
    price = pw.IntegerField()
    redeemed_on = pw.DateField()
    created_at = pw.DateTimeField()
    if TYPE_CHECKING:  # the keys' accessors peewee adds (see Keyed)
        volunteer_id = pw.IntegerField()
        shop_item_id = pw.IntegerField()


class PointsEntry(Keyed):
    """One line of a volunteer's points ledger, in hundredths of a point; never edited, corrected by new
    lines. `hours_basis` is the service hours a line credited, so a later hours correction adds the difference."""

    volunteer = pw.ForeignKeyField(Volunteer, on_delete="RESTRICT")
    hundredths = pw.IntegerField()
    source = pw.TextField()  # hours | activity | request | manual | redemption
    reason = Text(default="")
    participation = pw.ForeignKeyField(Participation, null=True, on_delete="SET NULL")  # a withdrawn sign-up
    hours_basis = pw.FloatField(default=0)
    request = pw.ForeignKeyField(ServiceRequest, null=True, on_delete="RESTRICT")
    redemption = pw.ForeignKeyField(Redemption, null=True, on_delete="RESTRICT")
    entered_on = pw.DateField()
    actor = Text(default="")
    created_at = pw.DateTimeField()
    if TYPE_CHECKING:  # the keys' accessors peewee adds (see Keyed)
        volunteer_id = pw.IntegerField()
        participation_id = pw.IntegerField(null=True)
        request_id = pw.IntegerField(null=True)
        redemption_id = pw.IntegerField(null=True)


class Honor(Keyed):
    """A title given to a person (a volunteer, or a resident named in `person_name`)."""

    title = Text()
    level = Text()
    year = pw.IntegerField()
    volunteer = pw.ForeignKeyField(Volunteer, null=True, on_delete="RESTRICT")
    person_name = Text()
    conferred_by = Text(default="")
    deeds = Text(default="")
    created_at = pw.DateTimeField()
    if TYPE_CHECKING:  # the keys' accessors peewee adds (see Keyed)
        volunteer_id = pw.IntegerField(null=True)


class Courtesy(Keyed):
    """A 礼遇 given to an honoured person."""

    honor = pw.ForeignKeyField(Honor, backref="courtesies", on_delete="CASCADE")
    what = Text()
    given_on = pw.DateField()
    note = Text(default="")
    created_at = pw.DateTimeField()
    if TYPE_CHECKING:  # the keys' accessors peewee adds (see Keyed)
        honor_id = pw.IntegerField()


class FundEntry(Keyed):
    """Money in or out, in fen."""

    entered_on = pw.DateField()
    direction = Text()  # in | out
    source = pw.TextField()
    fen = pw.IntegerField()
    purpose = Text()
    activity = pw.ForeignKeyField(Activity, null=True, on_delete="SET NULL")
    project = Text(default="")
    voucher = Text(default="")
    reverses = pw.ForeignKeyField("self", null=True, unique=True, on_delete="RESTRICT")  # 冲销: at most once
    actor = Text(default="")
    created_at = pw.DateTimeField()
    if TYPE_CHECKING:  # the keys' accessors peewee adds (see Keyed)
        activity_id = pw.IntegerField(null=True)
        reverses_id = pw.IntegerField(null=True)


class ActivityTally(BaseModel):
    """Kept by triggers (migration 6): attended people and hours per activity. Read, never written."""

    activity = pw.ForeignKeyField(Activity, primary_key=True, on_delete="CASCADE")
    people = pw.IntegerField()
    hours = pw.FloatField()
    if TYPE_CHECKING:  # the keys' accessors peewee adds (see Keyed)
        activity_id = pw.IntegerField()


class VolunteerTally(BaseModel):
    """Kept by triggers (migration 6): per volunteer and 'YYYY' / 'YYYY-MM', attended held activities."""

    period = Text()
    volunteer = pw.ForeignKeyField(Volunteer, on_delete="CASCADE")
    activities = pw.IntegerField()
    hours = pw.FloatField()
    if TYPE_CHECKING:  # the keys' accessors peewee adds (see Keyed)
        volunteer_id = pw.IntegerField()

    class Meta:
        primary_key = pw.CompositeKey("period", "volunteer")
        without_rowid = True


MODELS = (Station, Setting, Volunteer, Team, TeamMember, AuditEntry, Activity, Participation, HoursCorrection,
          ActivityPhoto, CivilizedUnit, Pairing, Commitment, CommitmentEntry, Certificate, Recognition,
          MenuItem, ServiceRequest, RequestVolunteer, ShopItem, Redemption, PointsEntry, Honor, Courtesy, FundEntry,
          ActivityTally, VolunteerTally)
