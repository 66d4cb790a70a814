"""Streaming XLSX sheet reader (lxml iterparse over the zip) that reproduces what openpyxl yields."""
from __future__ import annotations

import datetime as _dt
import posixpath
import re
import zipfile
from dataclasses import dataclass, field

from lxml import etree

__all__ = ["Sheet", "Unsupported", "UnsafeXML", "TooLarge", "load_sheet", "pick_sheet", "check_extent",
           "MAX_SHEET_ROWS", "MAX_SHEET_COLUMNS", "MAX_SHEET_CELLS"]

# Import limits for a worksheet, checked on what a file declares and on what it holds, before any grid
# is built: a 2 KB file can name cell XFD1048576 or merge A3:XFD1048576, and a rows x columns grid of
# that size would take gigabytes. The largest import (validate: 200,000 data rows) fits inside.
MAX_SHEET_ROWS = 210_000
MAX_SHEET_COLUMNS = 256
MAX_SHEET_CELLS = 4_000_000     # rows x columns of the grid, and cells actually present

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_PKG_RELS, _PKG_REL = _PKG + "Relationships", _PKG + "Relationship"
_ROW, _C, _V, _F, _IS, _T, _R = (_MAIN + t for t in ("row", "c", "v", "f", "is", "t", "r"))
_COL, _MERGE, _SI, _XF, _NUMFMT = (_MAIN + t for t in ("col", "mergeCell", "si", "xf", "numFmt"))
_DIMENSION = _MAIN + "dimension"
_REF_RE = re.compile(r"([A-Z]{1,3})(\d+)")
_RANGE_RE = re.compile(r"([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?")
_WINDOWS_EPOCH, _MAC_EPOCH = _dt.datetime(1899, 12, 30), _dt.datetime(1904, 1, 1)
# Built-in number formats that display dates or times: openpyxl knows 14–22 and 45–47; 27–36 and 50–58
# are the East Asian date formats (yyyy"年"m"月"d"日" …) that Chinese Excel writes by id only.
_DATE_IDS = frozenset([*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)])
_TIMEDELTA_IDS = frozenset({46})
# Same rules as openpyxl.styles.numbers: first section only, quoted text and [..] (except [h] [m] [s]) ignored.
_STRIP_RE = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DATE_CHAR_RE = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_TIMEDELTA_RE = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.I)
_CHARTSHEET = "chartsheet"
_WORKSHEET_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"


class Unsupported(Exception):
    """The fast path met a structure it does not handle; the caller falls back to openpyxl."""


class UnsafeXML(ValueError):
    """A part declares a DOCTYPE (entities, external DTDs): the file is refused."""


class TooLarge(ValueError):
    """The sheet declares or holds more rows, columns or cells than an import accepts; ``str()`` is the
    Chinese reason. Never a reason to fall back to another reader."""


def _too_large(what: str) -> TooLarge:
    return TooLarge(f"工作表范围过大（{what}），超出导入上限 {MAX_SHEET_ROWS} 行、{MAX_SHEET_COLUMNS} 列；"
                    "请删除多余的行、列或合并单元格后重新导入")


def check_extent(rows: int, cols: int, where: str) -> None:
    """Refuse a grid of ``rows`` x ``cols`` (1-based last row and column) beyond the import limits."""
    if rows > MAX_SHEET_ROWS or cols > MAX_SHEET_COLUMNS or rows * cols > MAX_SHEET_CELLS:
        raise _too_large(where)


@dataclass
class Sheet:
    """One worksheet as a grid from A1 (cells covered by a merge, other than its top-left, are None)."""
    title: str
    note: str | None
    grid: list[list]
    merges: list[tuple[int, int, int, str]] = field(default_factory=list)   # top, left, bottom, "B2:B5"
    formulas: list[tuple[int, int]] = field(default_factory=list)           # (row, column), 1-based, row-major
    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: list[str] = field(default_factory=list)                    # column letters


def pick_sheet(sheets: list[tuple[str, str]], sheet_names: tuple[str, ...]) -> tuple[int, str | None]:
    """Index of the sheet to import among (title, state) pairs, and a warning or None: a sheet named like
    the record type, else the first visible one."""
    wanted = {n.strip().lower() for n in sheet_names}
    for i, (title, _state) in enumerate(sheets):
        if title.strip().lower() in wanted:
            return i, None
    visible = [i for i, (_t, state) in enumerate(sheets) if state == "visible"] or list(range(len(sheets)))
    note = (f"工作簿有 {len(visible)} 个工作表，只导入第一个「{sheets[visible[0]][0]}」"
            if len(visible) > 1 else None)
    return visible[0], note


def _flag(value: str | None) -> bool:
    """openpyxl's Bool descriptor: 'false', 'f', '0' and '' are false, any other text true."""
    return value is not None and value not in ("false", "f", "0", "")


def _iterparse(zf: zipfile.ZipFile, name: str, tags: tuple[str, ...], root: str):
    """Yield the elements with the given tags (complete, at their end) from one part, refusing any DOCTYPE
    and any root element other than ``root`` (e.g. Strict OOXML namespaces)."""
    with zf.open(name) as src:
        # The tag filter runs in C: only the root's start and the wanted elements reach Python.
        ctx = etree.iterparse(src, events=("start", "end"), tag=(root, *tags), resolve_entities=False,
                              no_network=True, huge_tree=False, load_dtd=False)
        checked = False
        for event, el in ctx:
            if not checked:
                if el.getroottree().docinfo.doctype:
                    raise UnsafeXML(name)
                if el.tag != root:
                    raise Unsupported(f"{name}: {el.tag}")
                checked = True
            elif event == "end" and el.tag != root:
                yield el
        if not checked:
            raise Unsupported(f"{name}: root is not {root}")


def _text(node) -> str:
    """Plain text of a shared or inline string: its <t> plus the <t> of each rich-text run (<rPh> skipped)."""
    if len(node) == 1 and node[0].tag == _T:
        return node[0].text or ""
    parts = []
    for child in node:
        if child.tag == _T:
            if child.text:
                parts.append(child.text)
        elif child.tag == _R:
            t = child.find(_T)
            if t is not None and t.text:
                parts.append(t.text)
    return "".join(parts)


def _col_index(letters: str, _cache: dict = {}) -> int:
    idx = _cache.get(letters)
    if idx is None:
        idx = 0
        for ch in letters:
            idx = idx * 26 + ord(ch) - 64
        _cache[letters] = idx
    return idx


def _col_letter(idx: int) -> str:
    out = ""
    while idx:
        idx, rem = divmod(idx - 1, 26)
        out = chr(65 + rem) + out
    return out


def _from_excel(value, epoch: _dt.datetime, timedelta: bool):
    """openpyxl.utils.datetime.from_excel, kept identical."""
    if timedelta:
        td = _dt.timedelta(days=value)
        if td.microseconds:
            td = _dt.timedelta(seconds=td.total_seconds() // 1, microseconds=round(td.microseconds, -3))
        return td
    day, fraction = divmod(value, 1)
    diff = _dt.timedelta(milliseconds=round(fraction * 86400 * 1000))
    if 0 <= value < 1 and diff.days == 0:
        mins, seconds = divmod(diff.seconds, 60)
        hours, mins = divmod(mins, 60)
        return _dt.time(hours, mins, seconds, diff.microseconds)
    if 0 < value < 60 and epoch == _WINDOWS_EPOCH:
        day += 1
    return epoch + _dt.timedelta(days=day) + diff


def _rels(zf: zipfile.ZipFile, name: str, base: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type, part name) of a .rels part, targets resolved against ``base``."""
    out = {}
    for rel in _iterparse(zf, name, (_PKG_REL,), _PKG_RELS):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        target = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
        out[rel.get("Id")] = (rel.get("Type", ""), target)
    return out


def _styles(zf: zipfile.ZipFile, names: set[str]) -> tuple[int | None, set[int], set[int]]:
    """(number of cell styles or None without styles.xml, date style indexes, timedelta style indexes)."""
    if "xl/styles.xml" not in names:
        return None, set(), set()
    custom, xfs = {}, []
    for el in _iterparse(zf, "xl/styles.xml", (_MAIN + "numFmts", _MAIN + "cellXfs"), _MAIN + "styleSheet"):
        if el.tag == _MAIN + "numFmts":
            custom.update((int(f.get("numFmtId")), f.get("formatCode", "")) for f in el.iter(_NUMFMT))
        else:
            xfs = [int(xf.get("numFmtId", 0)) for xf in el if xf.tag == _XF]
    dates, deltas = set(), set()
    for idx, fmt_id in enumerate(xfs):
        if fmt_id in custom:
            first = custom[fmt_id].split(";")[0]
            if _DATE_CHAR_RE.search(_STRIP_RE.sub("", first)):
                dates.add(idx)
            if _TIMEDELTA_RE.search(first):
                deltas.add(idx)
        else:
            if fmt_id in _DATE_IDS:
                dates.add(idx)
            if fmt_id in _TIMEDELTA_IDS:
                deltas.add(idx)
    return len(xfs), dates, deltas


def _shared_strings(zf: zipfile.ZipFile, name: str | None) -> list[str]:
    if not name:
        return []
    out = []
    for si in _iterparse(zf, name, (_SI,), _MAIN + "sst"):
        out.append(_text(si).replace("x005F_", ""))
        si.clear()
    return out


def load_sheet(zf: zipfile.ZipFile, sheet_names: tuple[str, ...]) -> Sheet:
    """Read the chosen worksheet. Raises Unsupported (fall back to openpyxl) or UnsafeXML."""
    names = set(zf.namelist())
    epoch, sheets = _WINDOWS_EPOCH, []
    for el in _iterparse(zf, "xl/workbook.xml", (_MAIN + "workbookPr", _MAIN + "sheet"), _MAIN + "workbook"):
        if el.tag == _MAIN + "workbookPr":
            epoch = _MAC_EPOCH if _flag(el.get("date1904")) else _WINDOWS_EPOCH
        else:
            sheets.append((el.get("name"), el.get("state") or "visible", el.get(_REL_NS + "id")))
    rels = _rels(zf, "xl/_rels/workbook.xml.rels", "xl") if "xl/_rels/workbook.xml.rels" in names else {}
    worksheets = []
    for title, state, rid in sheets:
        if rid not in rels:
            raise Unsupported(f"sheet {title!r} has no relationship")
        rel_type, target = rels[rid]
        if target not in names or _CHARTSHEET in rel_type:
            continue
        if rel_type != _WORKSHEET_TYPE or title is None:
            raise Unsupported(rel_type)
        worksheets.append((title, state, target))
    if not worksheets:
        raise Unsupported("no worksheet")
    idx, note = pick_sheet([(t, s) for t, s, _p in worksheets], sheet_names)
    title, _state, part = worksheets[idx]
    sst = next((p for t, p in rels.values() if t.endswith("/sharedStrings") and p in names), None)
    n_styles, dates, deltas = _styles(zf, names)
    sheet = _read_cells(zf, part, _shared_strings(zf, sst), n_styles, dates, deltas, epoch)
    sheet.title, sheet.note = title, note
    return sheet


def _read_cells(zf, part, strings, n_styles, dates, deltas, epoch) -> Sheet:
    cells: dict[tuple[int, int], object] = {}
    formulas: set[tuple[int, int]] = set()
    row_hidden: dict[int, bool] = {}
    col_hidden: dict[str, bool] = {}
    merges = []
    ref_match, col_index = _REF_RE.fullmatch, _col_index
    row_no = 0
    for el in _iterparse(zf, part, (_ROW, _COL, _MERGE, _DIMENSION), _MAIN + "worksheet"):
        tag = el.tag
        if tag == _DIMENSION:
            _check_range(el.get("ref"))
            continue
        if tag == _COL:
            col_hidden[_col_letter(int(el.get("min")))] = _flag(el.get("hidden"))
            continue
        if tag == _MERGE:
            _check_range(el.get("ref"))
            merges.append(el.get("ref"))
            continue
        r = el.get("r")
        row_no = int(r) if r is not None else row_no + 1
        if row_no > MAX_SHEET_ROWS and len(el):
            raise _too_large(f"第 {row_no} 行")
        if any(k not in ("r", "spans") for k in el.attrib if not k.startswith("{")):
            row_hidden[row_no] = _flag(el.get("hidden"))
        col_no = 0
        for c in el:
            if c.tag != _C:
                raise Unsupported(c.tag)
            ref = c.get("r")
            if ref:
                m = ref_match(ref)
                if m is None or int(m.group(2)) != row_no:
                    raise Unsupported(ref)
                col_no = col_index(m.group(1))
            else:
                col_no += 1
            s = c.get("s")
            style = int(s) if s is not None else 0
            if style and (n_styles is None or style >= n_styles):
                raise Unsupported(f"style {style}")
            t = c.get("t", "n")
            v = inline = None
            has_f = False
            for child in c:
                ctag = child.tag
                if ctag == _V:
                    if v is None:
                        v = child.text or ""
                elif ctag == _F:
                    has_f = True
                elif ctag == _IS and inline is None:
                    inline = child
            if col_no > MAX_SHEET_COLUMNS or row_no * col_no > MAX_SHEET_CELLS:
                raise _too_large(f"{_col_letter(col_no)}{row_no}")
            key = (row_no, col_no)
            if len(cells) >= MAX_SHEET_CELLS and key not in cells:
                raise _too_large(f"{len(cells)} 个单元格")
            if has_f:
                formulas.add(key)
            else:
                formulas.discard(key)
            if t == "inlineStr":
                cells[key] = None if inline is None else _text(inline)
            elif not v:
                cells[key] = None
            elif t == "n":
                num = float(v) if ("." in v or "E" in v or "e" in v) else int(v)
                if style in dates:
                    try:
                        num = _from_excel(num, epoch, style in deltas)
                    except (OverflowError, ValueError):
                        num = "#VALUE!"  # what openpyxl substitutes for an out-of-range date serial
                cells[key] = num
            elif t == "s":
                cells[key] = strings[int(v)]
            elif t == "b":
                cells[key] = bool(int(v))
            elif t in ("str", "e"):
                cells[key] = v
            else:
                raise Unsupported(f"cell type {t}")
        el.clear()
    return _assemble(cells, formulas, row_hidden, col_hidden, merges)


def _check_range(ref: str | None) -> None:
    """Refuse a declared range (``<dimension>``, ``<mergeCell>``) reaching beyond the import limits."""
    m = _RANGE_RE.fullmatch(ref or "")
    if m is None:
        return  # malformed: left to the reader that uses it
    bottom, right = (int(m.group(4)), _col_index(m.group(3))) if m.group(3) else (int(m.group(2)), _col_index(m.group(1)))
    check_extent(bottom, right, ref)


def scan_extent(zf: zipfile.ZipFile) -> None:
    """Check every worksheet part's declared dimension, merged ranges, rows and cells against the import
    limits without building anything, whatever the namespace (for readers that would allocate first)."""
    for name in zf.namelist():
        if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
            continue
        with zf.open(name) as src:
            ctx = etree.iterparse(src, events=("start", "end"),
                                  tag=("{*}dimension", "{*}mergeCell", "{*}row", "{*}c"),
                                  resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
            row_no = col_no = count = 0
            for event, el in ctx:
                local = etree.QName(el).localname
                if event == "end":
                    if local == "row":  # keep memory flat: drop each row once read
                        el.clear()
                        while el.getprevious() is not None:
                            del el.getparent()[0]
                    continue
                if local in ("dimension", "mergeCell"):
                    _check_range(el.get("ref"))
                elif local == "row":
                    r = el.get("r")
                    row_no = int(r) if r and r.isdigit() else row_no + 1
                    col_no = 0
                else:
                    m = _REF_RE.fullmatch(el.get("r") or "")
                    if m is not None:
                        row_no, col_no = max(row_no, int(m.group(2))), _col_index(m.group(1))
                    else:
                        col_no += 1
                    count += 1
                    check_extent(row_no, col_no, f"{_col_letter(col_no)}{row_no}")
                    if count > MAX_SHEET_CELLS:
                        raise _too_large(f"{count} 个单元格")


def _assemble(cells, formulas, row_hidden, col_hidden, merge_refs) -> Sheet:
    merges = []
    for ref in merge_refs:
        m = _RANGE_RE.fullmatch(ref or "")
        if m is None:
            raise Unsupported(f"merge {ref}")
        left, top = _col_index(m.group(1)), int(m.group(2))
        right, bottom = (_col_index(m.group(3)), int(m.group(4))) if m.group(3) else (left, top)
        if right < left or bottom < top:
            raise Unsupported(f"merge {ref}")
        coord = f"{_col_letter(left)}{top}" + (f":{_col_letter(right)}{bottom}" if (right, bottom) != (left, top) else "")
        cells.setdefault((top, left), None)    # openpyxl creates every cell of the range, the grid grows
        for r in range(top, bottom + 1):
            for c in range(left, right + 1):
                if (r, c) != (top, left):
                    cells[(r, c)] = None       # openpyxl keeps only the top-left value of a merge
                    formulas.discard((r, c))
        merges.append((top, left, bottom, coord))
    max_row = max((r for r, _c in cells), default=1)
    max_col = max((c for _r, c in cells), default=1)
    grid = [[None] * max_col for _ in range(max_row if cells else 0)]  # openpyxl: no cells, no rows
    for (r, c), value in cells.items():
        grid[r - 1][c - 1] = value
    return Sheet(title="", note=None, grid=grid, merges=merges, formulas=sorted(formulas),
                 hidden_rows={r for r, hidden in row_hidden.items() if hidden},
                 hidden_cols=[k for k, hidden in col_hidden.items() if hidden])
