"""CLI fuzzing (#29): every subcommand's every argument, in turn, given hostile values — an input method's
full-width digits, zero-width spaces, numbers past any column, dates that are not dates, outputs that are
devices, folders or the database itself — while the rest of the command stays valid. Run in-process
through stationdesk.cli.main (a subprocess each would take minutes): no traceback ever, the exit code is
one the README names (0 done, 1 part, 2 bad usage or input, 3 database problem), and a refusal is said
in Chinese on stderr."""

import argparse
import re
import shutil

import pytest

from stationdesk import cli
from stationdesk.services import documents
from stationdesk.store import open_database
from tests.exchange.messy import write_messy_xlsx

CHINESE = re.compile(r"[\u4e00-\u9fff]")
SKIPPED = {("gui",), ("rollup",)}  # windows, not commands: `gui` is checked by the no-display test

TEXT = ["", " ", "\u200b", "１２３", "٣", "-1", "--", "9" * 40, "nan", "inf", "1e308", "\u202eabc", "张" * 3000,
        "'; DROP TABLE volunteer;--", "%s%n{0}", "\udcff", "SDC:", "SDC::", "SD-2026-0001 \u200b１２３４", "a\tb\nc"]
INTEGERS = ["0", "-1", "2147483648", "9223372036854775808", "-9223372036854775809", "1" * 30, "１", "1.5", "",
            "٣", "0x10"]
FLOATS = ["nan", "inf", "-inf", "-0", "1e308", "24.1", "0.0000001", "１", ""]
DATES = ["2026-13-01", "2026-02-30", "0000-01-01", "9999-12-31", "2026/03/05", "２０２６-０３-０５", "", "yesterday",
         "2026-03-05T25:00"]


def _walk(parser, path=()):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _walk(sub, (*path, name))
    if path and not any(isinstance(a, argparse._SubParsersAction) and a.required for a in parser._actions):
        yield path, [a for a in parser._actions
                     if not isinstance(a, (argparse._HelpAction, argparse._SubParsersAction))]


class Station:
    def __init__(self, root):
        self.root = root
        self.db = root / "station.sqlite3"
        self.town = root / "town.sqlite3"
        self.sheet = write_messy_xlsx(root / "messy.xlsx")
        (root / "folder").mkdir()
        cli.main(["--db", str(self.db), "demo", "--volunteers", "25", "--activities", "3", "--seed", "5"])
        with open_database(self.db) as store:
            documents.service_record(store, 1, *_year(), root / "proof.pdf")
            self.serial = store.scalar("SELECT serial FROM certificate")
        cli.main(["--db", str(self.db), "export", "package", "-o", str(root / "up.sdpkg")])
        cli.main(["rollup", "--db", str(self.town), "import", str(root / "up.sdpkg")])
        cli.main(["--db", str(self.db), "backup"])

    def paths(self) -> list[str]:
        """Outputs and inputs that must be refused or handled: a device, a folder, the data itself."""
        r = self.root
        return ["/dev/null", str(r / "folder"), str(r / "missing" / "x.pdf"), str(self.db), f"{self.db}-wal",
                str(self.sheet), "", str(r / ("长" * 200 + ".pdf")), str(r / "\udcff.pdf"), str(r / "up.sdpkg")]

    def plain(self, path, action) -> str:
        """A valid value for `action` in the command `path`."""
        dest = action.dest
        if dest in ("out", "errors"):
            suffix = {"export": ".xlsx", "backup": ".copy.sqlite3"}.get(path[0], ".pdf")
            return str(self.root / f"out{'.sdpkg' if path == ('export', 'package') else suffix}")
        if dest == "file":
            return str(self.sheet)
        if dest == "packages":
            return str(self.root / "up.sdpkg")
        if dest in ("start", "end", "date"):
            return {"start": "2026-01-01", "end": "2026-12-31", "date": "2026-12-20"}[dest]
        if dest in ("serial", "text") and path[0] == "certificates":
            return self.serial
        if dest == "document":
            return action.choices[0]
        if dest in ("station", "old", "new"):
            return "1"
        if dest == "present":
            return "1 2"
        if action.choices:
            return next(iter(action.choices))
        if action.type is int:
            return "2026" if dest == "year" else "1"
        if action.type is float:
            return "2"
        return "原因" if dest == "reason" else "张"

    def hostile(self, action) -> list[str]:
        if action.type is int:
            return INTEGERS
        if action.type is float:
            return FLOATS
        if getattr(action.type, "__name__", "") == "_date":
            return DATES
        if action.dest in ("out", "errors", "file", "packages") or action.type is not None:
            return self.paths()
        return TEXT


def _year():
    from datetime import date

    return date(2026, 1, 1), date(2026, 12, 31)


def _argv(station, path, actions, replaced=None, value=None) -> list[str]:
    """The command with every required argument (and `replaced`) given: options first, then positionals
    (after `--` when one starts with a dash, as a user would have to write it)."""
    head = (["rollup", "--db", str(station.town), *path[1:]] if path[0] == "rollup"
            else ["--db", str(station.db), *path])
    options, positionals = [], []
    for action in actions:
        if action.dest == "rollup_db" or action.nargs == 0:
            continue
        if action.dest == "volunteers" and path == ("attendance", "record") and action is not replaced:
            continue  # one of --present / --volunteers
        if action.dest == "present" and replaced is not None and replaced.dest == "volunteers":
            continue
        if not (action.required or action is replaced or not action.option_strings
                or (action.dest == "present" and path == ("attendance", "record"))):
            continue
        given = value if action is replaced else station.plain(path, action)
        if action.option_strings:
            options.append(f"{action.option_strings[-1]}={given}")
        else:
            positionals.append(given)
    dash = ["--"] if any(p.startswith("-") for p in positionals) else []
    return head + options + dash + positionals


def _cases(station):
    for path, actions in _walk(cli._parser()):
        if path in SKIPPED:
            continue
        yield path, actions, None, None
        for action in actions:
            if action.nargs == 0 or action.dest == "rollup_db":
                continue
            for value in station.hostile(action):
                yield path, actions, action, value


def _run(argv, capsys) -> tuple[int, str]:
    try:
        code = cli.main(argv)
    except SystemExit as exit_:  # argparse: usage errors (2) and --help (0)
        code = exit_.code
    return code, capsys.readouterr().err


def test_every_argument_of_every_command_refuses_hostile_values_in_chinese(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("STATIONDESK_OPERATOR", "")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    station = Station(tmp_path)
    capsys.readouterr()
    failures, runs = [], 0
    for path, actions, replaced, value in _cases(station):
        argv = _argv(station, path, actions, replaced, value)
        runs += 1
        try:
            code, err = _run(argv, capsys)
        except BaseException as exc:  # a traceback: what this test exists to find
            failures.append(f"{argv!r}: {type(exc).__name__}: {exc}"[:400])
            continue
        if code not in (0, 1, 2, 3):
            failures.append(f"{argv!r}: exit {code}")
        elif "Traceback" in err:
            failures.append(f"{argv!r}: traceback on stderr")
        elif code and not CHINESE.search(err):
            failures.append(f"{argv!r}: exit {code} without a Chinese message: {err[:200]!r}")
        if not station.db.exists() or station.db.is_dir():  # a run must never take the database away
            failures.append(f"{argv!r}: the database is gone")
            break
    assert runs > 1000
    assert not failures, f"{len(failures)} of {runs} runs:\n" + "\n".join(failures[:40])


@pytest.mark.parametrize("db", ["folder", "text.sqlite3", "missing.sqlite3"])
def test_a_hostile_database_path_is_refused_in_chinese(tmp_path, capsys, db):
    (tmp_path / "folder").mkdir()
    (tmp_path / "text.sqlite3").write_text("不是数据库")
    target = str(tmp_path / db)
    for argv in (["stats"], ["backup"], ["restore"], ["volunteers", "add", "--name", "张三"], ["check"]):
        code, err = _run(["--db", target, *argv], capsys)
        assert code in (2, 3) and CHINESE.search(err) and "Traceback" not in err, (argv, code, err)
        assert "Is a directory" not in err and "请腾出磁盘空间" not in err, err
    assert (tmp_path / "folder").is_dir() and not (tmp_path / "missing.sqlite3").exists()
    shutil.rmtree(tmp_path / "folder")
