"""Cell normalisation: dates, ID numbers, phones, lists, booleans, numbers, masking."""
from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from consortium.tables.normalize import (CellError, id_check_digit, mask_id_number, mask_phone, nfkc,
                                          normalize_phone, parse_bool, parse_date, parse_decimal, parse_int,
                                          parse_year, split_list, validate_id_number)

D = date(2023, 7, 19)


@pytest.mark.parametrize("value", ["2023-07-19", "2023/7/19", "2023.7.19", "20230719", "2023年7月19日",
                                   "2023年07月19日", " 2023-7-19 ", "２０２３－０７－１９", "2023-07-19 00:00:00",
                                   "2023/7/19 8:30", datetime(2023, 7, 19, 10, 5), D, 45126, 45126.0,
                                   20230719])
def test_parse_date_accepts(value):
    assert parse_date(value) == D


def test_excel_serials_around_the_fake_leap_day():
    assert parse_date(1) == date(1900, 1, 1)
    assert parse_date(59) == date(1900, 2, 28)
    assert parse_date(61) == date(1900, 3, 1)
    with pytest.raises(CellError):
        parse_date(60)  # Excel's 1900-02-29 does not exist


@pytest.mark.parametrize("value,reason", [
    ("07/08/2023", "日期格式无法识别：07/08/2023（日/月顺序不明确，请使用 年-月-日 格式，如 2023-07-08）"),
    ("7-8-2023", "日/月顺序不明确"),
    ("19/07/2023", "如 2023-07-19"),
    ("2023-02-29", "日期不存在"),
    ("1850-01-01", "年份超出范围"),
    ("45126", "请使用 2023-07-19 格式"),      # a serial as CSV text is not accepted
    ("23-7-19", "日期格式无法识别"),
    ("下周一", "日期格式无法识别"),
    (-3, "不是有效的 Excel 日期序号"),
    (True, "日期格式无法识别"),
])
def test_parse_date_rejects(value, reason):
    with pytest.raises(CellError) as exc:
        parse_date(value)
    assert reason in str(exc.value)


def test_split_list():
    assert split_list("PLC编程、电气控制，焊接,钳工;车工；铣工") == ["PLC编程", "电气控制", "焊接", "钳工", "车工", "铣工"]
    assert split_list(" a 、、 b ,a ") == ["a", "b"]
    assert split_list("") == [] and split_list(None) == []


def _valid_id(first17: str) -> str:
    return first17 + id_check_digit(first17)


def test_id_number_valid_and_lowercase_x():
    assert validate_id_number("11010519491231002x") == "11010519491231002X"
    assert validate_id_number("410102199001011234") == "410102199001011234"
    assert validate_id_number(410102199001011234) == "410102199001011234"  # int from XLSX is exact
    assert validate_id_number("４１０１０２１９９００１０１１２３４") == "410102199001011234"


@pytest.mark.parametrize("value,reason", [
    ("4.10102E+17", "疑似被 Excel 转成数字（科学计数法/末三位变为000），请将该列设为文本格式后重新导出"),
    (4.10102199001011e17, "疑似被 Excel 转成数字"),
    ("410102199001011000", "校验位错误，疑似被 Excel 转成数字"),
    (410102199001011000, "末三位变为000"),
    ("410102199001011235", "身份证号校验位错误（410102********1235）"),
    ("410102199013011234", "出生日期无效"),
    ("410102900101123", "15 位"),
    ("41010219900101123", "实际 17 位"),
    ("01010219900101123X", "格式不正确"),
])
def test_id_number_rejected(value, reason):
    with pytest.raises(CellError) as exc:
        validate_id_number(value)
    assert reason in str(exc.value)
    assert "410102199001011235" not in str(exc.value)  # never echo the full number


@given(st.integers(1, 9), st.integers(0, 10 ** 5 - 1), st.dates(date(1950, 1, 1), date(2010, 12, 31)),
       st.integers(0, 999))
def test_id_check_digit_round_trip(first, region, birth, seq):
    number = _valid_id(f"{first}{region:05d}{birth:%Y%m%d}{seq:03d}")
    assert validate_id_number(number) == number
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    with pytest.raises(CellError):
        validate_id_number(wrong)


def test_masks():
    assert mask_id_number("410102199001011234") == "410102********1234"
    assert mask_id_number("") == "" and mask_id_number(None) == ""
    assert mask_id_number("12345") == "*****"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("0371-12345678") == "037******5678"
    assert mask_phone(None) == ""


@pytest.mark.parametrize("value,expected", [
    ("13812345678", "13812345678"), ("+86 138 1234 5678", "13812345678"), ("0086-138-1234-5678", "13812345678"),
    ("8613812345678", "13812345678"), ("138-1234-5678", "13812345678"), (13812345678, "13812345678"),
    (13812345678.0, "13812345678"), ("０３７１－１２３４５６７８", "0371-12345678"), ("(010) 1234 5678", "010-12345678"),
    ("0371-1234567", "0371-1234567"), ("02112345678", "021-12345678"),
])
def test_phone_ok(value, expected):
    assert normalize_phone(value) == expected


@pytest.mark.parametrize("value", ["12812345678", "1381234567", "37112345678", "phone", "+1 415 555 0100"])
def test_phone_bad(value):
    with pytest.raises(CellError, match="电话号码格式不正确"):
        normalize_phone(value)


@pytest.mark.parametrize("value,expected", [
    ("yes", True), ("No", False), ("是", True), ("否", False), ("TRUE", True), ("false", False), ("1", True),
    ("0", False), ("Y", True), ("n", False), (1, True), (0, False), (True, True), ("ｙｅｓ", True)])
def test_bool(value, expected):
    assert parse_bool(value) is expected


def test_bool_bad():
    with pytest.raises(CellError, match="请填写 是 或 否"):
        parse_bool("maybe")


def test_numbers():
    assert parse_int("1,234") == 1234 and parse_int("１２３") == 123 and parse_int(12.0) == 12
    assert parse_int("-5") == -5 and parse_int("−5") == -5
    assert parse_decimal("1,234.50") == Decimal("1234.50") and parse_decimal(0.1) == Decimal("0.1")
    assert parse_decimal("１，２３４．５") == Decimal("1234.5")
    for bad in ("1.5", "12,34", "abc", "1e5", True):
        with pytest.raises(CellError):
            parse_int(bad)
    for bad in (float("nan"), float("inf"), "--1"):
        with pytest.raises(CellError):
            parse_decimal(bad)


def test_year():
    assert parse_year("2023") == 2023 and parse_year("2023年") == 2023 and parse_year("2023届") == 2023
    assert parse_year(2024.0) == 2024 and parse_year("２０２４级") == 2024
    with pytest.raises(CellError, match="年份超出范围"):
        parse_year("3023")
    with pytest.raises(CellError, match="年份格式不正确"):
        parse_year("二〇二三")


def test_nfkc_folds_fullwidth_and_ideographic_space():
    assert nfkc("ＡＢＣ１２３　（万元）") == "ABC123 (万元)"
    assert nfkc("𪚥") == "𪚥"
