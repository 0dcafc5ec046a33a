"""argparse in Chinese: usage lines, errors and the built-in help, for people who type commands at a
station or a town. argparse looks its words up through gettext; we give it ours."""

import argparse
import math

WORDS = {
    "usage: ": "用法：",
    "options": "选项",
    "positional arguments": "参数",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "the following arguments are required: %s": "缺少必填的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项 %(value)r（可选：%(choices)s）",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid %(type)s value: %(value)r": "%(value)r 不是有效的%(type)s",
    "expected one argument": "后面需要一个值",
    "expected at most one argument": "后面最多一个值",
    "expected at least one argument": "后面至少需要一个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 有歧义，可能是：%(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "参数 %s 至少要有一个",
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
    "ignored explicit argument %r": "多余的值 %r",
}
TYPES = {"int": "整数", "float": "数字", "Path": "路径", "iso_date": "日期（请写成 年-月-日，如 2026-03-01）"}

# Every argument says what it is: help where a command gave none, and Chinese names for positionals.
HELP = {
    "json": "以 JSON 输出（供脚本读取）", "out": "输出文件", "year": "年份，如 2026", "month": "月份 1–12",
    "activity_id": "活动编号（见 activities list）", "pairing_id": "结对协议编号（见 pairings list）",
    "volunteer_id": "志愿者编号（见 volunteers search）", "serial": "证书编号", "record": "出勤记录号（见 attendance list）",
    "text": "要找的姓名、拼音（如 zs）、电话或身份证尾号；'' 列出全部", "limit": "最多显示多少条",
    "file": "表格文件（.xlsx / .xls / .csv）", "volunteers": "志愿者人数", "seed": "随机种子（同样的种子生成同样的数据）",
    "years": "生成几年的活动", "format": "full：本站全部列；national：全国志愿服务信息系统的列",
    "title": "称号", "min_hours": "本年服务时长达到多少小时才列入", "blank_rows": "签到表末尾的空白行数",
    "reason": "原因（必填）", "hours": "更正后的服务时长（小时）",
}
METAVARS = {"activity_id": "活动编号", "pairing_id": "协议编号", "volunteer_id": "志愿者编号", "serial": "证书编号",
            "record": "记录号", "text": "查找内容", "file": "文件", "out": "输出文件"}


def _words(text: str) -> str:
    return WORDS.get(text, text)


def _counted(singular: str, plural: str, n: int) -> str:
    return f"后面需要 {n} 个值" if "expected" in singular else (singular if n == 1 else plural)


class ChineseParser(argparse.ArgumentParser):
    """An ArgumentParser whose messages are Chinese (type names too: “整数”, not “int”), where every
    argument has help and names its default."""

    def add_argument(self, *args, **kwargs):
        action = super().add_argument(*args, **kwargs)
        action.help = action.help or HELP.get(action.dest)
        if action.help and action.default not in (None, False, argparse.SUPPRESS) and "默认" not in action.help:
            default = f"{action.default:g}" if isinstance(action.default, float) else action.default
            action.help += f"（默认 {default}）"
        if not action.option_strings and action.metavar is None and action.dest in METAVARS:
            action.metavar = METAVARS[action.dest]
        return action

    def _get_values(self, action, arg_strings):
        if action.nargs is None and action.option_strings and arg_strings == ["--"]:  # `--phone=--`
            raise argparse.ArgumentError(action, "后面需要一个值（“--”不能作为值）")
        return super()._get_values(action, arg_strings)

    def _get_value(self, action, arg_string):
        if any("\ud800" <= ch <= "\udfff" for ch in arg_string):  # bytes that were not UTF-8 (a GBK console)
            raise argparse.ArgumentError(action, "含有无法识别的文字（不是 UTF-8 编码），请重新输入")
        try:
            value = super()._get_value(action, arg_string)
        except argparse.ArgumentError as exc:
            name = getattr(action.type, "__name__", "")
            if name in TYPES:
                raise argparse.ArgumentError(action, f"{arg_string!r} 不是有效的{TYPES[name]}") from None
            raise exc from None
        return _within_bounds(action, arg_string, value)


# Numbers a station can mean: a year of its records, a month, a count or id SQLite can hold.
YEARS = (1900, 2200)
LARGEST = 2**63 - 1


def _within_bounds(action, arg_string: str, value):
    if isinstance(value, float) and not math.isfinite(value):
        raise argparse.ArgumentError(action, f"{arg_string!r} 不是有效的数字")
    if isinstance(value, int) and not isinstance(value, bool):
        if action.dest == "year" and not YEARS[0] <= value <= YEARS[1]:
            raise argparse.ArgumentError(action, f"年份 {arg_string} 不对，请写四位数的年份，如 2026")
        if action.dest == "month" and not 1 <= value <= 12:
            raise argparse.ArgumentError(action, f"月份 {arg_string} 不对：月份应为 1 到 12")
        if not -LARGEST <= value <= LARGEST:
            raise argparse.ArgumentError(action, f"{arg_string} 太大了")
    return value


def speak_chinese() -> None:
    argparse._ = _words  # type: ignore[attr-defined]  # argparse's gettext imports, not in typeshed's stub
    argparse.ngettext = _counted  # type: ignore[attr-defined]
