"""Safe CSV/XLSX export (no formula injection) and downloadable import templates per record type.

Formula injection: a spreadsheet treats a cell starting with = + - @ (and, in some programs, a leading
tab or CR) as a formula, so an attacker-controlled name such as ``=HYPERLINK(...)`` would run when a
clerk opens the export. In CSV the only defence is to prefix such strings with an apostrophe
(``neutralize_cell``); only *strings* are touched, so the number -5 stays numeric. In XLSX the cell type
is explicit: strings are written verbatim as string cells (never formulas) with Excel's quote-prefix
flag, so values round-trip exactly and even re-editing the cell in Excel does not turn it into a formula.
The importer strips an apostrophe that precedes one of these characters, so our CSV exports re-import.
"""
from __future__ import annotations

import csv
import datetime as _dt
import io
from decimal import Decimal
from typing import Any, Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .columns import Column, RecordSpec
from .normalize import mask_id_number, mask_phone

__all__ = ["neutralize_cell", "write_csv", "write_xlsx", "template_xlsx", "export_rows"]

_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
_TEMPLATE_ROWS = 1000  # rows that get dropdowns / text format in the template


def neutralize_cell(value: Any) -> Any:
    """Prefix ' to a string starting with = + - @ tab or CR; non-strings are returned unchanged."""
    if isinstance(value, str) and value.startswith(_DANGEROUS):
        return "'" + value
    return value


def _text(value: Any) -> str:
    """Plain-text form used in CSV cells (and for lists/booleans in XLSX); re-importable."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple, set, frozenset)):
        return "、".join(_text(v) for v in value)
    return str(value)


def write_csv(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """CSV as UTF-8 with BOM (so Excel on Chinese Windows opens it correctly), CRLF line ends,
    every string cell neutralised against formula injection."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([neutralize_cell(_text(h)) for h in headers])
    for row in rows:
        writer.writerow([v if isinstance(v, (int, float, Decimal)) and not isinstance(v, bool)
                         else neutralize_cell(_text(v)) for v in row])
    return b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8")


def _set(cell, value: Any) -> None:
    """Store a value so that no cell is ever a formula (see module docstring)."""
    if isinstance(value, bool) or isinstance(value, (list, tuple, set, frozenset)):
        value = _text(value)
    if isinstance(value, _dt.datetime):
        cell.value, cell.number_format = value, "yyyy-mm-dd hh:mm:ss"
    elif isinstance(value, _dt.date):
        cell.value, cell.number_format = value, "yyyy-mm-dd"
    elif isinstance(value, (int, float, Decimal)) or value is None:
        cell.value = value
    else:
        text = ILLEGAL_CHARACTERS_RE.sub("", str(value))  # XML cannot carry control characters
        cell.value = text
        cell.data_type = "s"  # openpyxl would otherwise store '=…' as a formula
        if text.startswith(_DANGEROUS):
            cell.quotePrefix = True


def _autosize(ws, headers: Sequence[str]) -> None:
    for i, h in enumerate(headers, 1):
        ws.column_dimensions[get_column_letter(i)].width = max(10, min(40, 2 * len(str(h)) + 4))


def write_xlsx(headers: Sequence[str], rows: Iterable[Sequence[Any]], sheet_title: str = "Sheet1") -> bytes:
    """An XLSX workbook with one sheet; strings are string cells, never formulas."""
    wb = Workbook()
    ws = wb.active
    ws.title = _sheet_title(sheet_title)
    ws.append([None] * len(headers))
    for c, h in enumerate(headers, 1):
        _set(ws.cell(1, c), _text(h))
        ws.cell(1, c).font = Font(bold=True)
    for r, row in enumerate(rows, 2):
        for c, v in enumerate(row, 1):
            _set(ws.cell(r, c), v)
    ws.freeze_panes = "A2"
    _autosize(ws, headers)
    return _save(wb)


def _save(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _sheet_title(title: str) -> str:
    for ch in "[]:*?/\\":
        title = title.replace(ch, "_")
    return title[:31] or "Sheet1"


def export_rows(spec: RecordSpec, records: Iterable[dict], mask: bool = True) -> tuple[list[str], list[list]]:
    """Headers (Chinese aliases) and rows for export from canonical-keyed dicts: enum keys become
    Chinese labels, and sensitive columns (ID numbers, phones) are masked unless ``mask`` is False."""
    headers = [c.alias for c in spec.columns]
    rows = []
    for rec in records:
        row = []
        for col in spec.columns:
            value = rec.get(col.name)
            if col.enum and value is not None:
                value = col.label_of(value) or value
            elif col.sensitive and mask and value:
                value = mask_phone(value) if col.kind == "phone" else mask_id_number(value)
            row.append(value)
        rows.append(row)
    return headers, rows


# ---------------------------------------------------------------- templates
_KIND_HELP = {
    "str": "文本", "int": "整数", "decimal": "数字，可带小数", "date": "日期，如 2024-09-01",
    "bool": "是 或 否", "list": "多个值用 、 或 ， 分隔", "id_number": "18 位身份证号（请保持单元格为文本格式）",
    "phone": "手机号或带区号的固定电话", "year": "四位年份，如 2024", "enum": "从下拉列表选择",
    "level": "从下拉列表选择",
}
_TEXT_KINDS = ("str", "list", "id_number", "phone")
_REQUIRED_FILL = PatternFill("solid", fgColor="FFF2CC")


def _describe(col: Column) -> str:
    parts = [_KIND_HELP[col.kind]]
    if col.kind == "str" and col.max_length:
        parts[0] = f"文本，最多 {col.max_length} 字"
    if col.enum:
        parts.append("可选：" + "、".join(col.labels))
    if col.ref == "members":
        parts.append("须为已登记的成员单位名称")
    elif col.ref:
        parts.append("须为已导入的记录编号")
    if col.default is not None:
        parts.append(f"留空时默认为「{col.label_of(col.default) or col.default}」")
    if col.sensitive:
        parts.append("敏感信息，显示和导出时脱敏")
    if col.note:
        parts.append(col.note)
    return "；".join(parts)


def _example(col: Column) -> Any:
    if col.example is not None:
        return col.example
    # No invented examples for optional dates/years: a filled 退出日期 or 毕业年份 would mislead.
    return col.enum[0].label if col.enum else None


def template_xlsx(spec: RecordSpec) -> bytes:
    """Import template: sheet named after the type (Chinese header row, one example row, dropdowns for
    enum/boolean columns, text format for code/ID/phone columns) and a 说明 sheet describing columns."""
    wb = Workbook()
    ws = wb.active
    ws.title = _sheet_title(spec.label_zh)
    last = _TEMPLATE_ROWS + 1
    for c, col in enumerate(spec.columns, 1):
        letter = get_column_letter(c)
        head = ws.cell(1, c)
        _set(head, col.alias)
        head.font = Font(bold=True, color="C00000" if col.required else "000000")
        if col.required:
            head.fill = _REQUIRED_FILL
        example = _example(col)
        if col.kind == "date" and isinstance(example, str):
            example = _dt.date.fromisoformat(example)
        if col.kind in _TEXT_KINDS and example is not None:
            example = str(example)
        _set(ws.cell(2, c), example)
        # Column-level styles apply to cells the clerk types later; '@' (text) stops Excel from
        # turning ID numbers into 4.10102E+17 and dropping leading zeros of codes and phones.
        if col.kind in _TEXT_KINDS:
            ws.column_dimensions[letter].number_format = "@"
        elif col.kind == "date":
            ws.column_dimensions[letter].number_format = "yyyy-mm-dd"
        choices = col.labels if col.enum else (["是", "否"] if col.kind == "bool" else None)
        if choices:
            formula = '"' + ",".join(choices) + '"'
            if len(formula) <= 255:  # Excel's limit for an inline list
                dv = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True,
                                    errorTitle="取值无效", error="请从下拉列表中选择")
                dv.add(f"{letter}2:{letter}{last}")
                ws.add_data_validation(dv)
    _autosize(ws, [c.alias for c in spec.columns])
    ws.freeze_panes = "A2"

    notes = wb.create_sheet("说明")
    notes.append(["列名", "字段名", "是否必填", "格式与说明"])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for col in spec.columns:
        row = [col.alias, col.name, "必填" if col.required else "", _describe(col)]
        notes.append([None] * 4)
        for c, v in enumerate(row, 1):
            _set(notes.cell(notes.max_row, c), v)
    key = "+".join(spec.by_name[k].alias for k in spec.natural_key)
    notes.append([])
    for line in (f"重复导入时按「{key}」识别同一条记录并更新，不会重复创建。",
                 "第 2 行为示例，导入前请删除或改成真实数据。表头可用中文列名或英文字段名，列的顺序不限。",
                 "日期请写成 2024-09-01；身份证号、学号等请保持文本格式，避免 Excel 转成科学计数法。"):
        notes.append([None])
        _set(notes.cell(notes.max_row, 1), line)
    for letter, width in zip("ABCD", (18, 18, 10, 70)):
        notes.column_dimensions[letter].width = width
    return _save(wb)
