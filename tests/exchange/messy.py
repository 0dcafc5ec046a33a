"""Real-world-looking roster spreadsheets, written to disk by the real libraries."""

from datetime import date

from stationdesk.domain.idnumber import make_id_number

ID_A = make_id_number("330182", date(1975, 4, 2), 31)   # 男
ID_B = make_id_number("330182", date(1988, 9, 30), 42)  # 女
ID_C = make_id_number("330183", date(2001, 1, 15), 57)  # 男
ID_D = make_id_number("330122", date(1969, 12, 1), 64)  # 女
FULLWIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")

HEADER = [" 序号", "姓 名", "性别", "身份证号码（必填）", "手机号码 ", "出生年月", "政治面貌", "所属队伍", "村民小组", "备注"]
ROWS = [
    # row 4: fine, trailing spaces
    [1, "张三 ", "男", ID_A + " ", "13812345678 ", "1975-04-02", "党员", "党员先锋队", "一组", ""],
    # row 5: full-width digits, numeric phone (11 digits survive), birth date disagrees → warning
    [2, "李秀英", "女", ID_B.translate(FULLWIDTH), 13912345678, "1988/10/01", "群众", "巾帼队", "二组", ""],
    # row 6: ID stored as a number → rejected with advice
    [3, "王五", "男", float(ID_C[:15] + "000"), "13700000001", "", "群众", "", "三组", ""],
    # row 7: bad check digit and bad phone
    [4, "赵六", "男", ID_C[:17] + ("0" if ID_C[17] != "0" else "1"), "1370000", "", "群众", "", "三组", ""],
    # row 8: duplicate of row 4 inside the file
    [5, "张三", "男", ID_A, "13812345678", "", "党员", "", "一组", ""],
    # row 9: empty name
    [6, "", "女", ID_D, "13600000000", "", "", "", "四组", ""],
    # row 10: no ID, valid
    [7, "钱七", "女", "", "0571-63001234", "1990年5月6日", "共青团员", "巾帼队", "四组", "会唱歌"],
]


def write_messy_xlsx(path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "花名册"
    ws["A1"] = "青山村新时代文明实践站志愿者花名册"
    ws.merge_cells("A1:J1")
    ws["A2"] = "填表日期：2026年11月"
    ws.append(HEADER)
    for row in ROWS:
        ws.append(row)
    # row 11: no team cell of its own — the team cell of row 10 is merged over it
    ws.append([8, "孙八", "男", "", "13500000008", "", "群众", None, "五组", ""])
    ws.merge_cells("H10:H11")
    ws.append([])
    ws.append(["制表人：陈建国"])  # row 13: a footer, rejected with a reason rather than imported
    wb.save(path)
    return path


def write_gbk_csv(path):
    lines = [",".join(["姓名", "性别", "证件号码", "联系电话", "村民小组"]),
             ",".join(["张三", "男", ID_A, "13812345678", "一组"]),
             ",".join(["单丽", "女", ID_B, "13912345678", "二组"])]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))
    return path


def write_xls(path):
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Sheet1")
    for col, title in enumerate(["姓名", "身份证号", "手机"]):
        sheet.write(0, col, title)
    sheet.write(1, 0, "曾伟")
    sheet.write(1, 1, ID_C)
    sheet.write(1, 2, "13700000003")
    book.save(str(path))
    return path
