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
    pinyin_initials = pw.TextField(default="")
    search_key = pw.TextField(default="")
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


MODELS = (Station, Setting, Volunteer, Team, TeamMember, AuditEntry)
