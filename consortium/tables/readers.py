"""Turn uploaded bytes (CSV in UTF-8/BOM/UTF-16/GBK, or XLSX) into a header plus numbered rows."""
from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Iterable

from lxml import etree

from . import xlsx_fast

__all__ = ["ImportFileError", "Notice", "Row", "Table", "read_table", "detect_encoding",
           "MAX_UNCOMPRESSED", "MAX_RATIO"]

MAX_UNCOMPRESSED = 50 * 1024 * 1024   # zip-bomb guard: total uncompressed XLSX size
MAX_RATIO = 100                        # zip-bomb guard: uncompressed / compressed
_RATIO_MIN_SIZE = 1024 * 1024          # tiny parts compress absurdly well yet are harmless
_EXCEL_ERRORS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A",
                           "#GETTING_DATA", "#SPILL!", "#CALC!"})
_FORMULA_TAG_RE = re.compile(rb"<(?:\w+:)?f[\s>/]")


class ImportFileError(ValueError):
    """The file as a whole cannot be read; ``str(err)`` is the Chinese reason."""


@dataclass(frozen=True)
class Notice:
    """A reader finding: ``line`` is the 1-based spreadsheet row, ``column`` the 0-based column index
    (None when the finding concerns a whole row or the file)."""
    line: int | None
    column: int | None
    message: str


@dataclass
class Row:
    """One data row: its 1-based line number in the file and its raw cell values, aligned with the
    header (str for CSV; str/int/float/bool/datetime/None for XLSX)."""
    line: int
    values: list


@dataclass
class Table:
    """A parsed sheet: header texts, non-empty data rows, warnings and bad cells found while reading."""
    headers: list[str]
    rows: list[Row]
    header_line: int = 1
    warnings: list[Notice] = field(default_factory=list)
    cell_errors: list[Notice] = field(default_factory=list)
    format: str = "csv"                 # "csv" or "xlsx"
    encoding: str | None = None         # CSV only
    sheet: str | None = None            # XLSX only


def read_table(data: bytes, filename: str | None = None, sheet_names: Iterable[str] = ()) -> Table:
    """Read CSV or XLSX bytes. The format is detected from the bytes, not from ``filename`` (which only
    improves messages). For XLSX the first sheet whose title is in ``sheet_names`` (e.g. the type name
    and its Chinese label) is used, else the first visible sheet. Raises ImportFileError."""
    if not data or not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise ImportFileError("文件为空：没有表头和数据")
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data, tuple(sheet_names))
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError("不支持旧版 Excel (.xls) 文件，请在 Excel 中另存为 .xlsx 或 CSV 后重新上传")
    return _read_csv(data)


# ---------------------------------------------------------------- CSV
def detect_encoding(data: bytes) -> str:
    """Guess a CSV's encoding: UTF-8 BOM, UTF-16 (BOM or NUL-byte pattern), UTF-8, else GB18030."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"  # the codec reads the BOM and strips it
    sample = data[:4096]
    if b"\x00" in sample:
        # ASCII text in UTF-16 has a NUL in every other byte: odd positions for LE, even for BE.
        odd, even = sample[1::2].count(0), sample[0::2].count(0)
        return "utf-16-le" if odd >= even else "utf-16-be"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        return "gb18030"  # superset of GBK/GB2312, what Chinese Excel writes for "CSV"


def _sniff_delimiter(first_line: str) -> str:
    # csv.Sniffer is unreliable on short Chinese headers; the header line decides, ties favour ','.
    counts = {d: first_line.count(d) for d in ",\t;"}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _read_csv(data: bytes) -> Table:
    encoding = detect_encoding(data)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        raise ImportFileError("无法识别文件编码，请另存为 UTF-8 或 GBK 编码的 CSV，或 .xlsx 文件") from None
    if "\x00" in text:
        raise ImportFileError("这不是文本表格文件（含有二进制内容），请上传 CSV 或 .xlsx 文件")
    text = text.lstrip("\ufeff")
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(first))
    # Record numbers (blank records included) are what Excel shows as row numbers for this CSV,
    # even when a quoted cell spans several physical lines.
    try:
        records = [(n, rec) for n, rec in enumerate(reader, 1)]
    except csv.Error as exc:
        raise ImportFileError(f"CSV 格式错误：{exc}") from None
    table = _build_table(records)
    table.format, table.encoding = "csv", encoding
    return table


def _is_empty(v) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _count_filled(rec) -> int:
    return sum(1 for v in rec if not _is_empty(v))


def _build_table(records: list[tuple[int, list]], hidden: set[int] = frozenset()) -> Table:
    """Shared by CSV and XLSX: first non-empty record is the header; trailing empty header cells and
    empty rows are dropped; data beyond the last header column is a bad cell (usually a stray comma)."""
    records = [(n, rec) for n, rec in records if not all(map(_is_empty, rec))]
    if not records:
        raise ImportFileError("文件为空：没有表头和数据")
    warnings = []
    if len(records) > 1 and _count_filled(records[0][1]) == 1 and _count_filled(records[1][1]) > 1:
        # A lone cell above the real header is a title ("2024 级学生名册", often merged across).
        line, rec = records.pop(0)
        title = next(str(v).strip() for v in rec if not _is_empty(v))
        warnings.append(Notice(line, None, f"第 {line} 行「{title[:30]}」是标题，已从第 {records[0][0]} 行读取列名"))
    header_line, header = records[0]
    headers = ["" if h is None else str(h).strip() for h in header]
    while headers and not headers[-1]:
        headers.pop()
    width = len(headers)
    table = Table(headers=headers, rows=[], header_line=header_line, warnings=warnings)
    for n, rec in records[1:]:
        values = list(rec[:width])
        if len(values) < width:
            values.extend([None] * (width - len(values)))
        for idx in range(width, len(rec)):
            if not _is_empty(rec[idx]):
                table.cell_errors.append(Notice(n, idx, f"第 {idx + 1} 列没有列名，但该行在此有数据"
                                                       "（可能是内容中含有未加引号的分隔符）"))
                break
        if all(map(_is_empty, values)):
            continue
        table.rows.append(Row(n, values))
    if hidden:
        lines = sorted(hidden & {r.line for r in table.rows})
        if lines:
            shown = "、".join(map(str, lines[:20])) + (" 等" if len(lines) > 20 else "")
            table.warnings.append(Notice(None, None, f"第 {shown} 行在 Excel 中被隐藏（或被筛选），仍作为数据导入"))
    return table


# ---------------------------------------------------------------- XLSX
def _check_zip(data: bytes) -> zipfile.ZipFile:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ImportFileError("文件已损坏，无法作为 .xlsx 打开") from None
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise ImportFileError("这是压缩包但不是 Excel .xlsx 文件，请上传 .xlsx 或 CSV")
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > MAX_UNCOMPRESSED:
        raise ImportFileError(f"文件解压后过大（{total // 1048576} MB，上限 {MAX_UNCOMPRESSED // 1048576} MB），"
                              "请拆分后分批导入")
    if total / packed > MAX_RATIO or any(
            i.file_size > _RATIO_MIN_SIZE and i.file_size > MAX_RATIO * max(i.compress_size, 1) for i in infos):
        raise ImportFileError("文件压缩比异常，疑似恶意构造的文件，已拒绝")
    return zf


def _read_xlsx(data: bytes, sheet_names: tuple[str, ...]) -> Table:
    zf = _check_zip(data)
    try:
        sheet = xlsx_fast.load_sheet(zf, sheet_names)
    except xlsx_fast.UnsafeXML:
        raise ImportFileError("无法读取 Excel 文件：文件含有 DTD/实体声明，已拒绝") from None
    except xlsx_fast.TooLarge as exc:
        raise ImportFileError(str(exc)) from None
    except Exception:  # a structure the fast reader does not handle: openpyxl decides
        sheet = _load_with_openpyxl(data, zf, sheet_names)
    return _sheet_table(sheet)


def _load_with_openpyxl(data: bytes, zf: zipfile.ZipFile, sheet_names: tuple[str, ...]) -> xlsx_fast.Sheet:
    """The slow, general path: the same Sheet as xlsx_fast.load_sheet, read with openpyxl."""
    import openpyxl  # deferred: costs ~0.4 s to import; uses defusedxml when installed

    # openpyxl creates a cell object for every cell of a merged range and iter_rows walks the whole
    # rectangle: the sheet's extent is checked before openpyxl sees the file.
    try:
        xlsx_fast.scan_extent(zf)
    except xlsx_fast.TooLarge as exc:
        raise ImportFileError(str(exc)) from None
    except etree.LxmlError:
        raise ImportFileError("文件已损坏，无法作为 .xlsx 打开") from None
    try:
        # read_only=False: merged ranges and row visibility are only available in normal mode;
        # data_only=True: formula cells yield the value Excel cached when it last saved the file.
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=False, data_only=True)
    except Exception as exc:  # openpyxl raises many types on malformed parts
        raise ImportFileError(f"无法读取 Excel 文件：{type(exc).__name__}") from None
    idx, note = xlsx_fast.pick_sheet([(ws.title, ws.sheet_state) for ws in wb.worksheets], sheet_names)
    ws = wb.worksheets[idx]
    formulas = []
    if any(_FORMULA_TAG_RE.search(zf.read(i)) for i in zf.infolist()
           if i.filename.startswith("xl/worksheets/") and i.filename.endswith(".xml")):
        wb_f = openpyxl.load_workbook(io.BytesIO(data), read_only=False, data_only=False)
        formulas = [(cell.row, cell.column) for row in wb_f[ws.title].iter_rows() for cell in row
                    if cell.data_type == "f"]
    return xlsx_fast.Sheet(
        title=ws.title, note=note, grid=[list(r) for r in ws.iter_rows(values_only=True)],
        merges=[(r.min_row, r.min_col, r.max_row, r.coord) for r in ws.merged_cells.ranges],
        formulas=formulas, hidden_rows={r for r, dim in ws.row_dimensions.items() if dim.hidden},
        hidden_cols=[k for k, dim in ws.column_dimensions.items() if dim.hidden])


def _sheet_table(sheet: xlsx_fast.Sheet) -> Table:
    grid = sheet.grid
    warnings: list[Notice] = []
    errors: list[Notice] = []

    # Merged cells: only the top-left value is kept. A clerk who merges 学校 over 30 rows means "all
    # these rows", so the value is filled DOWN the range (first column only: a horizontal merge across
    # different columns carries no meaning for the other columns).
    for top, left, bottom, coord in sorted(sheet.merges):  # top to bottom, whatever the file order
        if top > len(grid):
            continue
        value = grid[top - 1][left - 1]
        for r in range(top + 1, min(bottom, len(grid)) + 1):
            grid[r - 1][left - 1] = value
        if bottom > top:
            warnings.append(Notice(top, left - 1, f"合并单元格 {coord} 的值已填充到区域内每一行"))

    for r, row in enumerate(grid, 1):
        for c, v in enumerate(row):
            if isinstance(v, str) and v in _EXCEL_ERRORS:
                errors.append(Notice(r, c, f"单元格是 Excel 错误值 {v}，请修正公式或改为数值"))
                row[c] = None
    # A formula saved by a program (not Excel) has no cached value: it would silently import as empty.
    for r, c in sheet.formulas:
        if r <= len(grid) and grid[r - 1][c - 1] is None:
            errors.append(Notice(r, c - 1, "公式单元格没有计算结果，请在 Excel 中"
                                 "打开并保存文件，或将公式转为数值后重新导入"))
            grid[r - 1][c - 1] = "\x00formula"  # keeps the row from looking empty

    table = _build_table(list(enumerate(grid, 1)), sheet.hidden_rows)
    bad = {(e.line, e.column) for e in errors}
    for row in table.rows:  # the placeholder must never reach validation as data
        row.values = [None if (row.line, i) in bad else v for i, v in enumerate(row.values)]
    table.cell_errors = errors + table.cell_errors
    table.warnings = warnings + table.warnings
    if sheet.hidden_cols:
        table.warnings.append(Notice(None, None, f"第 {'、'.join(sheet.hidden_cols)} 列在 Excel 中被隐藏，仍按列名导入"))
    if sheet.note:
        table.warnings.append(Notice(None, None, sheet.note))
    table.format, table.sheet = "xlsx", sheet.title
    return table
