"""End-of-placement assessment (实习考核): the school's rubric, the three evaluations, the final grade,
and the completion gate with its recorded waiver.

Final grade = 60 % the mentor's rubric score + 40 % the supervisor's grade, rounded to one decimal;
without both it is not given. The student's self-assessment and satisfaction rating are reported beside
it and do not enter the grade.
"""
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import gettext as _
from sqlalchemy import select

from ..access import can_admin_consortium, require_login
from ..errors import Conflict, NotAllowed, NotFound, ValidationError
from ..extensions import db
from ..jobs.compliance import add_transition_check
from ..timeutil import utcnow
from . import access
from .models import Evaluation, Rubric
from .services import ensure_supervision

GRADE_WEIGHTS = {"mentor": Decimal("0.6"), "supervisor": Decimal("0.4")}
DEFAULT_RUBRIC = [{"name": "职业素养与纪律", "weight": 30}, {"name": "专业技能", "weight": 40},
                  {"name": "工作态度", "weight": 20}, {"name": "团队协作与沟通", "weight": 10}]


def rubric_items(school_id: int) -> list[dict]:
    """The school's rubric, or the default one until it sets its own."""
    row = db.session.scalar(select(Rubric).where(Rubric.school_id == school_id))
    return list(row.items) if row is not None and row.items else [dict(i) for i in DEFAULT_RUBRIC]


def save_rubric(actor, school, items: list[dict]) -> Rubric:
    """The school sets its rubric: named items whose whole-number weights add up to 100."""
    require_login(actor)
    if not ((actor.role == "school" and actor.member_id == school.id)
            or can_admin_consortium(actor, school.consortium_id)):
        raise NotAllowed(_("只有学校可以设置考核量表"))
    clean, names = [], set()
    for item in items or []:
        name = str(item.get("name") or "").strip()
        if not name:
            continue
        try:
            weight = int(item.get("weight"))
        except (TypeError, ValueError):
            raise ValidationError(_("权重应为整数"), {"items": _("“%(n)s”的权重应为整数", n=name)})
        if weight <= 0 or name in names:
            raise ValidationError(_("请更正考核项目"), {"items": _("项目名称不能重复，权重应大于 0")})
        names.add(name)
        clean.append({"name": name[:50], "weight": weight})
    if not clean or sum(i["weight"] for i in clean) != 100:
        raise ValidationError(_("各项权重之和应为 100"), {"items": _("各项权重之和应为 100")})
    row = db.session.scalar(select(Rubric).where(Rubric.school_id == school.id))
    if row is None:
        row = Rubric(school_id=school.id)
        db.session.add(row)
    row.items = clean
    db.session.flush()
    return row


def evaluations_of(placement) -> dict[str, Evaluation]:
    return {e.kind: e for e in db.session.scalars(select(Evaluation).where(Evaluation.placement_id == placement.id))}


def list_evaluations(actor, placement) -> dict[str, Evaluation]:
    if not access.can_view(actor, placement):
        raise NotFound(_("岗位安排不存在"))
    return evaluations_of(placement)


def final_grade(evals: dict) -> Decimal | None:
    """60 % mentor + 40 % supervisor, one decimal; None until both exist."""
    if any(kind not in evals or evals[kind].score is None for kind in GRADE_WEIGHTS):
        return None
    total = sum(Decimal(evals[k].score) * w for k, w in GRADE_WEIGHTS.items())
    return total.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _score(value, field, errors):
    try:
        number = Decimal(str(value))
        if not number.is_finite() or not (0 <= number <= 100):
            raise ValueError
        return number
    except (ArithmeticError, ValueError, TypeError):
        errors[field] = _("应为 0 到 100 之间的分数")
        return None


def kind_for(actor, placement) -> str | None:
    """Which evaluation this user writes on this placement, if any."""
    if access.is_mentor(actor, placement):
        return "mentor"
    if access.is_supervisor(actor, placement):
        return "supervisor"
    if access.is_intern(actor, placement):
        return "self"
    return None


def submit_evaluation(actor, placement, data: dict) -> Evaluation:
    """Save the actor's evaluation: the mentor's rubric scores, the supervisor's grade, or the self-assessment.

    Each may be revised until the placement is completed.
    """
    require_login(actor)
    kind = kind_for(actor, placement)
    if kind is None or (data.get("kind") and data["kind"] != kind):
        raise NotAllowed(_("无权填写该评价"))
    if placement.status != "active":
        raise Conflict(_("只有在岗期间可以填写考核；已完成的实习考核不能再修改"))
    errors, scores, score, satisfaction = {}, None, None, None
    comment = (data.get("comment") or "").strip()[:4000] or None
    if kind == "mentor":
        given = data.get("scores") or {}
        if not isinstance(given, dict):
            given = {}
        items = rubric_items(placement.student.school_id) if placement.student_id else [dict(i) for i in DEFAULT_RUBRIC]
        scores = {}
        for item in items:
            value = _score(given.get(item["name"]), f"scores.{item['name']}", errors)
            if value is not None:
                scores[item["name"]] = float(value)
        if not errors:
            score = (sum(Decimal(str(scores[i["name"]])) * i["weight"] for i in items) / 100).quantize(
                Decimal("0.1"), rounding=ROUND_HALF_UP)
    elif kind == "supervisor":
        score = _score(data.get("score"), "score", errors)
        if score is not None:
            score = score.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    else:
        try:
            satisfaction = int(data.get("satisfaction"))
            if not 1 <= satisfaction <= 5:
                raise ValueError
        except (TypeError, ValueError):
            errors["satisfaction"] = _("满意度应为 1 到 5")
        if not comment:
            errors["comment"] = _("请填写自我评价")
    if errors:
        raise ValidationError(_("请更正标出的错误"), errors)
    row = evaluations_of(placement).get(kind)
    if row is None:
        row = Evaluation(placement_id=placement.id, kind=kind)
        db.session.add(row)
    row.author_id, row.scores, row.score, row.comment, row.satisfaction = actor.id, scores, score, comment, satisfaction
    row.created_at = utcnow()
    db.session.flush()
    return row


def waive_mentor_evaluation(actor, placement, reason: str):
    """The school lets the placement complete without the mentor's evaluation; who, when and why is kept."""
    require_login(actor)
    if not access.can_waive_evaluation(actor, placement):
        raise NotAllowed(_("只有学生所在学校可以豁免企业评价"))
    reason = (reason or "").strip()
    if len(reason) < 4:
        raise ValidationError(_("请说明豁免理由"), {"reason": _("请说明豁免理由（至少 4 个字）")})
    sup = ensure_supervision(placement)
    sup.evaluation_waived, sup.waiver_reason, sup.waiver_by_id, sup.waiver_at = True, reason[:500], actor.id, utcnow()
    db.session.flush()
    return sup


def completion_blocker(placement) -> str | None:
    """Why a student placement cannot become 已完成 yet, or None."""
    if placement.student_id is None:
        return None
    if "mentor" in evaluations_of(placement):
        return None
    sup = access.supervision_of(placement)
    if sup is not None and sup.evaluation_waived:
        return None
    return _("企业指导人员尚未提交实习考核评价（学校可记录理由后豁免）")


def require_mentor_evaluation(actor, placement, new_status: str) -> None:
    """The completion gate, called by jobs for every transition."""
    if new_status != "completed":
        return
    blocker = completion_blocker(placement)
    if blocker:
        raise ValidationError(blocker, {"evaluation": blocker})


def install_completion_gate() -> None:
    add_transition_check(require_mentor_evaluation)
