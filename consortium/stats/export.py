"""Exports of the recommendation-book figures: JSON, CSV, XLSX laid out like the book (the report they share in
`report.py`). The book itself as the province receives it (DOCX on the form's grid, actual and committed years)
is built by `consortium.book`.

One year's JSON is `{"year", "consortium", "metrics", "narratives", "narratives_over_limit", "missing_inputs"}`;
several years give `{"consortium": name, "years": [<one such object per year>]}` (docs/stats.md). Both also carry
the book's years and the commitments: `"book_years": {"base_year", "committed_years"}` and
`"committed": {"<year>": {key: value}}`; the CSV adds one `committed_<year>` column per committed year and the
XLSX the first committed year's column, as table 2 of the book has it.
"""
from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from ..tables.export import neutralize_cell
from ..members.models import Consortium
from ..vocab import NARRATIVES
from ..figures import book
from .report import (Report, build_report, committed_columns, json_value, label_of, overview_groups,
                     section2_groups, text_value)

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = {"json": "application/json", "csv": "text/csv; charset=utf-8", "xlsx": XLSX_MIMETYPE}


def year_object(report: Report, year: int) -> dict:
    return {"year": year, "consortium": report.consortium.name,
            "metrics": {k: json_value(f.value) for k, f in report.figures[year].items()},
            "narratives": report.narratives[year],
            "narratives_over_limit": report.over_limit[year],
            "missing_inputs": report.missing[year]}


def book_fields(report: Report) -> dict:
    """The book's years and every commitment (null where none was entered), for the JSON export."""
    frame = report.frame
    return {"book_years": {"base_year": frame.base_year, "committed_years": list(frame.committed_years)},
            "committed": {str(y): {k: json_value(frame.committed_value(y, k)) for k in frame.keys}
                          for y in frame.committed_years}}


def to_json(report: Report) -> bytes:
    if len(report.years) == 1:
        data = year_object(report, report.years[0])
    else:
        data = {"consortium": report.consortium.name, "years": [year_object(report, y) for y in report.years]}
    data.update(book_fields(report))
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


def committed_text(value) -> str:
    """A committed value as a cell: '' when none, whole numbers without decimals (5, not 5.00)."""
    if value is None:
        return ""
    value = Decimal(value)
    return str(int(value)) if value == value.to_integral_value() else format(value.normalize(), "f")


def to_csv(report: Report) -> bytes:
    """One row per key: key,label,unit,<year>…,committed_<year>… — UTF-8 with BOM, CRLF, cells neutralised.
    The committed columns (one per committed year of the book) are blank for figures one does not commit to."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    committed = report.frame.committed_years
    writer.writerow(["key", "label", "unit", *[str(y) for y in report.years], *[f"committed_{y}" for y in committed]])
    for key in report.keys():
        label, unit = label_of(key)
        writer.writerow([key, label, unit, *[neutralize_cell(text_value(report.value(y, key))) for y in report.years],
                         *[committed_text(report.frame.committed_value(y, key)) for y in committed]])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


# ---- XLSX ------------------------------------------------------------------------------------

THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)


def _cell(ws, row, col, value, *, bold=False, fill=None, align=LEFT):
    cell = ws.cell(row=row, column=col, value=neutralize_cell(value))
    cell.border = BORDER
    cell.alignment = align
    if bold:
        cell.font = Font(bold=True)
    if fill:
        cell.fill = fill
    return cell


def _xlsx_value(value):
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value)
    if isinstance(value, Decimal):
        return float(value)
    return value


def _table(ws, start_row: int, report: Report, groups: list[tuple[str, list[str]]]) -> int:
    """A book table: 项目 (group | item | sub-item) | 单位 | one column per actual year, then the first committed
    year's commitments (table 2 of the book: base year actual, first committed year committed); merged headers
    and groups."""
    committed = committed_columns(report)
    n = len(report.years) + len(committed)
    _cell(ws, start_row, 1, "项目名称", bold=True, fill=HEAD_FILL, align=CENTER)
    ws.merge_cells(start_row=start_row, start_column=1, end_row=start_row + 1, end_column=3)
    _cell(ws, start_row, 4, "单位", bold=True, fill=HEAD_FILL, align=CENTER)
    ws.merge_cells(start_row=start_row, start_column=4, end_row=start_row + 1, end_column=4)
    _cell(ws, start_row, 5, "年度数据", bold=True, fill=HEAD_FILL, align=CENTER)
    if n > 1:
        ws.merge_cells(start_row=start_row, start_column=5, end_row=start_row, end_column=4 + n)
    for i, y in enumerate(report.years):
        _cell(ws, start_row + 1, 5 + i, f"{y} 年（实际）", bold=True, fill=HEAD_FILL, align=CENTER)
    for i, y in enumerate(committed):
        _cell(ws, start_row + 1, 5 + len(report.years) + i, f"{y} 年（承诺）", bold=True, fill=HEAD_FILL, align=CENTER)
    for col in range(1, 5 + n):  # borders on merged areas
        for r in (start_row, start_row + 1):
            ws.cell(row=r, column=col).border = BORDER
    row = start_row + 2
    for group, keys in groups:
        first = row
        for key in keys:
            metric = book.metric_for(key)
            parts = [str(p) for p in metric.label_parts] if metric else [key]
            _cell(ws, row, 2, parts[0])
            if len(parts) > 1:
                _cell(ws, row, 3, " · ".join(parts[1:]))
            else:
                _cell(ws, row, 3, None)
                ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=3)
            _cell(ws, row, 4, metric.unit if metric else "", align=CENTER)
            for i, y in enumerate(report.years):
                _cell(ws, row, 5 + i, _xlsx_value(report.value(y, key)), align=CENTER)
            for i, y in enumerate(committed):
                _cell(ws, row, 5 + len(report.years) + i, _xlsx_value(report.frame.committed_value(y, key)), align=CENTER)
            row += 1
        _cell(ws, first, 1, group, bold=True, align=CENTER)
        for r in range(first, row):
            ws.cell(row=r, column=1).border = BORDER
        if row - 1 > first:
            ws.merge_cells(start_row=first, start_column=1, end_row=row - 1, end_column=1)
    return row


def profile_rows(consortium: Consortium) -> list[tuple[str, object]]:
    c = consortium
    return [("联合体名称", c.name), ("所在城市", c.city), ("(拟)成立时间", c.established_date.isoformat() if c.established_date else ""),
            ("依托园区", c.park_name or ""), ("联合体负责人", c.leader_name or ""),
            ("职务及联系方式", " ".join(x for x in (c.leader_title, c.leader_contact) if x)),
            ("秘书处所在单位", c.secretariat_host or ""), ("秘书处负责人", c.secretariat_head or ""),
            ("固定办公面积(m²)", float(c.office_area) if c.office_area is not None else ""),
            ("联系电话", c.secretariat_phone or ""), ("人员总数", c.staff_total if c.staff_total is not None else ""),
            ("专职人数", c.staff_full_time if c.staff_full_time is not None else ""),
            ("兼职人数", c.staff_part_time if c.staff_part_time is not None else ""),
            ("人员姓名", c.staff_names or "")]


def to_xlsx(report: Report) -> bytes:
    """Sheets 1 and 2 of the book (merged header cells, Chinese labels, units, a column per actual year and the
    first committed year's commitments), values only; rows that do not apply (在校生数 of non-schools) left out."""
    width = len(report.years) + len(committed_columns(report))
    wb = Workbook()
    ws = wb.active
    ws.title = "1 联合体概况"
    ws.cell(row=1, column=1, value="1. 联合体概况").font = Font(bold=True, size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=4 + width)
    row = 2
    for label, value in profile_rows(report.consortium):
        _cell(ws, row, 1, label, bold=True, fill=HEAD_FILL)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
        _cell(ws, row, 4, value)
        ws.merge_cells(start_row=row, start_column=4, end_row=row, end_column=4 + width)
        row += 1
    _table(ws, row + 1, report, overview_groups(report))
    ws2 = wb.create_sheet("2 办学成效和服务能力")
    ws2.cell(row=1, column=1, value="2. 办学成效和服务能力").font = Font(bold=True, size=14)
    ws2.merge_cells(start_row=1, start_column=1, end_row=1, end_column=4 + width)
    _table(ws2, 2, report, section2_groups())
    ws4 = wb.create_sheet("附表 平台补充指标")
    ws4.cell(row=1, column=1, value="附表：平台补充的指标（书外，推荐书表格中没有这些行）").font = Font(bold=True, size=14)
    ws4.merge_cells(start_row=1, start_column=1, end_row=1, end_column=4 + width)
    _table(ws4, 2, report, section2_groups(in_book=False))
    for sheet in (ws, ws2, ws4):
        sheet.column_dimensions["A"].width = 18
        sheet.column_dimensions["B"].width = 36
        sheet.column_dimensions["C"].width = 18
        sheet.column_dimensions["D"].width = 8
        for i in range(width):
            sheet.column_dimensions[get_column_letter(5 + i)].width = 22
    ws3 = wb.create_sheet("说明")
    ws3.append(["年度", "待补充的数据"])
    for y in report.years:
        for line in report.missing[y] or ["—"]:
            ws3.append([y, neutralize_cell(line)])
        for key, n in report.over_limit[y].items():
            ws3.append([y, f"{NARRATIVES[key][0]} 超出字数限制：{n}/{NARRATIVES[key][1]} 字"])
    ws3.column_dimensions["B"].width = 80
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def export(consortium: Consortium, years: list[int], fmt: str) -> bytes:
    """The file's bytes for one of FORMATS."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    return render(build_report(consortium, years), fmt)


def render(report: Report, fmt: str) -> bytes:
    if fmt == "json":
        return to_json(report)
    if fmt == "csv":
        return to_csv(report)
    return to_xlsx(report)


def filename(consortium: Consortium, years: list[int], fmt: str) -> str:
    span = "-".join(str(y) for y in sorted(set(years)))
    return f"推荐书数据-{consortium.name}-{span}.{fmt}"


