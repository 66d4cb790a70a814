"""Cell value normalisation and validation (dates, ID numbers, phones, numbers, lists) with Chinese reasons."""
from __future__ import annotations

import datetime as _dt
import math
import operator
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from ..timeutil import today

__all__ = [
    "CellError", "nfkc", "clean_text", "is_blank", "parse_date", "split_list", "validate_id_number",
    "normalize_phone", "parse_bool", "parse_int", "parse_decimal", "parse_year",
    "mask_id_number", "mask_phone", "birth_date_from_id", "age_on",
]


class CellError(ValueError):
    """A cell value that cannot be accepted; ``str(err)`` is the Chinese reason shown to the user."""


# Characters that survive NFKC but are never meant as content (pasted from web pages / Word).
_INVISIBLE_RE = re.compile("[\u200b\ufeff\u00ad]")
# Controls other than tab/newline are almost always binary garbage or mangled encodings.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_is_nfkc = unicodedata.is_normalized
_normalize = unicodedata.normalize


def _drop_invisible(text: str) -> str:
    if "\u200b" in text or "\ufeff" in text or "\u00ad" in text:  # `in` is far cheaper than a regex
        return _INVISIBLE_RE.sub("", text)
    return text


def nfkc(text: str) -> str:
    """NFKC-normalise: full-width digits/letters/punctuation → ASCII, ideographic space → space."""
    if text.isascii():  # fast paths: most cells are ASCII or already normalised CJK
        return text
    if not _is_nfkc("NFKC", text):
        text = _normalize("NFKC", text)
    return _drop_invisible(text)


def is_blank(value: object) -> bool:
    """True for None and strings that are empty after trimming (str.strip also drops U+3000)."""
    return value is None or (isinstance(value, str) and not value.strip())


def clean_text(value: object, fold: bool = True) -> str:
    """Text of a cell, trimmed; ``fold`` applies NFKC (keys, names). Rejects control characters."""
    if value.__class__ is str:
        text = value
    else:
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # 2023.0 from XLSX means the text "2023"
        if isinstance(value, (_dt.datetime, _dt.date)):
            value = value.isoformat()
        text = str(value)
    text = nfkc(text) if fold else _drop_invisible(text)
    if _CONTROL_RE.search(text):
        raise CellError("包含不可见的控制字符，请检查文件是否损坏")
    return text.strip()


# ---------------------------------------------------------------- dates
_EXCEL_EPOCH = _dt.date(1899, 12, 30)  # 1900 date system, counting Excel's fictitious 1900-02-29
_MAX_SERIAL = 2958465  # 9999-12-31
_YMD_RE = re.compile(r"(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})")
_COMPACT_RE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_CN_RE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?")
_DMY_RE = re.compile(r"(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})")
_TIME_SUFFIX_RE = re.compile(r"(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
MIN_YEAR, MAX_YEAR = 1900, 2100


def _make_date(y: int, m: int, d: int, raw: str) -> _dt.date:
    if not MIN_YEAR <= y <= MAX_YEAR:
        raise CellError(f"日期年份超出范围：{raw}（应在 {MIN_YEAR}–{MAX_YEAR} 年之间）")
    try:
        return _dt.date(y, m, d)
    except ValueError:
        raise CellError(f"日期不存在：{raw}") from None


def excel_serial_to_date(serial: float) -> _dt.date:
    """Convert an Excel 1900-system serial number (as stored in XLSX) to a date."""
    if isinstance(serial, float) and not math.isfinite(serial):
        raise CellError("日期格式无法识别")
    days = int(serial)
    if days < 1 or days > _MAX_SERIAL or days == 60:  # 60 is Excel's non-existent 1900-02-29
        raise CellError(f"日期格式无法识别：{serial}（不是有效的 Excel 日期序号）")
    if days < 60:  # before the fake leap day Excel's count is off by one
        days += 1
    return _make_date(*(_EXCEL_EPOCH + _dt.timedelta(days=days)).timetuple()[:3], raw=str(serial))


def parse_date(value: object) -> _dt.date:
    """Parse a date cell. Strings: 2023-07-19, 2023/7/19, 2023.7.19, 20230719, 2023年7月19日
    (optionally followed by a time). date/datetime objects pass through; int/float values (which
    only XLSX produces — CSV cells are always text) are Excel serial numbers, or YYYYMMDD when 8 digits.
    Day/month-first forms such as 07/08/2023 are rejected because the order is ambiguous."""
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, bool):
        raise CellError("日期格式无法识别")
    if isinstance(value, (int, float)):
        if isinstance(value, int) or value.is_integer():
            as_int = int(value)
            if 10000000 <= as_int <= 99991231:
                return parse_date(str(as_int))
        return excel_serial_to_date(value)
    raw = str(value).strip()
    text = nfkc(raw).strip()
    for regex in (_YMD_RE, _CN_RE, _COMPACT_RE):
        m = regex.match(text)
        if m and _TIME_SUFFIX_RE.fullmatch(text, m.end()):
            return _make_date(int(m[1]), int(m[2]), int(m[3]), raw)
    m = _DMY_RE.fullmatch(text)
    if m:  # 07/08/2023 is 7 August or 8 July depending on who typed it: never guess
        a, b = int(m[1]), int(m[2])
        if a <= 12 and b <= 12:
            raise CellError(f"日期格式无法识别：{raw}（日/月顺序不明确，请使用 年-月-日 格式，如 "
                            f"{m[3]}-{a:02d}-{b:02d}）")
        month, day = (b, a) if a > 12 else (a, b)
        raise CellError(f"日期格式无法识别：{raw}（请使用 年-月-日 格式，如 {m[3]}-{month:02d}-{day:02d}）")
    raise CellError(f"日期格式无法识别：{raw}（请使用 2023-07-19 格式）")


# ---------------------------------------------------------------- lists
_LIST_SEP_RE = re.compile(r"\s*[、,;]\s*")  # after NFKC ，；become , ;


def split_list(value: object) -> list[str]:
    """Split a multi-value cell on 、 ， , ; ； into trimmed, de-duplicated items (order kept)."""
    if is_blank(value):
        return []
    items = _LIST_SEP_RE.split(clean_text(value))
    return list(dict.fromkeys(i.strip() for i in items if i.strip()))


# ---------------------------------------------------------------- ID numbers (GB 11643-1999)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_RE = re.compile(r"[1-9]\d{16}[\dX]")
_SCI_RE = re.compile(r"[+-]?\d+(?:\.\d*)?[eE][+-]?\d+")
_EXCEL_MANGLED = "疑似被 Excel 转成数字（科学计数法/末三位变为000），请将该列设为文本格式后重新导出"


def id_check_digit(first17: str) -> str:
    """The GB 11643-1999 check character for the first 17 digits."""
    return _ID_CHECK[sum(map(operator.mul, map(int, first17), _ID_WEIGHTS)) % 11]


def validate_id_number(value: object) -> str:
    """Validate a mainland resident ID number and return it upper-cased (x → X).
    Numbers coming from Excel (floats, scientific notation) are rejected with a fix-it hint.
    Messages never echo the full number (it is sensitive)."""
    if isinstance(value, float):
        raise CellError(f"身份证号{_EXCEL_MANGLED}")
    text = clean_text(value).replace(" ", "").upper()
    if _SCI_RE.fullmatch(text):
        raise CellError(f"身份证号{_EXCEL_MANGLED}")
    if len(text) == 15 and text.isdigit():
        raise CellError("不支持 15 位旧身份证号，请填写 18 位身份证号")
    if not _ID_RE.fullmatch(text):
        raise CellError(f"身份证号格式不正确（应为 18 位：17 位数字加 1 位数字或 X，实际 {len(text)} 位）")
    try:
        birth = _dt.date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        birth = None
    if birth is None or birth.year < MIN_YEAR or birth > today():
        raise CellError(f"身份证号中的出生日期无效（{mask_id_number(text)}）")
    if id_check_digit(text[:17]) != text[17]:
        if text.endswith("000"):
            raise CellError(f"身份证号校验位错误，{_EXCEL_MANGLED}")
        raise CellError(f"身份证号校验位错误（{mask_id_number(text)}），请核对号码")
    return text


def birth_date_from_id(value: str | None) -> _dt.date | None:
    """The birth date an 18-digit ID number carries (digits 7–14); None when absent or not a date."""
    text = (value or "").strip()
    if len(text) != 18 or not text[:14].isdigit():
        return None
    try:
        return _dt.date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        return None


def age_on(birth: _dt.date, day: _dt.date) -> int:
    """Full years of age on `day` (a birthday on 29 February counts on 1 March in other years)."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def masked(value: str | None, head: int, tail: int) -> str:
    """`value` for display with all but its first `head` and last `tail` characters starred; a value no longer
    than head + tail is starred whole, and a missing one shows as ''."""
    if not value:
        return ""
    hidden = len(value) - head - tail
    if hidden <= 0:
        return "*" * len(value)
    return value[:head] + "*" * hidden + value[-tail:]


def mask_id_number(value: str | None) -> str:
    """Mask an ID number for display: keep the first 6 and last 4 (410102********1234)."""
    return masked(value, 6, 4)


# ---------------------------------------------------------------- phones
_PHONE_STRIP = str.maketrans("", "", " -()\t")
_MOBILE_RE = re.compile(r"1[3-9]\d{9}")
_LANDLINE_RE = re.compile(r"(0(?:[12]\d|\d{3}))(\d{7,8})")


def normalize_phone(value: object) -> str:
    """Normalise a phone number: mobile → 13812345678; landline → 0371-12345678.
    Accepts +86 / 0086 prefixes, spaces, dashes and parentheses."""
    if isinstance(value, float):
        if not value.is_integer():
            raise CellError("手机号格式不正确")
        value = int(value)
    raw = clean_text(value)
    text = raw.translate(_PHONE_STRIP)
    for prefix in ("+86", "0086"):
        if text.startswith(prefix):
            text = text[len(prefix):]
            break
    else:
        if len(text) == 13 and text.startswith("861"):
            text = text[2:]
    if _MOBILE_RE.fullmatch(text):
        return text
    # Beijing/Shanghai/… (010, 02x) have 3-character area codes, the rest 4 (0371, 0755 …).
    m = _LANDLINE_RE.fullmatch(text)
    if m:
        return f"{m[1]}-{m[2]}"
    raise CellError(f"电话号码格式不正确：{raw}（手机号为 11 位，固定电话需带区号，如 0371-12345678）")


def mask_phone(value: str | None) -> str:
    """Mask a phone for display: keep the first 3 and last 4 characters (138****5678)."""
    return masked(value, 3, 4)


# ---------------------------------------------------------------- booleans and numbers
_TRUE = frozenset({"yes", "y", "true", "t", "1", "是", "√", "对", "有"})
_FALSE = frozenset({"no", "n", "false", "f", "0", "否", "×", "错", "无"})


def parse_bool(value: object) -> bool:
    """Parse yes/no, 是/否, true/false, 1/0, Y/N (case-insensitive)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    text = clean_text(value).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise CellError(f"无法识别的是/否值：{value}（请填写 是 或 否）")


_NUMBER_RE = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[+-]?\.\d+")


def _number_text(value: object) -> str:
    text = clean_text(value).replace(" ", "").replace("\u2212", "-")  # U+2212 minus survives NFKC
    if not _NUMBER_RE.fullmatch(text):
        raise CellError(f"不是有效的数字：{value}")
    return text.replace(",", "")


def parse_decimal(value: object) -> Decimal:
    """Parse a decimal; thousands separators and full-width digits are accepted."""
    if isinstance(value, bool):
        raise CellError(f"不是有效的数字：{value}")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise CellError(f"不是有效的数字：{value}")
        return Decimal(repr(value))  # repr gives the shortest round-trip form, not binary noise
    try:
        return Decimal(_number_text(value))
    except InvalidOperation:  # pragma: no cover - regex already guards the form
        raise CellError(f"不是有效的数字：{value}") from None


def parse_int(value: object) -> int:
    """Parse an integer; 12.0 (XLSX) and 1,234 are accepted, 1.5 is not."""
    if isinstance(value, bool):
        raise CellError(f"不是有效的整数：{value}")
    if isinstance(value, int):
        return value
    number = parse_decimal(value)
    if number != number.to_integral_value():
        raise CellError(f"应为整数：{value}")
    return int(number)


_YEAR_SUFFIX_RE = re.compile(r"\s*(?:年度|年|届|级)$")


def parse_year(value: object) -> int:
    """Parse a year such as 2023, 2023年, 2023届, 2023级 (1900–2100)."""
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.year
    text = value if isinstance(value, (int, float)) else _YEAR_SUFFIX_RE.sub("", clean_text(value))
    try:
        year = parse_int(text)
    except CellError:
        raise CellError(f"年份格式不正确：{value}（请填写四位年份，如 2023）") from None
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise CellError(f"年份超出范围：{value}（应在 {MIN_YEAR}–{MAX_YEAR} 之间）")
    return year
