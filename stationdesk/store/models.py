"""peewee models of the live schema. The schema itself is made by migrations/; a test keeps them equal."""

import peewee as pw


class BaseModel(pw.Model):
    class Meta:
        legacy_table_names = False


class Station(BaseModel):
    name = pw.TextField()
    level = pw.TextField(default="station")
    parent_institute = pw.TextField(default="")
    address = pw.TextField(default="")
    manager = pw.TextField(default="")
    phone = pw.TextField(default="")


class Setting(BaseModel):
    key = pw.TextField(primary_key=True)
    value = pw.TextField()


class Volunteer(BaseModel):
    name = pw.TextField()
    gender = pw.TextField(default="")
    id_number = pw.TextField(null=True, unique=True)
    birth_date = pw.DateField(null=True)
    phone = pw.TextField(default="")
    village_group = pw.TextField(default="")
    political_status = pw.TextField(default="")
    education = pw.TextField(default="")
    skills = pw.TextField(default="")
    national_code = pw.TextField(default="")
    joined_on = pw.DateField(null=True)
    note = pw.TextField(default="")
    status = pw.TextField(default="active")
    archive_reason = pw.TextField(default="")
    pinyin_full = pw.TextField(default="")
    teams_text = pw.TextField(null=True)  # kept by triggers (migration 6): the team names, for show and sort
    pinyin_initials = pw.TextField(default="")
    sort_name = pw.TextField(default="")  # "chen guo qing": syllable by syllable, so 陈 sorts before 程
    search_key = pw.TextField(default="")
    card_code = pw.TextField(null=True, unique=True)  # opaque code in the 志愿者证's QR (never the ID number)
    created_at = pw.DateTimeField()
    updated_at = pw.DateTimeField()


class Team(BaseModel):
    name = pw.TextField(unique=True)
    category = pw.TextField(default="")
    parent = pw.ForeignKeyField("self", null=True, backref="children", on_delete="RESTRICT")
    note = pw.TextField(default="")
    archived = pw.BooleanField(default=False)
    created_at = pw.DateTimeField()


class TeamMember(BaseModel):
    team = pw.ForeignKeyField(Team, backref="members", on_delete="CASCADE")
    volunteer = pw.ForeignKeyField(Volunteer, backref="memberships", on_delete="CASCADE")
    role = pw.TextField(default="member")  # member | leader (队长)
    joined_on = pw.DateField(null=True)


class AuditEntry(BaseModel):
    at = pw.DateTimeField()
    actor = pw.TextField()
    action = pw.TextField()
    entity = pw.TextField()
    entity_id = pw.IntegerField(null=True)
    detail = pw.TextField(default="")


class CivilizedUnit(BaseModel):
    name = pw.TextField(unique=True)
    title_level = pw.TextField(default="")  # 全国/省级/市级/县级文明单位
    title_year = pw.IntegerField(null=True)
    kind = pw.TextField(default="")  # 机关/事业单位/企业/学校/其他
    address = pw.TextField(default="")
    contact_person = pw.TextField(default="")
    contact_phone = pw.TextField(default="")
    liaison_volunteer = pw.ForeignKeyField(Volunteer, null=True, on_delete="SET NULL")  # the station's 联络员
    note = pw.TextField(default="")
    archived = pw.BooleanField(default=False)
    created_at = pw.DateTimeField()


class Pairing(BaseModel):
    unit = pw.ForeignKeyField(CivilizedUnit, backref="pairings", on_delete="RESTRICT")
    signed_on = pw.DateField()
    starts_on = pw.DateField()
    ends_on = pw.DateField()
    unit_signatory = pw.TextField(default="")
    station_signatory = pw.TextField(default="")
    ended_early_on = pw.DateField(null=True)
    end_reason = pw.TextField(default="")
    attachment_name = pw.TextField(default="")  # the signed agreement, scanned
    attachment = pw.BlobField(null=True)
    created_at = pw.DateTimeField()


class Commitment(BaseModel):
    pairing = pw.ForeignKeyField(Pairing, backref="commitments", on_delete="CASCADE")
    aspect = pw.TextField()  # 阵地共享, 活动共办, 队伍共育, 项目共推, or the station's own
    text = pw.TextField()
    yearly_target = pw.IntegerField()


class CommitmentEntry(BaseModel):
    commitment = pw.ForeignKeyField(Commitment, backref="entries", on_delete="CASCADE")
    happened_on = pw.DateField()
    what = pw.TextField()
    people = pw.IntegerField(default=0)
    created_at = pw.DateTimeField()


class Activity(BaseModel):
    title = pw.TextField()
    category = pw.TextField(default="")
    brand = pw.TextField(default="")
    starts_at = pw.DateTimeField()
    ends_at = pw.DateTimeField()
    place = pw.TextField(default="")
    organiser_team = pw.ForeignKeyField(Team, null=True, on_delete="SET NULL")
    partner = pw.TextField(default="")
    content = pw.TextField(default="")
    summary = pw.TextField(default="")
    beneficiaries = pw.IntegerField(default=0)
    status = pw.TextField(default="planned")  # planned | done | cancelled
    created_at = pw.DateTimeField()
    updated_at = pw.DateTimeField()
    pairing = pw.ForeignKeyField(Pairing, null=True, on_delete="SET NULL")  # counts for 活动共办


class Participation(BaseModel):
    """A volunteer signed up for an activity and, once recorded, whether and how long they served."""

    activity = pw.ForeignKeyField(Activity, backref="participations", on_delete="RESTRICT")
    volunteer = pw.ForeignKeyField(Volunteer, backref="participations", on_delete="RESTRICT")
    attended = pw.BooleanField(default=False)
    check_in = pw.DateTimeField(null=True)
    check_out = pw.DateTimeField(null=True)
    hours = pw.FloatField(default=0)  # credited hours, after the rounding rule and the daily cap
    needs_review = pw.BooleanField(default=False)  # e.g. a forgotten check-out closed at the end time
    source = pw.TextField(default="signup")  # signup | walk_in | sheet | scan


class HoursCorrection(BaseModel):
    """Corrections append; the old value is never lost (DESIGN §3)."""

    participation = pw.ForeignKeyField(Participation, backref="corrections", on_delete="RESTRICT")
    at = pw.DateTimeField()
    actor = pw.TextField()
    old_hours = pw.FloatField()
    new_hours = pw.FloatField()
    reason = pw.TextField()


class ActivityPhoto(BaseModel):
    """Kept in the database (resized JPEG), so every backup holds the photos with their records."""

    activity = pw.ForeignKeyField(Activity, backref="photos", on_delete="CASCADE")
    caption = pw.TextField(default="")
    jpeg = pw.BlobField()
    width = pw.IntegerField()
    height = pw.IntegerField()
    added_at = pw.DateTimeField()


class Certificate(BaseModel):
    """A serial is never reused; a voided certificate stays on record. `content` is the JSON of everything
    printed, so a reprint is the same document and `digest` shows if a row was altered since."""

    serial = pw.TextField(unique=True)
    kind = pw.TextField()  # service_record | honor
    volunteer = pw.ForeignKeyField(Volunteer, on_delete="RESTRICT")
    year = pw.IntegerField()
    sequence = pw.IntegerField()
    title = pw.TextField(default="")
    period_from = pw.DateField(null=True)
    period_to = pw.DateField(null=True)
    hours = pw.FloatField(default=0)
    content = pw.TextField()
    digest = pw.TextField()
    check_code = pw.TextField()
    issued_on = pw.DateField()
    voided_at = pw.DateTimeField(null=True)
    void_reason = pw.TextField(default="")
    created_at = pw.DateTimeField()


class Recognition(BaseModel):
    volunteer = pw.ForeignKeyField(Volunteer, on_delete="RESTRICT")
    level = pw.IntegerField()
    recognised_on = pw.DateField()


class MenuItem(BaseModel):
    """A service on the station's 服务菜单."""

    name = pw.TextField(unique=True)
    category = pw.TextField(default="")
    description = pw.TextField(default="")
    team = pw.ForeignKeyField(Team, null=True, on_delete="SET NULL")
    archived = pw.BooleanField(default=False)
    created_at = pw.DateTimeField()


class ServiceRequest(BaseModel):
    """A resident's 点单, moved through 派单 → 接单 → 完成 → 评单 by services.requests."""

    resident_name = pw.TextField()
    resident_phone = pw.TextField(default="")
    village_group = pw.TextField(default="")
    what = pw.TextField()
    menu_item = pw.ForeignKeyField(MenuItem, null=True, on_delete="SET NULL")
    wanted_on = pw.DateField(null=True)
    state = pw.TextField(default="requested")
    requested_at = pw.DateTimeField()
    team = pw.ForeignKeyField(Team, null=True, on_delete="RESTRICT")
    due_on = pw.DateField(null=True)
    dispatched_at = pw.DateTimeField(null=True)
    accepted_at = pw.DateTimeField(null=True)
    done_at = pw.DateTimeField(null=True)
    outcome = pw.TextField(default="")
    activity = pw.ForeignKeyField(Activity, null=True, on_delete="SET NULL")
    rating = pw.IntegerField(null=True)
    review = pw.TextField(default="")
    reviewed_at = pw.DateTimeField(null=True)


class RequestVolunteer(BaseModel):
    request = pw.ForeignKeyField(ServiceRequest, on_delete="CASCADE")
    volunteer = pw.ForeignKeyField(Volunteer, on_delete="RESTRICT")

    class Meta:
        primary_key = pw.CompositeKey("request", "volunteer")
        without_rowid = True


class ShopItem(BaseModel):
    """Goods in the 爱心超市; `price` in whole points."""

    name = pw.TextField(unique=True)
    price = pw.IntegerField()
    stock = pw.IntegerField(default=0)
    unit = pw.TextField(default="件")
    archived = pw.BooleanField(default=False)
    created_at = pw.DateTimeField()


class Redemption(BaseModel):
    volunteer = pw.ForeignKeyField(Volunteer, on_delete="RESTRICT")
    shop_item = pw.ForeignKeyField(ShopItem, on_delete="RESTRICT")
    quantity = pw.IntegerField()
    price = pw.IntegerField()
    redeemed_on = pw.DateField()
    created_at = pw.DateTimeField()


class PointsEntry(BaseModel):
    """One line of a volunteer's points ledger, in hundredths of a point; never edited, corrected by new
    lines. `hours_basis` is the service hours a line credited, so a later hours correction adds the difference."""

    volunteer = pw.ForeignKeyField(Volunteer, on_delete="RESTRICT")
    hundredths = pw.IntegerField()
    source = pw.TextField()  # hours | activity | request | manual | redemption
    reason = pw.TextField(default="")
    participation = pw.ForeignKeyField(Participation, null=True, on_delete="SET NULL")  # a withdrawn sign-up
    hours_basis = pw.FloatField(default=0)
    request = pw.ForeignKeyField(ServiceRequest, null=True, on_delete="RESTRICT")
    redemption = pw.ForeignKeyField(Redemption, null=True, on_delete="RESTRICT")
    entered_on = pw.DateField()
    actor = pw.TextField(default="")
    created_at = pw.DateTimeField()


class Honor(BaseModel):
    """A title given to a person (a volunteer, or a resident named in `person_name`)."""

    title = pw.TextField()
    level = pw.TextField()
    year = pw.IntegerField()
    volunteer = pw.ForeignKeyField(Volunteer, null=True, on_delete="RESTRICT")
    person_name = pw.TextField()
    conferred_by = pw.TextField(default="")
    deeds = pw.TextField(default="")
    created_at = pw.DateTimeField()


class Courtesy(BaseModel):
    """A 礼遇 given to an honoured person."""

    honor = pw.ForeignKeyField(Honor, backref="courtesies", on_delete="CASCADE")
    what = pw.TextField()
    given_on = pw.DateField()
    note = pw.TextField(default="")
    created_at = pw.DateTimeField()


class FundEntry(BaseModel):
    """Money in or out, in fen."""

    entered_on = pw.DateField()
    direction = pw.TextField()  # in | out
    source = pw.TextField()
    fen = pw.IntegerField()
    purpose = pw.TextField()
    activity = pw.ForeignKeyField(Activity, null=True, on_delete="SET NULL")
    project = pw.TextField(default="")
    voucher = pw.TextField(default="")
    reverses = pw.ForeignKeyField("self", null=True, unique=True, on_delete="RESTRICT")  # 冲销: at most once
    actor = pw.TextField(default="")
    created_at = pw.DateTimeField()


class ActivityTally(BaseModel):
    """Kept by triggers (migration 6): attended people and hours per activity. Read, never written."""

    activity = pw.ForeignKeyField(Activity, primary_key=True, on_delete="CASCADE")
    people = pw.IntegerField()
    hours = pw.FloatField()


class VolunteerTally(BaseModel):
    """Kept by triggers (migration 6): per volunteer and 'YYYY' / 'YYYY-MM', attended held activities."""

    period = pw.TextField()
    volunteer = pw.ForeignKeyField(Volunteer, on_delete="CASCADE")
    activities = pw.IntegerField()
    hours = pw.FloatField()

    class Meta:
        primary_key = pw.CompositeKey("period", "volunteer")
        without_rowid = True


MODELS = (Station, Setting, Volunteer, Team, TeamMember, AuditEntry, Activity, Participation, HoursCorrection,
          ActivityPhoto, CivilizedUnit, Pairing, Commitment, CommitmentEntry, Certificate, Recognition,
          MenuItem, ServiceRequest, RequestVolunteer, ShopItem, Redemption, PointsEntry, Honor, Courtesy, FundEntry,
          ActivityTally, VolunteerTally)
