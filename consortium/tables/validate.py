"""Map a Table onto a RecordSpec: resolve headers, normalise every cell and report every bad row."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from .columns import Column, RecordSpec
from .normalize import (CellError, clean_text, is_blank, normalize_phone, parse_bool, parse_date,
                        parse_decimal, parse_int, parse_year, split_list, validate_id_number)
from .readers import ImportFileError, Table, read_table

__all__ = ["RowError", "ParsedRow", "ParseResult", "parse_rows", "parse_file", "format_cli"]


@dataclass(frozen=True)
class RowError:
    """A problem found in the file. ``line`` is the 1-based spreadsheet row (None: the whole file);
    ``column`` the canonical column name (None: the whole row); ``header`` the header text as written
    in the file (what the user sees); ``message`` the Chinese reason."""
    line: int | None
    column: str | None
    message: str
    header: str | None = None

    def __str__(self) -> str:
        where = "file" if self.line is None else f"line {self.line}"
        col = self.header or self.column
        return f"{where}, column {col}: {self.message}" if col else f"{where}: {self.message}"


@dataclass
class ParsedRow:
    """A clean row: values keyed by canonical column name (only columns present in the file;
    a blank cell gives the column's default, [] for lists), plus its line number."""
    line: int
    data: dict[str, Any]


@dataclass
class ParseResult:
    """Outcome of parse_rows: clean rows (bad rows left out), every error, and warnings."""
    spec: RecordSpec
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)      # canonical columns present, in file order
    headers: dict[str, str] = field(default_factory=dict)  # canonical name → header text in the file

    @property
    def ok(self) -> bool:
        """True when nothing is wrong and the rows may be written."""
        return not self.errors

    rejected: bool = False  # a file-level problem (empty, missing columns …) stopped row checking


def format_cli(errors: list[RowError]) -> list[str]:
    """One line per error: 'line N, column C: reason' (C is the header as written in the file)."""
    return [str(e) for e in errors]


# ---------------------------------------------------------------- per-kind converters
_FORMULA_START = frozenset("=+-@\t\r")
_MISS = object()


def _str_converter(col: Column) -> Callable[[Any], Any]:
    limit, fold = col.max_length, col.fold

    def conv(value):
        if isinstance(value, float) and (not value.is_integer() or abs(value) >= 1e15):
            # Excel shows long codes as 2.02401E+17 and loses digits; the text is unrecoverable.
            raise CellError("疑似被 Excel 转成数字（科学计数法），请将该列设为文本格式后重新导出")
        text = clean_text(value, fold)
        if len(text) > 1 and text[0] == "'" and text[1] in _FORMULA_START:
            text = text[1:]  # undo the formula-injection guard of our own CSV export on re-import
        if limit and len(text) > limit:
            raise CellError(f"内容过长：{len(text)} 个字符，最多 {limit} 个")
        return text
    return conv


def _enum_converter(col: Column) -> Callable[[Any], Any]:
    from .columns import header_key
    lookup, choices = col.enum_lookup, "、".join(col.labels)

    def conv(value):
        text = clean_text(value)
        try:
            return lookup[header_key(text)]
        except KeyError:
            raise CellError(f"无法识别的取值「{text}」，可选：{choices}") from None
    return conv


def _list_converter(col: Column) -> Callable[[Any], Any]:
    limit = col.max_length

    def conv(value):
        items = split_list(value)
        for item in items:
            if limit and len(item) > limit:
                raise CellError(f"列表中的一项过长：{len(item)} 个字符，最多 {limit} 个")
        return items
    return conv


def _ranged(col: Column, parse: Callable[[Any], Any]) -> Callable[[Any], Any]:
    lo, hi = col.min_value, col.max_value
    if lo is None and hi is None:
        return parse

    def conv(value):
        number = parse(value)
        if lo is not None and number < lo:
            raise CellError(f"数值不能小于 {lo:g}：{value}")
        if hi is not None and number > hi:
            raise CellError(f"数值不能大于 {hi:g}：{value}")
        return number
    return conv


def converter(col: Column) -> Callable[[Any], Any]:
    """The function turning a non-blank raw cell into the column's clean value (raises CellError)."""
    kind = col.kind
    if kind == "str":
        return _str_converter(col)
    if kind in ("enum", "level"):
        return _enum_converter(col)
    if kind == "list":
        return _list_converter(col)
    simple = {"int": parse_int, "decimal": parse_decimal, "date": parse_date, "bool": parse_bool,
              "id_number": validate_id_number, "phone": normalize_phone, "year": parse_year}[kind]
    return _ranged(col, simple) if kind in ("int", "decimal", "year") else simple


def parse_rows(spec: RecordSpec, table: Table) -> ParseResult:
    """Validate every row of ``table`` against ``spec``. File-level problems (no data, missing required
    or duplicated columns, too many rows) are reported before any row is looked at; otherwise every
    bad cell of every row is reported, plus in-file duplicates of the natural key and date order."""
    result = ParseResult(spec)
    if not table.headers and not table.rows:
        result.errors.append(RowError(None, None, "文件为空：没有表头和数据"))
        result.rejected = True
        return result
    headers, rows, header_line = table.headers, table.rows, table.header_line
    mapping: list[tuple[int, Column, Callable]] = []
    seen: dict[str, str] = {}
    errors = result.errors
    for idx, raw in enumerate(headers):
        if is_blank(raw):
            if any(not is_blank(r.values[idx]) for r in rows):
                result.warnings.append(RowError(header_line, None, f"第 {idx + 1} 列没有列名，该列已忽略"))
            continue
        col = spec.match_header(raw)
        if col is None:
            result.warnings.append(RowError(header_line, None, f"未知的列「{raw}」，已忽略", raw))
        elif col.name in seen:
            errors.append(RowError(header_line, col.name, f"列重复：「{seen[col.name]}」和「{raw}」都是"
                                                          f"{col.display}", raw))
        else:
            seen[col.name] = raw
            mapping.append((idx, col, converter(col)))
    result.columns = [c.name for _, c, _ in mapping]
    result.headers = dict(seen)
    if not mapping:
        errors.append(RowError(header_line, None, f"没有识别出任何列：请确认第一行是列名（如 "
                               f"{'、'.join(c.alias for c in spec.columns[:3])}），且导入类型为「{spec.label_zh}」"))
    else:
        for col in spec.columns:
            if col.required and col.name not in seen:
                errors.append(RowError(header_line, col.name, f"缺少必需的列：{col.display}", col.alias))
    if not rows:
        errors.append(RowError(None, None, "文件只有表头，没有数据行"))
    elif len(rows) > spec.max_rows:
        errors.append(RowError(None, None, f"数据行过多：{len(rows)} 行，上限 {spec.max_rows} 行，请拆分后分批导入"))
    if errors:
        result.rejected = True
        return result

    by_index = {idx: (col, seen[col.name]) for idx, col, _ in mapping}
    reader_errors: dict[int, list[RowError]] = {}
    for n in table.cell_errors:
        if n.column is not None and n.column in by_index:
            col, header = by_index[n.column]
            reader_errors.setdefault(n.line, []).append(RowError(n.line, col.name, n.message, header))
        elif n.column is None or n.column >= len(headers):
            reader_errors.setdefault(n.line, []).append(RowError(n.line, None, n.message))
    for n in table.warnings:
        header = headers[n.column] if n.column is not None and n.column < len(headers) else None
        col = by_index.get(n.column)
        result.warnings.append(RowError(n.line, col[0].name if col else None, n.message, header))

    ordered = [(spec.by_name[a], spec.by_name[b]) for a, b in spec.ordered if a in seen and b in seen]
    key_cols = spec.natural_key if all(k in seen for k in spec.natural_key) else ()
    key_label = "+".join(spec.by_name[k].alias for k in key_cols)
    first_seen: dict[tuple, int] = {}
    memos: dict[int, dict] = {idx: {} for idx, _, _ in mapping}
    for row in rows:
        line, values = row.line, row.values
        row_errors = reader_errors.get(line, [])
        bad_cols = {e.column for e in row_errors}
        data: dict[str, Any] = {}
        for idx, col, conv in mapping:
            name = col.name
            if name in bad_cols:
                continue
            value = values[idx]
            if value is not None and (value.__class__ is not str or value.strip()):
                memo = memos[idx]
                # Real rosters repeat values (school, major, gender, year): convert each text once.
                hit = memo.get(value, _MISS) if value.__class__ is str else _MISS
                if hit is _MISS:
                    try:
                        hit = conv(value)
                    except CellError as exc:
                        hit = exc
                    if value.__class__ is str:
                        memo[value] = hit
                if isinstance(hit, CellError):
                    row_errors.append(RowError(line, name, str(hit), seen[name]))
                    continue
                value = hit[:] if hit.__class__ is list else hit  # rows must not share list objects
                if value != "" and value != []:  # e.g. a cell holding only a zero-width space
                    data[name] = value
                    continue
            if col.required:
                row_errors.append(RowError(line, name, "必填项不能为空", seen[name]))
            else:
                data[name] = [] if col.kind == "list" and col.default is None else col.default
        for a, b in ordered:
            va, vb = data.get(a.name), data.get(b.name)
            if va is not None and vb is not None and vb < va:
                row_errors.append(RowError(line, b.name, f"{b.alias}（{vb}）早于{a.alias}（{va}）", seen[b.name]))
        if key_cols and not row_errors:
            key = tuple(data.get(k) for k in key_cols)
            if None not in key:
                first = first_seen.setdefault(key, line)
                if first != line:
                    row_errors.append(RowError(line, "+".join(key_cols), f"与第 {first} 行重复（{key_label} 相同："
                                                                       f"{' / '.join(map(str, key))}）", key_label))
        if row_errors:
            errors.extend(row_errors)
        else:
            result.rows.append(ParsedRow(line, data))
    stray = sorted(set(reader_errors) - {r.line for r in rows})  # e.g. data only right of the header
    for line in stray:
        errors.extend(reader_errors[line])
    position = {c.name: i for i, (_, c, _) in enumerate(mapping)}
    errors.sort(key=lambda e: (e.line or 0, position.get(e.column, len(position))))
    return result


def parse_file(spec: RecordSpec, data: bytes, filename: str | None = None) -> ParseResult:
    """read_table + parse_rows; an unreadable file becomes a file-level error instead of an exception.
    An XLSX sheet named after the type (e.g. 'students' or '学生') is preferred over the first sheet."""
    try:
        table = read_table(data, filename, sheet_names=(spec.type_name, spec.label_zh))
    except ImportFileError as exc:
        return ParseResult(spec, errors=[RowError(None, None, str(exc))], rejected=True)
    return parse_rows(spec, table)
