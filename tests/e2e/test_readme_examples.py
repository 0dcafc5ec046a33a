"""Every command the README shows runs on the demo station as written (placeholders filled in with the
demo's own things), exits 0 and never prints a traceback. A command added to the README without an
example here fails the test, so the README cannot drift from the program."""

import json
import re
import sqlite3
from pathlib import Path

from tests.e2e.test_cli import run
from tests.exchange.messy import write_messy_xlsx

README = Path(__file__).parents[2] / "README.md"


def readme_commands() -> set[str]:
    """"print honors", "attendance record" … from the README's command-line block."""
    block = README.read_text(encoding="utf-8").split("## Command line", 1)[1].split("\n## ", 1)[0]
    found = set()
    for line in block.splitlines():
        if not line.startswith("stationdesk --db S.sqlite3 "):
            continue
        command = line[len("stationdesk --db S.sqlite3 "):].split("  #")[0]
        head = ""
        for alternative in re.split(r"\s+\|\s+", command):
            words = [w for w in alternative.split() if not w.startswith(("-", "[", "'"))]
            words = [w for w in words if re.fullmatch(r"[a-z|-]+", w)][:2]
            if not words:  # "| --volunteers 12,15": another option of the same command
                continue
            if head and words and words[0] != head:
                words = [head, *words]  # "void SERIAL" continues "certificates …"
            head = words[0]
            second = words[1].split("|") if len(words) > 1 else [""]
            found |= {f"{head} {w}".strip() for w in second}
    return found


def test_every_readme_command_runs_on_the_demo(tmp_path):
    db = tmp_path / "demo.sqlite3"
    out = tmp_path / "out"
    out.mkdir()
    run("--db", db, "demo", check_code=0)
    done = [a for a in json.loads(run("--db", db, "activities", "list", "--json").stdout)["results"]
            if a["status"] == "done"]
    activity = done[0]["id"]
    sheet = json.loads(run("--db", db, "attendance", "list", activity, "--json").stdout)["results"]
    record = next(r for r in sheet if r["attended"])
    pairing = json.loads(run("--db", db, "pairings", "list", "--json").stdout)["results"][0]["id"]
    examples = {
        "demo": ["demo", "--volunteers", "20"],  # on its own new file: a demo goes into an empty database
        "import volunteers": ["import", "volunteers", write_messy_xlsx(tmp_path / "m.xlsx"), "--dry-run"],
        "export volunteers": ["export", "volunteers", out / "roster.xlsx"],
        "export hours": ["export", "hours", "--year", "2026", out / "hours.xlsx"],
        "export package": ["export", "package", "-o", out / "up.sdpkg", "--year", "2026"],
        "volunteers search": ["volunteers", "search", "", "--group", "三组", "--age", "60+", "--qualification", "急救证"],
        "volunteers add": ["volunteers", "add", "--name", "周建华", "--phone", "13900002222"],
        "volunteers duplicates": ["volunteers", "duplicates", "--json"],
        "volunteers merge": ["volunteers", "merge", "1", "2", "--prefer", "keep"],
        "volunteers unmerge": ["volunteers", "unmerge", "2"],  # 1 is the demo's own
        "print roster": ["print", "roster", "-o", out / "roster.pdf", "--skill", "医疗"],
        "activities list": ["activities", "list", "--year", "2026"],
        "activities add": ["activities", "add", "--title", "护河巡河", "--date", "2026-11-28"],
        "activities signup": ["activities", "signup", activity, record["volunteer_id"]],
        "attendance record": ["attendance", "record", activity, "--present", "1", "--reason", "核对签到表"],
        "attendance history": ["attendance", "history", activity],
        "attendance list": ["attendance", "list", activity],
        "attendance correct": ["attendance", "correct", record["record"], "--hours", "1.5", "--reason", "提前离开"],
        "attendance review": ["attendance", "review"],
        "attendance confirm": ["attendance", "confirm", record["record"]],
        "print signin": ["print", "signin", activity, "-o", out / "signin.pdf"],
        "print record": ["print", "record", activity, "-o", out / "record.pdf"],
        "print safety": ["print", "safety", activity, "-o", out / "safety.pdf"],
        "print profile": ["print", "profile", record["volunteer_id"], "-o", out / "profile.pdf"],
        "print cards": ["print", "cards", "-o", out / "cards.pdf"],
        "print certificate": ["print", "certificate", record["volunteer_id"], "-o", out / "proof.pdf"],
        "print honors": ["print", "honors", "--year", "2026", "-o", out / "honors.pdf"],  # the 20 h default
        "stats": ["stats", "--year", "2026"],
        "export stats": ["export", "stats", "--year", "2026", out / "stats.xlsx"],
        "export log": ["export", "log", out / "log.xlsx"],
        "print stats": ["print", "stats", "--year", "2026", "-o", out / "stats.pdf"],
        "print ledger": ["print", "ledger", "--year", "2026", "--sections", "profile,roster", "-o", out / "ledger.pdf"],
        "print requests": ["print", "requests", "--year", "2026", "-o", out / "requests.pdf"],
        "print funds": ["print", "funds", "--year", "2026", "-o", out / "funds.pdf"],
        "print brief": ["print", "brief", activity, "-o", out / "brief.docx", "--text"],
        "print monthly-brief": ["print", "monthly-brief", "--year", "2026", "--month", "5", "-o", out / "monthly.pdf"],
        "print notice": ["print", "notice", "--year", "2026", "--month", "5", "--landscape", "--phone", "0571-1234567",
                         "-o", out / "notice.pdf"],
        "pairings list": ["pairings", "list"],
        "print agreement": ["print", "agreement", pairing, "-o", out / "agreement.pdf"],
        "print pairing-report": ["print", "pairing-report", pairing, "-o", out / "report.pdf"],
        "print thanks": ["print", "thanks", pairing, "-o", out / "thanks.pdf"],
        "station venues": ["station", "venues", "--json"],
        "station add-venue": ["station", "add-venue", "--name", "文化活动室", "--area", "120"],
        "station rules": ["station", "rules"],
        "station add-rule": ["station", "add-rule", "--title", "值班制度", "--adopted", "2026-03-01", "--text", "每日值班"],
        "station meetings": ["station", "meetings", "--year", "2026"],
        "station add-meeting": ["station", "add-meeting", "--date", "2026-06-01", "--attendees", "站长", "--topics", "端午"],
        "station remove": ["station", "remove", "venue", "1"],
        "station population": ["station", "population", "2600"],
        "station summary": ["station", "summary", "--year", "2026"],
        "station save-summary": ["station", "save-summary", "--year", "2026", "--text", "总结"],
        "assessment show": ["assessment", "show", "--year", "2026", "--json"],
        "assessment export-sheet": ["assessment", "export-sheet", out / "sheet.xlsx"],
        "assessment import-sheet": ["assessment", "import-sheet", out / "sheet.xlsx"],
        "assessment reset-sheet": ["assessment", "reset-sheet"],
        "assessment judge": ["assessment", "judge", "1.2", "--score", "4", "--note", "标牌统一", "--page", "台账第3页",
                             "--year", "2026"],
        "print assessment": ["print", "assessment", "--year", "2026", "-o", out / "assessment.pdf"],
        "check": ["check"],
        "backup": ["backup"],
        "restore": ["restore"],
    }
    serial = None
    for command, args in examples.items():
        target = tmp_path / "new.sqlite3" if command == "demo" else db
        proc = run("--db", target, *args)
        expected = 1 if command == "import volunteers" else 0  # 1: done in part (the messy sheet's bad rows)
        assert proc.returncode == expected and "Traceback" not in proc.stderr, (command, proc.stderr)
        if command == "print certificate":
            serial = re.search(r"[A-Z0-9]+-\d{4}-[A-Z0-9]+", proc.stderr)[0]
    con = sqlite3.connect(db)
    code = con.execute("SELECT check_code FROM certificate WHERE serial = ?", (serial,)).fetchone()[0]
    con.close()
    for command, args in {"certificates verify": ["certificates", "verify", f"{serial} {code}"],
                          "certificates reprint": ["certificates", "reprint", serial, "-o", out / "again.pdf"],
                          "certificates void": ["certificates", "void", serial, "--reason", "信息有误"]}.items():
        proc = run("--db", db, *args)
        assert proc.returncode == 0 and "Traceback" not in proc.stderr, (command, proc.stderr)
        examples[command] = args
    assert readme_commands() == set(examples), "a README command without an example here, or one gone from it"
