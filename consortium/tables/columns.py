"""Declarative column specs for the 14 importable record types of records.md (names, aliases, kinds, keys).

Required columns (header must be present and the cell non-empty) are the ★ natural-key columns plus what
a record cannot exist without; everything else is optional:

  members            name, type                        enterprise_years  member, year
  students           student_no, school, name, major   teachers          staff_no, employer, name
  positions          code, enterprise, kind, title     placements        position, candidate, candidate_org
  programmes         name, school, enterprise, kind    engagements       teacher, teacher_org, host, start_date
  training_sessions  code, title, kind, start_date     certificates      certificate_no, holder_name, name,
  resources          name, kind                                          level, issued_date
  rd_projects        code, title                       outputs           title, kind
  demand_forecasts   enterprise, year, occupation, level, headcount

Natural keys follow the ★ marks; where a ★ column names a person only unique within an organisation
(placements.candidate, engagements.teacher) the organisation column is part of the key too.
Columns that records.md lists without a Chinese header got the obvious one (开始日期, 学校, 企业 …).
``Column.ref`` names the record type a column refers to, for the database layer to resolve.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

from .. import vocab
from ..vocab import N_, Vocabulary

__all__ = ["Choice", "Column", "RecordSpec", "SPECS", "get_spec", "header_key", "KINDS"]

KINDS = frozenset({"str", "int", "decimal", "date", "bool", "enum", "list", "id_number", "phone",
                   "year", "level"})

_HEADER_DROP_RE = re.compile(r"[\s*★※]+")
_BRACKETS = str.maketrans("【】［］〔〕", "[][][]")


def header_key(text: object) -> str:
    """Normalise a header or enum label for matching: NFKC, no spaces or */★ marks, ASCII brackets,
    lower case (so ' 资产总额（万元） ' matches '资产总额(万元)' and 'Student_No' matches 'student_no')."""
    s = unicodedata.normalize("NFKC", str(text)).translate(_BRACKETS)
    return _HEADER_DROP_RE.sub("", s).lower()


@dataclass(frozen=True)
class Choice:
    """One enum value: the stored key, its Chinese label and extra accepted spellings."""
    key: object
    label: str
    variants: tuple[str, ...] = ()


@dataclass(frozen=True)
class Column:
    """One importable column. ``name`` is canonical, ``alias`` the Chinese header of records.md."""
    name: str
    alias: str
    kind: str = "str"
    required: bool = False
    enum: tuple[Choice, ...] | None = None
    key: bool = False
    max_length: int | None = None      # characters (code points) for str; per item for list
    min_value: float | None = None
    max_value: float | None = None
    default: object = None
    aliases: tuple[str, ...] = ()      # further accepted headers
    ref: str | None = None             # record type named by this column (resolved by the DB layer)
    sensitive: bool = False            # masked wherever shown or exported
    fold: bool = True                  # NFKC-normalise text (off for free text such as descriptions)
    note: str = ""
    example: object = None

    def __post_init__(self):
        assert self.kind in KINDS, self.kind

    @cached_property
    def enum_lookup(self) -> dict[str, object]:
        """header_key(key | label | variant) → stored key."""
        table: dict[str, object] = {}
        for choice in self.enum or ():
            for spelling in (str(choice.key), choice.label, *choice.variants):
                table[header_key(spelling)] = choice.key
        return table

    @property
    def labels(self) -> list[str]:
        """Chinese labels of the enum, in order (for dropdowns)."""
        return [c.label for c in self.enum or ()]

    def label_of(self, key: object) -> str | None:
        """Chinese label of a stored enum key."""
        return next((c.label for c in self.enum or () if c.key == key), None)

    @property
    def display(self) -> str:
        """How the column is named in messages: 学号(student_no)."""
        return f"{self.alias}({self.name})"


@dataclass(frozen=True)
class RecordSpec:
    """A record type: its columns, natural key and cross-field ordering checks."""
    type_name: str
    label_zh: str
    columns: tuple[Column, ...]
    natural_key: tuple[str, ...]
    ordered: tuple[tuple[str, str], ...] = ()   # (earlier, later) pairs, e.g. start_date ≤ end_date
    max_rows: int = 200_000  # one file; the largest yearly history (100k placements) fits in one

    @cached_property
    def by_name(self) -> dict[str, Column]:
        """Canonical name → Column."""
        return {c.name: c for c in self.columns}

    @cached_property
    def header_map(self) -> dict[str, Column]:
        """header_key(canonical | alias | extra alias) → Column; raises if two columns collide."""
        table: dict[str, Column] = {}
        for col in self.columns:
            for h in (col.name, col.alias, *col.aliases):
                other = table.setdefault(header_key(h), col)
                if other is not col:
                    raise ValueError(f"{self.type_name}: header {h!r} used by {other.name} and {col.name}")
        return table

    def column(self, name: str) -> Column:
        """The column with canonical ``name`` (KeyError if none)."""
        return self.by_name[name]

    def match_header(self, header: object) -> Column | None:
        """The column a file header names, or None."""
        return self.header_map.get(header_key(header))


def _enum(vocab: Vocabulary) -> tuple[Choice, ...]:
    """The choices of a vocabulary: each term's file label (records.md) with its UI label and further spellings
    as variants, so a file may use the key, either label or a known spelling."""
    out = []
    for term in vocab.terms:
        label = term.file_label or term.zh
        variants = tuple(dict.fromkeys(v for v in (term.zh, *term.spellings) if v != label))
        out.append(Choice(term.key, label, variants))
    return tuple(out)


NAME, CODE, TITLE, CITY, TEXT = 100, 50, 200, 50, 2000


def _c(name, alias, kind="str", **kw) -> Column:
    if kind == "str" and "max_length" not in kw:
        kw["max_length"] = NAME
    if kind == "list" and "max_length" not in kw:
        kw["max_length"] = NAME
    if kind in ("int", "decimal") and "min_value" not in kw:
        kw["min_value"] = 0  # counts and amounts in 万元 are never negative here
    if kw.get("key"):
        kw["required"] = True
    return Column(name, alias, kind, **kw)


def _start(alias="开始日期", **kw):
    return _c("start_date", alias, "date", example="2024-09-01", **kw)


def _end(alias="结束日期", **kw):
    return _c("end_date", alias, "date", example="2025-06-30", **kw)


_BOOL_NOTE = "填写 是 或 否"
_PERSON_DATES = (("start_date", "end_date"),)

# Lists of partners: a name that is not a member is kept as an external partner (never refused).
_EXTERNAL_NOTE = "成员单位以外的名称作为联合体外合作单位保留；至少一个成员单位参与时计入推荐书数据"

_SPECS = [
    RecordSpec("members", N_("成员单位"), (
        _c("name", "单位名称", key=True, example="郑州职业技术学院"),
        _c("type", "类型", "enum", required=True, example="高职学校", enum=_enum(vocab.MEMBER_TYPES)),
        _c("city", "所在城市", max_length=CITY, example="郑州市"),
        _c("students", "在校生数", "int", note="学校填写", example=12000),
        _c("sector", "行业", "enum", note="企业填写", example="工业", enum=_enum(vocab.SECTORS)),
        _c("joined_date", "加入日期", "date", example="2023-03-01"),
        _c("left_date", "退出日期", "date"),
        _c("role", "角色", "enum", default="member", example="成员", enum=_enum(vocab.MEMBER_ROLES)),
    ), ("name",), (("joined_date", "left_date"),)),
    RecordSpec("enterprise_years", N_("企业年度数据"), (
        _c("member", "企业名称", key=True, ref="members", example="河南某装备制造有限公司"),
        _c("year", "年度", "year", key=True, example=2024),
        _c("employees", "职工总数", "int", example=850),
        _c("assets", "资产总额(万元)", "decimal", example=52000.5),
        _c("sales", "销售总额(万元)", "decimal", example=31000),
        _c("main_revenue", "主营业务收入(万元)", "decimal", example=29800),
        _c("coop_benefit", "校企合作直接经济效益(万元)", "decimal", example=120),
    ), ("member", "year")),
    RecordSpec("students", N_("学生"), (
        _c("student_no", "学号", key=True, max_length=CODE, example="2024010101"),
        _c("school", "学校", key=True, ref="members", example="郑州职业技术学院"),
        _c("name", "姓名", required=True, example="张三"),
        _c("id_number", "身份证号", "id_number", aliases=("身份证号码",), sensitive=True,
           example="11010519491231002X"),
        _c("gender", "性别", "enum", example="男", enum=_enum(vocab.GENDERS)),
        _c("phone", "手机号", "phone", aliases=("手机", "手机号码", "联系电话"), sensitive=True,
           example="13800138000"),
        _c("major", "专业", required=True, example="机电一体化技术"),
        _c("major_code", "专业代码", max_length=20, example="460301"),
        _c("skills", "技能", "list", example="PLC编程、电气控制"),
        _c("city", "意向城市", max_length=CITY, example="郑州市"),
        _c("enrol_year", "入学年份", "year", example=2024),
        _c("graduation_year", "毕业年份", "year", note="在校生留空"),
        _c("pathway", "培养路径", "enum", example="无", enum=_enum(vocab.PATHWAYS)),
        _c("admission_route", "招生类型", "enum", example="普通", enum=_enum(vocab.ADMISSION_ROUTES)),
        _c("outcome", "毕业去向", "enum", enum=_enum(vocab.OUTCOMES)),
        _c("outcome_city", "就业城市", max_length=CITY),
        _c("available_from", "可实习开始日期", "date", example="2027-03-01"),
        _c("available_to", "可实习结束日期", "date", example="2027-08-31"),
    ), ("student_no", "school"), (("enrol_year", "graduation_year"),)),
    RecordSpec("teachers", N_("教师与企业导师"), (
        _c("staff_no", "工号", key=True, max_length=CODE, example="T0001"),
        _c("employer", "所在单位", key=True, ref="members", example="郑州职业技术学院"),
        _c("name", "姓名", required=True, example="李四"),
        _c("subject", "专业领域", example="电气自动化"),
        _c("skills", "技能", "list", example="PLC编程、工业机器人"),
        _c("dual_qualified", "双师型", "bool", note=_BOOL_NOTE, example="是"),
        _c("post", "岗位类型", "enum", example="固定岗", enum=_enum(vocab.POSTS)),
        _c("city", "城市", max_length=CITY, example="郑州市"),
    ), ("staff_no", "employer")),
    RecordSpec("positions", N_("岗位"), (
        _c("code", "岗位编号", key=True, max_length=CODE, example="P2024001"),
        _c("enterprise", "企业", required=True, ref="members", example="河南某装备制造有限公司"),
        _c("kind", "岗位类型", "enum", required=True, example="实习实训", enum=_enum(vocab.POSITION_KINDS)),
        _c("title", "岗位名称", required=True, max_length=TITLE, example="电气装配实习生"),
        _c("majors", "专业要求", "list", example="机电一体化技术、电气自动化技术"),
        _c("skills", "技能要求", "list", example="PLC编程"),
        _c("city", "工作城市", max_length=CITY, example="郑州市"),
        _c("slots", "名额", "int", min_value=1, example=5),
        _start(), _end(),
        _c("description", "岗位描述", max_length=TEXT, fold=False),
        _c("status", "状态", "enum", default="open", example="开放",
           enum=_enum(vocab.POSITION_STATUSES)),
    ), ("code",), _PERSON_DATES),
    RecordSpec("placements", N_("岗位安排"), (
        _c("position", "岗位编号", key=True, max_length=CODE, ref="positions", example="P2024001"),
        _c("candidate", "学号或工号", key=True, max_length=CODE, example="2024010101",
           note="学生填学号，教师填工号"),
        _c("candidate_org", "学校或单位", key=True, ref="members", example="郑州职业技术学院"),
        _c("status", "状态", "enum", example="已接收", enum=_enum(vocab.PLACEMENT_STATUSES)),
        _start(), _end(),
    ), ("position", "candidate", "candidate_org"), _PERSON_DATES),
    RecordSpec("programmes", N_("联合培养项目"), (
        _c("name", "项目名称", key=True, max_length=TITLE, example="某企业订单班"),
        _c("school", "学校", required=True, ref="members", example="郑州职业技术学院"),
        _c("enterprise", "企业", required=True, ref="members", example="河南某装备制造有限公司"),
        _c("kind", "类型", "enum", required=True, example="订单班",
           enum=_enum(vocab.PROGRAMME_KINDS)),
        _start(), _end(),
        _c("students", "学号列表", "list", max_length=CODE, ref="students", example="2024010101、2024010102"),
    ), ("name",), _PERSON_DATES),
    RecordSpec("engagements", N_("兼职授课"), (
        _c("teacher", "工号", key=True, max_length=CODE, example="T0001"),
        _c("teacher_org", "所在单位", key=True, ref="members", example="河南某装备制造有限公司"),
        _c("host", "授课学校", key=True, ref="members", example="郑州职业技术学院"),
        _start(key=True), _end(),
        _c("course", "课程", max_length=TITLE, example="电气控制技术"),
        _c("class_hours", "课时数", "int", example=32),
    ), ("teacher", "teacher_org", "host", "start_date"), _PERSON_DATES),
    RecordSpec("training_sessions", N_("培训"), (
        _c("code", "培训编号", key=True, max_length=CODE, example="TR2024001"),
        _c("title", "培训名称", required=True, max_length=TITLE, example="电工技能提升培训"),
        _c("kind", "培训类型", "enum", required=True, example="技能提升培训", enum=_enum(vocab.TRAINING_KINDS)),
        _c("audience", "培训对象", "enum", example="企业职工", enum=_enum(vocab.AUDIENCES)),
        _c("provider", "承训单位", ref="members", example="郑州职业技术学院"),
        _c("host", "企业/地点", max_length=TITLE, example="河南某装备制造有限公司"),
        _start(required=True), _end(),
        _c("days", "天数", "decimal", example=5),
        _c("participants", "结业人数", "int", example=40),
    ), ("code",), _PERSON_DATES),
    RecordSpec("certificates", N_("职业技能等级证书"), (
        _c("certificate_no", "证书编号", key=True, max_length=CODE, example="Y000041010000240001"),
        _c("holder_name", "姓名", required=True, example="张三"),
        _c("holder_id_number", "身份证号", "id_number", aliases=("身份证号码",), sensitive=True,
           example="11010519491231002X"),
        _c("name", "证书名称", required=True, max_length=TITLE, example="电工"),
        _c("level", "等级", "level", required=True, enum=_enum(vocab.CERTIFICATE_LEVELS), example="四级/中级工",
           note="1–5 或 一级/高级技师 … 五级/初级工"),
        _c("issued_date", "发证日期", "date", required=True, example="2024-12-20"),
        _c("issuer", "发证机构", max_length=TITLE, example="郑州职业技术学院"),
        _c("session", "培训编号", max_length=CODE, ref="training_sessions", example="TR2024001"),
    ), ("certificate_no",)),
    RecordSpec("resources", N_("共建资源"), (
        _c("name", "名称", key=True, max_length=TITLE, example="智能制造产业学院"),
        _c("kind", "类型", "enum", key=True, example="产业学院", enum=_enum(vocab.RESOURCE_KINDS)),
        _c("partners", "共建单位", "list", ref="members", example="郑州职业技术学院、河南某装备制造有限公司",
           note=_EXTERNAL_NOTE),
        _c("established_date", "建成日期", "date", example="2023-09-01"),
        _c("closed_date", "撤销日期", "date"),
    ), ("name", "kind"), (("established_date", "closed_date"),)),
    RecordSpec("rd_projects", N_("校企合作技术研发"), (
        _c("code", "项目编号", key=True, max_length=CODE, example="RD2024001"),
        _c("title", "项目名称", required=True, max_length=TITLE, example="数控机床故障诊断系统研发"),
        _c("school", "学校", ref="members", example="郑州职业技术学院"),
        _c("enterprise", "企业", ref="members", example="河南某装备制造有限公司"),
        _start(),
        _c("completed_date", "结题日期", "date", example="2025-06-30"),
        _c("converted", "已转化", "bool", note=_BOOL_NOTE, example="否"),
        _c("funds_received", "到账经费(万元)", "decimal", example=30),
        _c("funds_year", "到账年度", "year", example=2024),
    ), ("code",), (("start_date", "completed_date"),)),
    RecordSpec("outputs", N_("研究成果"), (
        _c("title", "成果名称", key=True, max_length=TITLE, aliases=("名称",), example="一种数控机床主轴冷却装置"),
        _c("kind", "类型", "enum", key=True, example="实用新型专利", enum=_enum(vocab.OUTPUT_KINDS)),
        _c("date", "日期", "date", example="2024-05-10"),
        _c("members", "完成单位", "list", ref="members", example="郑州职业技术学院、河南某装备制造有限公司",
           note=_EXTERNAL_NOTE),
    ), ("title", "kind")),
    RecordSpec("demand_forecasts", N_("人才需求预测"), (
        _c("enterprise", "企业", key=True, ref="members", aliases=("企业名称", "用人单位"), example="河南某装备制造有限公司"),
        _c("year", "需求年度", "year", key=True, aliases=("年度",), example=2026),
        _c("occupation", "职业（工种）", key=True, aliases=("职业", "工种", "岗位工种"), example="工业机器人系统运维员",
           note="按《职业分类大典（2022）》名称自动匹配"),
        _c("level", "学历层次", "enum", key=True, aliases=("学历",), example="专科",
           enum=_enum(vocab.FORECAST_LEVELS)),
        _c("majors", "需求专业", "list", aliases=("专业",), example="工业机器人技术、机电一体化技术"),
        _c("headcount", "需求人数", "int", required=True, min_value=1, max_value=100000, aliases=("人数",), example=20),
        _c("skills", "技能要求", "list", aliases=("技能",), example="机器人示教、PLC编程"),
        _c("month", "需求月份", "int", min_value=1, max_value=12, aliases=("月份",), example=7),
        _c("declared_date", "填报日期", "date", example="2025-11-15"),
    ), ("enterprise", "year", "occupation", "level")),
]

SPECS: dict[str, RecordSpec] = {s.type_name: s for s in _SPECS}


def get_spec(type_name: str) -> RecordSpec:
    """The spec of a record type by its records.md name (e.g. 'students'); KeyError lists valid names."""
    try:
        return SPECS[type_name]
    except KeyError:
        raise KeyError(f"unknown record type {type_name!r}; expected one of {', '.join(SPECS)}") from None
