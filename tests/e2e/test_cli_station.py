"""`station …` in a subprocess on a real file: each record added and listed (JSON and text), nonsense
refused in Chinese with exit 2 and nothing written, the 注册率, and the 总结 drafted, saved from a GBK text
file and printed in the 台账."""

import json
import subprocess

from tests.e2e.test_cli import run


def test_the_station_records_from_the_command_line(tmp_path):
    db = tmp_path / "s.sqlite3"
    run("--db", db, "demo", "--volunteers", "30", "--seed", "2", check_code=0)
    added = run("--db", db, "station", "add-venue", "--name", "文化活动室", "--kind", "活动室", "--area", "120",
                "--hours", "周一至周五 8:30-17:30", "--json", check_code=0)
    venue = json.loads(added.stdout)["id"]
    listed = json.loads(run("--db", db, "station", "venues", "--json", check_code=0).stdout)["results"]
    assert {"id": venue, "name": "文化活动室", "area": 120.0}.items() <= next(v for v in listed if v["id"] == venue).items()
    refused = run("--db", db, "station", "add-venue", "--name", "临时议事点", "--area", "-3", check_code=2)
    assert "面积应大于 0" in refused.stderr and "Traceback" not in refused.stderr
    assert "临时议事点" not in run("--db", db, "station", "venues", check_code=0).stdout

    rule_file = tmp_path / "制度.txt"
    rule_file.write_bytes("第一条　志愿者守则。\n第二条　按时签到。".encode("gbk"))
    run("--db", db, "station", "add-rule", "--title", "志愿者管理制度", "--adopted", "2026-02-01", "--file", rule_file,
        check_code=0)
    rules = json.loads(run("--db", db, "station", "rules", "--json", check_code=0).stdout)["results"]
    assert any(r["title"] == "志愿者管理制度" and "按时签到" in r["text"] for r in rules)
    bad_date = run("--db", db, "station", "add-rule", "--title", "x", "--adopted", "2026-02-30", "--text", "y")
    assert bad_date.returncode == 2 and "日期" in bad_date.stderr

    run("--db", db, "station", "add-meeting", "--date", "2026-06-01", "--attendees", "站长、委员", "--topics", "部署端午活动",
        "--decisions", "6月19日包粽子", check_code=0)
    meetings = json.loads(run("--db", db, "station", "meetings", "--year", "2026", "--json", check_code=0).stdout)
    mine = next(m for m in meetings["results"] if m["topics"] == "部署端午活动")
    run("--db", db, "station", "remove", "meeting", mine["id"], check_code=0)
    assert run("--db", db, "station", "remove", "meeting", mine["id"], check_code=2).stderr.strip()

    for nonsense, says in (("0", "大于 0"), ("-1", "大于 0"), ("两千", "不是整数"), ("12.5", "不是整数")):
        proc = run("--db", db, "station", "population", "--", nonsense, check_code=2)
        assert says in proc.stderr
    shown = json.loads(run("--db", db, "station", "population", "3000", "--json", check_code=0).stdout)
    assert shown["population"] == 3000 and shown["rate"] == round(100 * shown["volunteers"] / 3000, 2)

    draft = json.loads(run("--db", db, "station", "summary", "--year", "2026", "--json", check_code=0).stdout)
    figures = json.loads(run("--db", db, "stats", "--year", "2026", "--json", check_code=0).stdout)
    assert not draft["saved"] and f"全年开展文明实践活动{figures['activities']}次" in draft["text"]
    mine = tmp_path / "总结.txt"
    mine.write_bytes("我站2026年工作总结：\n一、阵地建设稳步推进。".encode("gbk"))
    run("--db", db, "station", "save-summary", "--year", "2026", "--file", mine, check_code=0)
    saved = json.loads(run("--db", db, "station", "summary", "--year", "2026", "--json", check_code=0).stdout)
    assert saved == {"year": 2026, "saved": True, "text": "我站2026年工作总结：\n一、阵地建设稳步推进。"}
    assert "请填写工作总结" in run("--db", db, "station", "save-summary", "--year", "2026", check_code=2).stderr

    out = tmp_path / "ledger.pdf"
    run("--db", db, "print", "ledger", "--year", "2026", "--sections", "profile,records,summary", "-o", out, check_code=0)
    text = "".join(subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout.split())
    assert "志愿者注册率" in text and "文化活动室" in text and "《志愿者管理制度》" in text
    assert "一、阵地建设稳步推进。" in text
