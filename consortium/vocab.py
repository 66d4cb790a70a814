"""The platform's vocabulary: every enumerated value once — its stored key, its Chinese label (the catalog's
msgid; English lives in translations/en), the spellings an imported file may use, and the sets the rules use.

Models, forms, import column specs, templates and the book's figures all read these; nothing else defines an
enum. A `Vocabulary` behaves as an ordered mapping key → lazily translated label, so `.items()` feeds a
select field and `.label(key)` a page. Labels are marked with `N_` so that Babel extracts them.
Importing this module imports no Flask: the pure cores (matcher, figures) read it too; Flask-Babel is
loaded the first time a translated label is asked for.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass


def _translated(text: str):
    """A lazily translated label (Flask-Babel imported on first use, not when a pure core imports this module)."""
    from flask_babel import lazy_gettext

    return lazy_gettext(text)


def N_(text: str) -> str:
    """Marks a label for translation without translating it (translated where it is shown)."""
    return text


@dataclass(frozen=True)
class Term:
    """One enumerated value.

    ``zh`` is the Chinese label people see (and the catalog msgid). ``file_label`` is the label records.md
    gives for import and export files when it differs; ``spellings`` are further accepted spellings in files;
    ``book`` is the recommendation book's wording when it differs; ``tone`` the Bootstrap colour of a status
    badge.
    """

    key: str | int
    zh: str
    file_label: str | None = None
    spellings: tuple[str, ...] = ()
    book: str | None = None
    tone: str | None = None


class Vocabulary(Mapping):
    """An ordered set of terms: a read-only mapping key → lazily translated label."""

    def __init__(self, name: str, *terms: Term, stored: bool = True):
        self.name = name
        self.stored = stored  # False: not kept in a column (derived, or one column per key)
        self.terms = tuple(terms)
        self._by_key = {t.key: t for t in self.terms}
        self._label_cache: dict | None = None
        assert len(self._by_key) == len(self.terms), f"{name}: duplicate key"

    @property
    def _labels(self) -> dict:
        if self._label_cache is None:
            self._label_cache = {t.key: _translated(t.zh) for t in self.terms}
        return self._label_cache

    def __getitem__(self, key):
        return self._labels[key]

    def __iter__(self) -> Iterator:
        return iter(self._by_key)

    def __len__(self) -> int:
        return len(self._by_key)

    def __contains__(self, key) -> bool:
        return key in self._by_key

    def __repr__(self) -> str:
        return f"<Vocabulary {self.name}: {', '.join(map(str, self._by_key))}>"

    def __hash__(self) -> int:
        return id(self)

    def __eq__(self, other) -> bool:
        return self is other

    def label(self, key, default=None):
        """The translated label of a key; an unknown key shows as itself (or ``default``), None as ''."""
        if key in self._by_key:
            return self._labels[key]
        if default is not None:
            return default
        return "" if key is None else key

    def label_property(self, attribute: str) -> property:
        """A read-only property for a model: the label of the key its `attribute` holds.

        ``status_label = LOG_STATUSES.label_property("status")`` reads ``LOG_STATUSES.label(row.status)``.
        """
        return property(lambda row: self.label(getattr(row, attribute)),
                        doc=f"The {self.name} label of `{attribute}`.")

    def tone(self, key, default: str = "light") -> str:
        """The Bootstrap colour of a key's status badge."""
        term = self._by_key.get(key)
        return (term.tone if term is not None else None) or default

    def badge(self, key) -> str:
        """The Bootstrap classes of a key's status badge."""
        return "text-bg-" + self.tone(key)

    def choices(self, blank=None, keys=None) -> list[tuple]:
        """(key, label) pairs for a select field, optionally only ``keys`` and after a blank choice."""
        wanted = self.terms if keys is None else [self._by_key[k] for k in keys]
        return ([("", blank)] if blank is not None else []) + [(t.key, self._labels[t.key]) for t in wanted]

    def book_labels(self) -> dict:
        """key → the book's wording, untranslated (its Chinese label unless the book words it differently), for
        the pure figures, which translate where they show the text."""
        return {t.key: t.book or t.zh for t in self.terms}


REGISTRY: dict[str, Vocabulary] = {}


def _vocab(name: str, *terms: Term, stored: bool = True) -> Vocabulary:
    vocab = Vocabulary(name, *terms, stored=stored)
    REGISTRY[name] = vocab
    return vocab


T = Term

# --- members: consortia and their member organizations ------------------------------------------------------

# The book's member rows, in its order (metrics.md, section 1).
MEMBER_TYPES = _vocab(
    "member_type",
    T("secondary_vocational", N_("中职学校"), spellings=("中职", "中等职业学校")),
    T("higher_vocational", N_("高职学校(含职教本科)"), "高职学校", ("高职", "高等职业学校")),
    T("undergraduate", N_("普通本科学校"), spellings=("本科", "本科学校", "普通本科")),
    T("government", N_("政府部门"), spellings=("政府",)),
    T("enterprise", N_("企业")),
    T("research", N_("科研机构"), spellings=("科研院所",)),
    T("other", N_("其他组织"), spellings=("其他",)),
)
SCHOOL_TYPES = ("secondary_vocational", "higher_vocational", "undergraduate")
VOCATIONAL_TYPES = ("secondary_vocational", "higher_vocational")
# Who may employ a teacher or an enterprise expert.
TEACHER_EMPLOYER_TYPES = SCHOOL_TYPES + ("enterprise", "research")

MEMBER_ROLES = _vocab(
    "member_role",
    T("lead_school", N_("牵头学校")),
    T("lead_enterprise", N_("牵头企业")),
    T("park", N_("园区")),
    T("member", N_("成员"), spellings=("成员单位",)),
)
SECTORS = _vocab(
    "sector",
    T("industrial", N_("工业"), spellings=("制造业",)),
    T("wholesale", N_("批发业")),
    T("retail", N_("零售业")),
    T("lodging", N_("住宿业")),
    T("catering", N_("餐饮业")),
    T("other", N_("其他")),
)
FUND_SOURCES = _vocab(
    "fund_source",
    T("lead_unit", N_("牵头单位负担")),
    T("government", N_("政府核拨")),
    T("other_members", N_("其他成员负担")),
    T("other", N_("其他途径")),
    stored=False,  # ConsortiumYear has one amount column per source
)
# Narrative fields of the book with their character limits (metrics.md section 1, book section 2–4);
# NARRATIVES (key → (translated label, limit)) is built from these on first use, see __getattr__ below.
NARRATIVE_TEXTS = {
    "leader": (N_("联合体负责人"), 200),
    "secretariat": (N_("秘书处情况"), 500),
    "leading_industries": (N_("产业园区主导产业情况"), 200),
    "policies": (N_("联合体所在地制定支持职业教育政策及落实情况"), 500),
    "teacher_awards": (N_("教师教学团队获国家级奖励情况"), 100),
    "info_platform": (N_("搭建人才供需信息平台，完善职业教育专业动态调整机制情况"), 200),
    "new_methods": (N_("联合体各类主体深入合作，及时把新方法、新技术、新工艺、新标准引入教育教学实践情况"), 200),
    "skills_contests": (N_("职业学校技能大赛获奖情况"), 100),
    "features": (N_("特色与创新"), 2000),
    "plan": (N_("建设规划"), 1000),
}

# --- auth: user accounts --------------------------------------------------------------------------------------

ROLES = _vocab(
    "user_role",
    T("admin", N_("秘书处管理员")),
    T("enterprise", N_("企业用户")),
    T("school", N_("学校用户")),
    T("student", N_("学生")),
    T("teacher", N_("教师")),
    T("bureau", N_("推荐单位")),  # a city education bureau reviewing its city's books (consortium.book.review)
)
# Roles that act for one member organization.
ORG_ROLES = ("enterprise", "school")

# --- people: students and teachers ---------------------------------------------------------------------------

GENDERS = _vocab("gender", T("male", N_("男"), spellings=("m",)), T("female", N_("女"), spellings=("f",)))
PATHWAYS = _vocab(
    "pathway",
    T("none", N_("无")),
    T("secondary_higher", N_("中高职贯通")),
    T("secondary_higher_undergrad", N_("中高本衔接")),
)
ADMISSION_ROUTES = _vocab(
    "admission_route",
    T("regular", N_("普通")),
    T("vocational_graduate", N_("中高职毕业生")),
    T("frontline_employee", N_("企业一线员工")),
)
OUTCOMES = _vocab(
    "outcome",
    T("employed", N_("就业")),
    T("self_employed", N_("创业")),
    T("further_study", N_("升学")),
    T("further_study_exam", N_("文化素质+职业技能考试升学")),
    T("unemployed", N_("待就业")),
    T("other", N_("其他")),
)
# Graduates counted as employed, and as placed (employed or in further study), by the book's figures.
EMPLOYED_OUTCOMES = ("employed", "self_employed")
PLACED_OUTCOMES = ("employed", "self_employed", "further_study", "further_study_exam")
FURTHER_STUDY_OUTCOMES = ("further_study", "further_study_exam")
POSTS = _vocab("post", T("fixed", N_("固定岗")), T("flowing", N_("流动岗")))
# Whether a placement or an application is a student's or a teacher's (which of its two ids is set).
CANDIDATE_KINDS = _vocab("candidate_kind", T("student", N_("学生")), T("teacher", N_("教师")), stored=False)

# --- jobs: positions, applications, placements, programmes ---------------------------------------------------

POSITION_KINDS = _vocab(
    "position_kind",
    T("apprenticeship", N_("学徒岗")),
    T("field_engineer", N_("现场工程师")),
    T("internship", N_("实习实训"), spellings=("实习",)),
    T("teacher_practice", N_("教师企业实践"), "教师实践"),
)
STUDENT_KINDS = ("apprenticeship", "field_engineer", "internship")
TEACHER_KINDS = ("teacher_practice",)
POSITION_STATUSES = _vocab(
    "position_status",
    T("draft", N_("草稿"), tone="secondary"),
    T("open", N_("开放"), tone="success"),
    T("closed", N_("已关闭"), "关闭", tone="dark"),
)
APPLICATION_STATUSES = _vocab(
    "application_status",
    T("pending", N_("待处理"), tone="warning"),
    T("accepted", N_("已录用"), tone="success"),
    T("rejected", N_("未录用"), tone="secondary"),
    T("withdrawn", N_("已撤回"), tone="light border"),
)
PLACEMENT_STATUSES = _vocab(
    "placement_status",
    T("proposed", N_("待确认"), tone="warning"),
    T("accepted", N_("已接收"), tone="info"),
    T("active", N_("在岗"), tone="success"),
    T("completed", N_("已完成"), tone="primary"),
    T("rejected", N_("已拒绝"), tone="secondary"),
    T("withdrawn", N_("已退出"), tone="light border"),
)
# Placement statuses that hold a slot of the position, and that the book's figures count.
SLOT_STATUSES = ("accepted", "active", "completed")
COUNTED_STATUSES = SLOT_STATUSES
PLACEMENT_SOURCES = _vocab(
    "placement_source",
    T("application", N_("申请录用")),
    T("matching", N_("智能匹配")),
    T("record", N_("秘书处补录")),
    T("import", N_("批量导入")),
)
PROGRAMME_KINDS = _vocab(
    "programme_kind",
    T("order_class", N_("订单班")),
    T("named_class", N_("冠名班")),
    T("other", N_("其他")),
)

# --- matching ---------------------------------------------------------------------------------------------------

MATCH_MODES = _vocab(
    "match_mode",
    T("stable", N_("稳定匹配（尊重学生志愿）")),
    T("max_fit", N_("总体匹配度最高")),
)

MATCH_ROUND_STATUSES = _vocab(
    "match_round_status",
    T("queued", N_("排队中"), tone="secondary"),
    T("running", N_("运行中"), tone="secondary"),
    T("finished", N_("已完成"), tone="success"),
    T("failed", N_("失败"), tone="danger"),
    T("cancelled", N_("已取消"), tone="secondary"),
)

# --- teachers: exchange and 双师型 evidence -------------------------------------------------------------------

EVIDENCE_KINDS = _vocab(
    "evidence_kind",
    T("certificate", N_("资格证书")),
    T("enterprise_experience", N_("企业工作经历")),
)

# --- training: sessions, rosters, certificates, requests --------------------------------------------------------

# Keys and labels as in records.md (training_sessions); the book's rows come from these.
TRAINING_KINDS = _vocab(
    "training_kind",
    T("pre_job", N_("岗前培训")),
    T("job_transfer", N_("转岗培训")),
    T("skill_upgrade", N_("技能提升培训")),
    T("continuing_education", N_("继续教育")),
    T("certification", N_("技能鉴定培训"), book=N_("技能鉴定/取证培训")),
)
AUDIENCES = _vocab(
    "audience",
    T("enterprise_employees", N_("企业职工")),
    T("migrant_workers", N_("农民工")),
    T("veterans", N_("退役军人")),
    T("laid_off", N_("下岗职工")),
    T("students", N_("学生")),
    T("other", N_("其他")),
)
# Audiences the book counts as special groups (农民工、退役军人、下岗职工).
SPECIAL_GROUPS = ("migrant_workers", "veterans", "laid_off")
COMPLETION = _vocab("completion", T("completed", N_("已结业")), T("not_completed", N_("未结业")))


def _level(key: int, zh: str, number: str, title: str) -> Term:
    spellings = (str(key), f"{key}级", number, title, f"{number}{title}", f"{number}({title})", f"{title}({number})")
    return Term(key, zh, spellings=spellings)


CERTIFICATE_LEVELS = _vocab(
    "certificate_level",
    _level(1, N_("一级/高级技师"), "一级", "高级技师"),
    _level(2, N_("二级/技师"), "二级", "技师"),
    _level(3, N_("三级/高级工"), "三级", "高级工"),
    _level(4, N_("四级/中级工"), "四级", "中级工"),
    _level(5, N_("五级/初级工"), "五级", "初级工"),
)
# Stored request statuses; `delivered` is derived (the planned session has ended), see TrainingRequest.status_on.
REQUEST_STATUSES = _vocab(
    "request_status",
    T("submitted", N_("已提交"), tone="secondary"),
    T("assigned", N_("已分派"), tone="info"),
    T("planned", N_("已排期"), tone="primary"),
    T("delivered", N_("已完成"), tone="success"),
    T("cancelled", N_("已取消"), tone="light"),
)
# Requests not yet planned: the secretariat may still (re)assign them, and they may be cancelled.
UNPLANNED_REQUEST_STATUSES = ("submitted", "assigned")

# --- records the book counts: co-built resources and research outputs ------------------------------------------

RESOURCE_KINDS = _vocab(
    "resource_kind",
    T("major", N_("共建专业"), "专业"),
    T("course", N_("共建课程"), "课程"),
    T("textbook", N_("共建教材"), "教材"),
    T("training_base", N_("共建实训基地"), "实训基地"),
    T("industry_college", N_("共建产业学院"), "产业学院"),
    T("tech_platform", N_("共性技术服务平台")),
    T("master_studio", N_("大师工作室")),
)
OUTPUT_KINDS = _vocab(
    "output_kind",
    T("invention_patent", N_("发明专利")),
    T("utility_model", N_("实用新型专利")),
    T("award", N_("省部级奖励")),
    T("standard", N_("标准")),
    T("other", N_("其他")),
)

# --- supply meets demand: demand forecasts, major adjustments, matchmaking events ---------------------------

FORECAST_LEVELS = _vocab(
    "forecast_level",
    T("secondary_vocational", N_("中职"), spellings=("中专", "中职学校", "中等职业")),
    T("junior_college", N_("专科"), spellings=("高职", "高职专科", "大专")),
    T("undergraduate", N_("本科"), spellings=("职教本科", "本科及以上")),
)
ADJUSTMENT_ACTIONS = _vocab(
    "adjustment_action",
    T("open", N_("新设")),
    T("close", N_("停招/撤销")),
    T("enlarge", N_("扩大招生")),
    T("shrink", N_("缩减招生")),
)
EVENT_KINDS = _vocab(
    "event_kind",
    T("job_fair", N_("招聘会")),
    T("campus_day", N_("校园招聘日")),
    T("open_day", N_("企业开放日")),
    T("other", N_("其他对接活动")),
)


# --- book: the recommendation book as the province receives it (consortium.book) ----------------------------

INCIDENT_AREAS = _vocab("incident_area", T("enrolment", N_("招生")), T("employment", N_("就业")),
                        T("safety", N_("安全")), T("other", N_("其他")))
MATERIAL_TARGETS = _vocab("material_target", T("figure", N_("推荐书指标")), T("narrative", N_("文字栏目")),
                          T("point", N_("建设指标观测点")), T("governance", N_("治理记录")))
GOVERNANCE_KINDS = _vocab("governance_kind", T("board", N_("理事会（董事会）及成员")),
                          T("meetings", N_("理事会会议及决议")), T("charter", N_("章程与管理制度")),
                          T("coordination", N_("协调联动机制")), T("incentives", N_("激励政策")), stored=False)
SELF_RATINGS = _vocab("self_rating", T("A", N_("优秀")), T("B", N_("良好")), T("C", N_("合格")), T("D", N_("待改进")))
SUBMISSION_STATUSES = _vocab("submission_status", T("submitted", N_("已提交，待推荐单位审核"), tone="warning"),
                             T("returned", N_("已退回修改"), tone="danger"),
                             T("forwarded", N_("已推荐报送省教育厅"), tone="success"))
REVIEW_ACTIONS = _vocab("review_action", T("submit", N_("提交")), T("return", N_("退回修改")),
                        T("forward", N_("推荐报送")))
BOARD_ROLES = _vocab("board_role", T("chair", N_("理事长")), T("vice_chair", N_("副理事长")),
                     T("secretary_general", N_("秘书长")), T("director", N_("理事")), T("supervisor", N_("监事")))
CHARTER_KINDS = _vocab("charter_kind", T("charter", N_("章程")), T("rule", N_("管理制度")))
TASK_STATUSES = _vocab("task_status", T("planned", N_("未开始")), T("in_progress", N_("推进中")),
                       T("done", N_("已完成")))
POLICY_KINDS = _vocab("policy_kind", T("finance", N_("金融")), T("fiscal", N_("财政")), T("tax", N_("税费")),
                      T("land", N_("土地")), T("credit", N_("信用")), T("employment", N_("就业")),
                      T("income", N_("收入分配")))


# --- internship supervision: logs, check-ins, absences, evaluations, incidents ---------------------------------

LOG_CADENCES = _vocab(
    "log_cadence",
    T("daily", N_("日志")),
    T("weekly", N_("周报")),
    T("monthly", N_("月报")),
)
LOG_STATUSES = _vocab(
    "log_status",
    T("submitted", N_("待批阅"), tone="primary"),
    T("returned", N_("已退回"), tone="danger"),
    T("approved", N_("已签认"), tone="success"),
)
# Flags on a check-in, kept as a list in one JSON column.
CHECKIN_FLAGS = _vocab(
    "checkin_flag",
    T("far", N_("超出签到范围")),
    T("shared_device", N_("同一设备为多名学生签到")),
    T("no_location", N_("未提供位置")),
    stored=False,
)
ABSENCE_REASONS = _vocab(
    "absence_reason",
    T("sick", N_("病假")),
    T("personal", N_("事假")),
    T("compensatory", N_("调休")),
)
ABSENCE_STATUSES = _vocab(
    "absence_status",
    T("pending", N_("待审批"), tone="warning"),
    T("approved", N_("已批准"), tone="success"),
    T("rejected", N_("未批准"), tone="secondary"),
)
EVALUATION_KINDS = _vocab(
    "evaluation_kind",
    T("mentor", N_("企业指导人员评价")),
    T("supervisor", N_("校内指导教师评定")),
    T("self", N_("学生自评")),
)
INCIDENT_KINDS = _vocab(
    "incident_kind",
    T("injury", N_("人身伤害")),
    T("safety", N_("安全事故")),
    T("wage", N_("薪酬纠纷")),
    T("harassment", N_("骚扰")),
    T("other", N_("其他")),
)
INCIDENT_SEVERITIES = _vocab(
    "incident_severity",
    T("minor", N_("一般"), tone="secondary"),
    T("serious", N_("严重"), tone="danger"),
)
INCIDENT_STATUSES = _vocab(
    "incident_status",
    T("open", N_("待处理"), tone="warning"),
    T("handling", N_("处理中"), tone="info"),
    T("closed", N_("已结案"), tone="light border"),
)


def __getattr__(name: str):
    # NARRATIVES holds translated labels, built on first use so that importing this module needs no Flask.
    if name == "NARRATIVES":
        value = {key: (_translated(text), limit) for key, (text, limit) in NARRATIVE_TEXTS.items()}
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
