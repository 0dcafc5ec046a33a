"""The 条例's records of a volunteer (training, qualifications, insurance, a guardian's consent, evaluations)
and an activity's safety requirements: small forms, each checked by the services while it is open, and
the lines the 志愿者 detail shows."""

from datetime import date
from html import escape

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QLineEdit,
    QMenu,
    QMessageBox,
    QSpinBox,
    QWidget,
)

from stationdesk.domain.amounts import figure
from stationdesk.domain.dates import age_on
from stationdesk.services import people
from stationdesk.ui import style
from stationdesk.ui.widgets import date_edit, form_dialog, year_combo


def _day(edit) -> date:
    return edit.date().toPython()


def _choices(items, *, editable: bool = True) -> QComboBox:
    combo = QComboBox()
    combo.setEditable(editable)
    combo.addItems(list(items))
    combo.setCurrentIndex(-1 if editable else 0)
    return combo


def ask_training(parent: QWidget, store, volunteer_id: int) -> bool:
    held, subject, hours, trainer = date_edit(), QLineEdit(), QDoubleSpinBox(), QLineEdit()
    hours.setRange(0, 200)
    hours.setDecimals(1)
    hours.setSingleStep(0.5)
    subject.setPlaceholderText("如：应急救护培训、垃圾分类宣讲培训")
    return form_dialog(parent, "登记培训", [("培训日期*：", held), ("培训内容*：", subject), ("学时：", hours),
                                           ("授课人：", trainer)], "登记",
                       submit=lambda: people.add_training(store, volunteer_id, held_on=_day(held),
                                                          subject=subject.text(), hours=hours.value(),
                                                          trainer=trainer.text()))


def ask_qualification(parent: QWidget, store, volunteer_id: int) -> bool:
    kind, number, issued_by, until = _choices(people.QUALIFICATION_KINDS), QLineEdit(), QLineEdit(), date_edit()
    forever = QCheckBox("证书没有有效期")
    forever.toggled.connect(lambda on: until.setEnabled(not on))
    return form_dialog(parent, "登记资质", [("资质*：", kind), ("证书编号：", number), ("发证机构：", issued_by),
                                           ("有效期至：", until), ("长期有效：", forever)], "登记",
                       submit=lambda: people.add_qualification(
                           store, volunteer_id, kind=kind.currentText(), number=number.text(),
                           issued_by=issued_by.text(), valid_until=None if forever.isChecked() else _day(until)))


def ask_insurance(parent: QWidget, store, *, volunteer_id: int | None = None, activity_id: int | None = None) -> bool:
    insurer, policy, starts = QLineEdit(), QLineEdit(), date_edit()
    ends = date_edit(date(date.today().year, 12, 31))
    insurer.setPlaceholderText("如：中国人寿")
    title = "登记意外保险" if activity_id is None else "登记本次活动的团体意外保险"
    return form_dialog(parent, title, [("保险公司*：", insurer), ("保单号：", policy), ("起期*：", starts),
                                       ("止期*：", ends)], "登记",
                       submit=lambda: people.add_insurance(store, insurer=insurer.text(), policy=policy.text(),
                                                           starts_on=_day(starts), ends_on=_day(ends),
                                                           volunteer_id=volunteer_id, activity_id=activity_id))


def ask_consent(parent: QWidget, store, volunteer_id: int) -> bool:
    guardian, relation, given = QLineEdit(), _choices(people.RELATIONS), date_edit()
    return form_dialog(parent, "登记监护人同意", [("监护人姓名*：", guardian), ("与志愿者关系*：", relation),
                                                 ("同意日期*：", given)], "登记",
                       submit=lambda: people.record_consent(store, volunteer_id, guardian=guardian.text(),
                                                            relation=relation.currentText(), given_on=_day(given)))


def ask_evaluation(parent: QWidget, store, volunteer_id: int) -> bool:
    year, rating, comment = year_combo(), QSpinBox(), QLineEdit()
    rating.setRange(1, 5)
    rating.setValue(5)
    rating.setSuffix(" 星")
    return form_dialog(parent, "年度评价", [("年度*：", year), ("评价*：", rating), ("评语：", comment)], "登记",
                       submit=lambda: people.add_evaluation(store, volunteer_id, rating=rating.value(),
                                                            comment=comment.text(), year=year.currentData()))


def ask_safety(parent: QWidget, store, activity_id: int) -> bool:
    now = people.safety(store, activity_id)
    risky = QCheckBox("参加的志愿者须有当天有效的意外保险")
    risky.setChecked(now.risky)
    needs = _choices(people.QUALIFICATION_KINDS)
    needs.setCurrentText(now.needs_qualification)
    needs.lineEdit().setPlaceholderText("不需要资质就留空")
    return form_dialog(parent, "活动安全要求", [("有风险：", risky), ("需要的资质：", needs)], "保存",
                       submit=lambda: people.set_safety(store, activity_id, risky=risky.isChecked(),
                                                        needs_qualification=needs.currentText()))


def records_menu(parent: QWidget, store, volunteer_id, written) -> QMenu:
    """登记… for the selected volunteer (`volunteer_id()`); `written()` after each record."""
    menu = QMenu(parent)
    for text, ask in (("培训…", ask_training), ("资质（如急救证）…", ask_qualification),
                      ("意外保险…", lambda p, s, v: ask_insurance(p, s, volunteer_id=v)),
                      ("监护人同意（未成年人）…", ask_consent), ("年度评价…", ask_evaluation),
                      (None, None), ("删除误录的一条…", remove_mistake)):
        if text is None:
            menu.addSeparator()
            continue

        def chosen(_=False, ask=ask):
            vid = volunteer_id()
            if vid is not None and ask(parent, store, vid):
                written()
        menu.addAction(text, chosen)
    return menu


def _lines(r: people.Records) -> list[tuple[str, int, str]]:
    """(kind, id, what a person reads) of every record of one volunteer."""
    return ([("training", t.id, f"培训　{t.held_on}　{t.subject}") for t in r.trainings]
            + [("qualification", q.id, f"资质　{q.kind}　{q.number}") for q in r.qualifications]
            + [("insurance", i.id, f"保险　{i.insurer}　{i.starts_on}至{i.ends_on}") for i in r.insurances if not i.activity]
            + ([("guardian_consent", r.consent.id, f"监护人同意　{r.consent.relation} {r.consent.guardian}")]
               if r.consent else [])
            + [("evaluation", e.id, f"评价　{e.year}　{'★' * e.rating}") for e in r.evaluations])


def remove_mistake(parent: QWidget, store, volunteer_id: int) -> bool:
    """Choose one of a volunteer's records entered by mistake and say why."""
    return _remove_one(parent, store, _lines(people.records(store, volunteer_id)),
                       "这名志愿者还没有培训、资质、保险、监护人同意或评价记录。")


def remove_group_policy(parent: QWidget, store, activity_id: int) -> bool:
    """Choose one of an activity's group policies entered by mistake and say why."""
    lines = [("insurance", i.id, f"团体保险　{i.insurer}　{i.policy}　{i.starts_on}至{i.ends_on}".replace("　　", "　"))
             for i in people.group_policies(store, activity_id)]
    return _remove_one(parent, store, lines, "这次活动还没有登记团体意外保险。")


def _remove_one(parent: QWidget, store, lines: list[tuple[str, int, str]], none_yet: str) -> bool:
    """The reason and what was removed are kept in the audit log."""
    if not lines:
        QMessageBox.information(parent, "删除误录的记录", none_yet)
        return False
    which, reason = QComboBox(), QLineEdit()
    for kind, row_id, text in lines:
        which.addItem(text, (kind, row_id))
    return form_dialog(parent, "删除误录的记录", [("要删除的一条：", which), ("删除原因*：", reason)], "删除",
                       submit=lambda: people.remove(store, *which.currentData(), reason.text()))


RED = f"color:{style.BEHIND}"
SUBJECT_SHOWN = 24  # characters of a training's subject in the detail; the 档案 prints it whole


def _cut(text: str) -> str:
    return text if len(text) <= SUBJECT_SHOWN else text[:SUBJECT_SHOWN] + "…"


def detail_rows(store, volunteer_id: int, birth_date, today: date | None = None) -> list[tuple[str, str]]:
    """(label, HTML) lines for the 志愿者 detail: training, qualifications, insurance, consent, evaluations."""
    today = today or date.today()
    r = people.records(store, volunteer_id)
    lines = []
    if r.trainings:
        latest = r.trainings[0]
        lines.append(("培训", f"{len(r.trainings)} 次，共 {figure(sum(t.hours for t in r.trainings))} 学时"
                              f"（最近：{latest.held_on} {escape(_cut(latest.subject))}）"))
    else:
        lines.append(("培训", "未登记"))
    held = [f"{escape(q.kind)}（{'长期' if q.valid_until is None else f'至 {q.valid_until}'}）" if q.valid_on(today)
            else f"<span style='{RED}'>{escape(q.kind)}（{q.valid_until} 已过期）</span>" for q in r.qualifications]
    lines.append(("资质", "、".join(held) or "未登记"))
    current = [i for i in r.insurances if i.starts_on <= today <= i.ends_on]
    lines.append(("意外保险", "；".join(f"{escape(i.insurer)} 至 {i.ends_on}" + (f"（活动：{escape(i.activity)}）" if i.activity else "")
                                     for i in current) or "今天没有有效的保险"))
    age = age_on(birth_date, today)
    if r.consent is not None:
        lines.append(("监护人同意", f"{escape(r.consent.relation)} {escape(r.consent.guardian)}，{r.consent.given_on}"))
    elif age is not None and age < people.ADULT_AGE:
        lines.append(("监护人同意", f"<span style='{RED}'>未满{people.ADULT_AGE}岁，尚未登记监护人同意</span>"))
    if r.evaluations:
        average = sum(e.rating for e in r.evaluations) / len(r.evaluations)
        lines.append(("评价", f"{len(r.evaluations)} 次，平均 {average:.1f} 星"))
    return lines
