"""Rules for placements: creation (by application, matching or record), the lifecycle with its slot counts
and compliance gate, the documents, and the secretariat's lists."""
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import and_, func, insert, or_, select, union_all
from sqlalchemy.orm import aliased, selectinload

from ..access import acts_for, can_admin_consortium, require_login
from ..audit.services import record
from ..errors import Conflict, NotAllowed, NotFound, ValidationError
from ..extensions import db
from ..common import found, where_given
from ..members.models import Member
from ..people.models import Student, Teacher
from ..people.services import require_placement_age, require_people_manager
from ..timeutil import today, utcnow
from .compliance import TRANSITION_CHECKS, document_problems
from .candidates import candidate_filter, candidate_of, find_candidate, kinds_for
from .models import Placement, Position
from ..vocab import PLACEMENT_STATUSES, SLOT_STATUSES
from .notifications import UserDirectory, candidate_users, notify, notify_each, org_users
from .positions import can_manage_position, move_many_slots, release_slot, take_slot


def _check_candidate_fits(position: Position, candidate) -> None:
    require_placement_age(candidate)
    if position.kind not in kinds_for(candidate):
        raise ValidationError(_("学生只能安排到学徒岗、现场工程师和实习实训岗位，教师只能安排到教师企业实践岗位"),
                              {"candidate": _("候选人类型与岗位类型不符")})
    if candidate.org.consortium_id != position.consortium_id:
        raise ValidationError(_("候选人不属于本联合体"), {"candidate": _("候选人不属于本联合体")})


def new_placement(position, candidate, *, status, source, start_date=None, end_date=None, **extra) -> Placement:
    _check_candidate_fits(position, candidate)
    start = start_date or position.start_date
    end = end_date if start_date else position.end_date
    if end is not None and end < start:
        raise ValidationError(_("结束日期不能早于开始日期"), {"end_date": _("结束日期不能早于开始日期")})
    existing = db.session.scalar(select(Placement).where(Placement.position_id == position.id,
                                                         candidate_filter(Placement, candidate)))
    if existing is not None and existing.status not in ("rejected", "withdrawn"):
        raise Conflict(_("%(name)s 已有该岗位的安排", name=candidate.name))
    if status in SLOT_STATUSES:
        take_slot(position.id)
    if existing is not None:  # a declined or withdrawn placement is reopened, never duplicated
        placement = existing
        placement.status, placement.start_date, placement.end_date, placement.source = status, start, end, source
        for key, value in extra.items():
            setattr(placement, key, value)
    else:
        placement = Placement(position_id=position.id, status=status, source=source, start_date=start, end_date=end,
                              **{f"{candidate.kind}_id": candidate.id}, **extra)
        db.session.add(placement)
    db.session.flush()
    return placement


def proposal_values(position: Position, candidate, *, round_no: int, score: float, reasons) -> dict:
    """The row of a matching proposal: `proposed` (no slot held until the enterprise accepts; the pending
    proposals reserve the position's slots from later rounds), on the position's dates."""
    _check_candidate_fits(position, candidate)
    return {"position_id": position.id, f"{candidate.kind}_id": candidate.id, "status": "proposed",
            "source": "matching", "start_date": position.start_date, "end_date": position.end_date,
            "match_round": round_no, "match_score": score, "match_reasons": list(reasons)}


def proposal_recipients(position: Position, candidate, directory: UserDirectory | None = None) -> list:
    """Who hears of a proposal: the enterprise's users, the candidate and the candidate's school (or employer)."""
    directory = directory or UserDirectory()
    return directory.org_users(position.enterprise_id) + directory.candidate_users(candidate)


def proposal_message(position: Position, candidate) -> str:
    return _("智能匹配推荐：%(name)s → %(title)s，请确认", name=candidate.name, title=position.title)


def propose_placement(position: Position, candidate, *, round_no: int, score: float, reasons) -> Placement | None:
    """A matching round's proposal (no slot held until the enterprise accepts). None if one exists."""
    existing = db.session.scalar(select(Placement).where(Placement.position_id == position.id,
                                                         candidate_filter(Placement, candidate)))
    if existing is not None:
        return None
    placement = Placement(**proposal_values(position, candidate, round_no=round_no, score=score, reasons=reasons))
    db.session.add(placement)
    db.session.flush()
    notify(proposal_recipients(position, candidate), proposal_message(position, candidate),
           f"/placements/{placement.id}")
    return placement


def propose_placements(proposals, *, round_no: int, batch: int = 2000) -> list[int | None]:
    """Many proposals of one round at once, with the rules of `propose_placement`: the same rows, and the same
    people told, but one notification per person summarising their proposals (a person with one proposal gets
    exactly the message `propose_placement` leaves). `proposals` are (position, candidate, score, reasons); the
    result is the new placement id of each, None where the pair already had a placement. Rows are written by
    multi-row INSERTs of `batch` rows; the users to tell are looked up once for the whole round."""
    proposals = list(proposals)
    pairs = {(p.id, c.kind, c.id) for p, c, _s, _r in proposals}
    existing = set()
    position_ids = sorted({pid for pid, _k, _c in pairs})
    for start in range(0, len(position_ids), 500):
        for pid, sid, tid in db.session.execute(select(Placement.position_id, Placement.student_id, Placement.teacher_id)
                                                .where(Placement.position_id.in_(position_ids[start:start + 500]))):
            existing.add((pid, "student", sid) if sid else (pid, "teacher", tid))
    todo = [(i, p, c, s, r) for i, (p, c, s, r) in enumerate(proposals) if (p.id, c.kind, c.id) not in existing]
    ids: list[int | None] = [None] * len(proposals)
    now = utcnow()
    for start in range(0, len(todo), batch):
        chunk = todo[start:start + batch]
        rows = []
        for _i, p, c, s, r in chunk:
            row = {"student_id": None, "teacher_id": None, "created_at": now, "updated_at": now,
                   "compliance_override": False}
            row.update(proposal_values(p, c, round_no=round_no, score=s, reasons=r))
            rows.append(row)
        result = db.session.execute(insert(Placement).returning(Placement.id, sort_by_parameter_order=True), rows)
        for (i, *_rest), new_id in zip(chunk, result.scalars()):
            ids[i] = new_id
    directory = UserDirectory.preload({p.enterprise_id for _i, p, _c, _s, _r in todo} |
                                      {c.org.id for _i, _p, c, _s, _r in todo}, [c for _i, _p, c, _s, _r in todo])
    told: dict[int, list] = {}
    for i, p, c, _s, _r in todo:
        for user in proposal_recipients(p, c, directory):
            mine = told.setdefault(user.id, [])
            if not mine or mine[-1][0] != i:  # the same person twice on one proposal is told once
                mine.append((i, p, c, user))
    messages = []
    for user_id, items in told.items():
        if len(items) == 1:
            i, p, c, _user = items[0]
            messages.append((user_id, proposal_message(p, c), f"/placements/{ids[i]}"))
        else:
            shown = "；".join(f"{c.name} → {p.title}" for _i, p, c, _u in items[:5])
            more = _("等") if len(items) > 5 else ""
            link = "/my/placements" if items[0][3].role in ("student", "teacher") else "/placements?status=proposed"
            messages.append((user_id, _("智能匹配推荐了 %(n)d 个待确认的岗位安排：%(list)s%(more)s", n=len(items),
                                        list=shown, more=more), link))
    notify_each(messages)
    return ids


RECORDED_STATUSES = SLOT_STATUSES  # a placement recorded after the fact holds its slot


def record_placement(actor, position: Position, candidate, *, status: str, start_date=None, end_date=None,
                     source: str = "record") -> Placement:
    """The secretariat records a placement after the fact.

    History (a placement that ended before today) is recorded as it was; missing documents are flagged on
    its page. A current student placement is new to the platform and so has no agreement or insurance yet:
    like the lifecycle and the bulk import, it may only start as `accepted` and goes 在岗 once its
    documents are in.
    """
    require_login(actor)
    if not can_admin_consortium(actor, position.consortium_id):
        raise NotAllowed(_("只有秘书处可以补录岗位安排"))
    if status not in RECORDED_STATUSES:
        raise ValidationError(_("补录的安排状态应为已接收、在岗或已完成"), {"status": _("无效的状态")})
    end = end_date if end_date is not None else position.end_date
    history = end is not None and end < today()
    if candidate.kind == "student" and status != "accepted" and not history:
        raise ValidationError(_("尚未结束的学生岗位安排须先按“已接收”补录，登记三方协议和实习责任保险后再转为在岗"),
                              {"status": _("请选择“已接收”")})
    return new_placement(position, candidate, status=status, source=source, start_date=start_date,
                          end_date=end_date)


def can_manage_placement(actor, placement: Placement) -> bool:
    return can_manage_position(actor, placement.position)


def is_candidate_side(actor, placement: Placement) -> bool:
    candidate = placement.candidate
    if actor.role in ("student", "teacher"):
        return getattr(actor, f"{candidate.kind}_id") == candidate.id
    return acts_for(actor, candidate.org.id)


def get_placement(actor, placement_id: int) -> Placement:
    placement = found(Placement, placement_id, _("岗位安排不存在"))
    require_login(actor)
    if can_manage_placement(actor, placement) or is_candidate_side(actor, placement):
        return placement
    raise NotFound(_("岗位安排不存在"))


# Who may move a placement from one status to another: "org" = the enterprise or secretariat,
# "candidate" = the candidate, their school/employer or the secretariat.
TRANSITIONS = {
    ("proposed", "accepted"): "org",
    ("proposed", "rejected"): "org",
    ("proposed", "withdrawn"): "candidate",
    ("accepted", "active"): "either",
    ("accepted", "withdrawn"): "either",
    ("active", "completed"): "org",
    ("active", "withdrawn"): "either",
}


def allowed_transitions(actor, placement: Placement) -> list[str]:
    out = []
    for (src, dst), who in TRANSITIONS.items():
        if src == placement.status and _may(actor, placement, who):
            out.append(dst)
    return out


def _may(actor, placement, who) -> bool:
    org = can_manage_placement(actor, placement)
    cand = is_candidate_side(actor, placement) or can_admin_consortium(actor, placement.position.consortium_id)
    return {"org": org, "candidate": cand, "either": org or cand}[who]


def transition_placement(actor, placement: Placement, new_status: str) -> Placement:
    """Move a placement along its lifecycle, keeping slot counts and the compliance gate."""
    require_login(actor)
    key = (placement.status, new_status)
    if key not in TRANSITIONS:
        raise Conflict(_("不能从“%(a)s”变为“%(b)s”", a=placement.status_label,
                         b=PLACEMENT_STATUSES.get(new_status, new_status)))
    if not _may(actor, placement, TRANSITIONS[key]):
        raise NotAllowed(_("无权执行该操作"))
    if new_status == "active" and placement.start_date > today():
        raise ValidationError(_("实习开始日期（%(d)s）之前不能上岗", d=placement.start_date.isoformat()),
                              {"start_date": _("尚未到开始日期")})
    problems = document_problems(placement) if new_status == "active" and not placement.compliance_override else {}
    if problems:
        raise ValidationError(_("学生上岗前须登记三方协议（签订日期不晚于开始日期，并上传扫描件）和覆盖实习期间的实习责任保险"),
                              problems)
    if new_status in SLOT_STATUSES and placement.status not in SLOT_STATUSES:
        require_placement_age(placement.candidate)  # a proposal made before is not accepted for an under-age student
    for check in TRANSITION_CHECKS:
        check(actor, placement, new_status)
    if new_status == "active":
        clash = overlapping_placements(placement.candidate, placement.start_date, placement.end_date, placement.id)
        if clash:
            raise Conflict(_("%(name)s 在该时间段已有其他岗位安排", name=placement.candidate.name))
    was_holding = placement.status in SLOT_STATUSES
    will_hold = new_status in SLOT_STATUSES
    if will_hold and not was_holding:
        take_slot(placement.position_id)
    elif was_holding and not will_hold:
        release_slot(placement.position_id)
    placement.status = new_status
    db.session.flush()
    message = _("岗位安排状态变更：%(name)s · %(title)s → %(status)s", name=placement.candidate.name,
                title=placement.position.title, status=PLACEMENT_STATUSES[new_status])
    notify(org_users(placement.position.enterprise_id) + candidate_users(placement.candidate), message,
           f"/placements/{placement.id}")
    return placement


def can_edit_compliance(actor, placement: Placement) -> bool:
    """The enterprise, the secretariat, or the student's school record the documents."""
    return can_manage_placement(actor, placement) or (actor.role == "school" and is_candidate_side(actor, placement))


def save_compliance(actor, placement: Placement, data: dict) -> Placement:
    """Record the three-party agreement and the insurance (enterprise, school or secretariat)."""
    require_login(actor)
    if not can_edit_compliance(actor, placement):
        raise NotAllowed(_("无权登记协议和保险"))
    errors = {}
    start, end = data.get("insurance_start"), data.get("insurance_end")
    if start and end and end < start:
        errors["insurance_end"] = _("保险止期不能早于起期")
    if (data.get("insurer") or data.get("policy_no")) and not start:
        errors["insurance_start"] = _("请填写保险起期")
    if errors:
        raise ValidationError(_("请更正标出的错误"), errors)
    for key in ("agreement_signed_date", "insurer", "policy_no", "insurance_start", "insurance_end", "agreement_file"):
        if key in data and (data[key] or key != "agreement_file"):
            value = data[key]
            setattr(placement, key, value.strip() if isinstance(value, str) else value)
    db.session.flush()
    return placement


def override_compliance(actor, placement: Placement, reason: str) -> Placement:
    """The secretariat lets a placement start without its documents; who, when and why is recorded."""
    require_login(actor)
    if not can_admin_consortium(actor, placement.position.consortium_id):
        raise NotAllowed(_("只有秘书处可以豁免"))
    reason = (reason or "").strip()
    if len(reason) < 4:
        raise ValidationError(_("请说明豁免理由"), {"reason": _("请说明豁免理由（至少 4 个字）")})
    placement.compliance_override = True
    placement.override_reason = reason[:500]
    placement.override_by_id = actor.id
    placement.override_at = utcnow()
    db.session.flush()
    record("placement.override", actor=actor, object_type="placement", object_id=placement.id,
           consortium_id=placement.position.consortium_id)
    return placement


def _candidates_of_org(member_id: int):
    """Placements of the organisation's students or teachers as one IN over a UNION ALL of two indexed
    joins: an OR across the outer-joined tables (or of two IN lists) scans every placement of the deployment
    (103 ms → 8 ms for a count on the generated province, docs/performance.md)."""
    p = aliased(Placement)
    return Placement.id.in_(union_all(
        select(p.id).join(Student, p.student_id == Student.id).where(Student.school_id == member_id),
        select(p.id).join(Teacher, p.teacher_id == Teacher.id).where(Teacher.employer_id == member_id)))


def list_placements(actor, consortium_id: int, *, status="", kind="", position_id=None, school_id=None,
                    missing_documents=False):
    """Placements the actor may see, filtered."""
    require_login(actor)
    stmt = (select(Placement).join(Position).outerjoin(Student, Placement.student_id == Student.id)
            .outerjoin(Teacher, Placement.teacher_id == Teacher.id).where(Position.consortium_id == consortium_id)
            # Each row shows its position's enterprise and its candidate's organisation: load them in batches.
            .options(selectinload(Placement.position).joinedload(Position.enterprise),
                     selectinload(Placement.student).joinedload(Student.school),
                     selectinload(Placement.teacher).joinedload(Teacher.employer)))
    if actor.role == "enterprise":
        stmt = stmt.where(Position.enterprise_id == actor.member_id)
    elif actor.role == "school":
        stmt = stmt.where(_candidates_of_org(actor.member_id))
    elif actor.role in ("student", "teacher"):
        stmt = stmt.where(candidate_filter(Placement, candidate_of(actor)))
    elif not can_admin_consortium(actor, consortium_id):
        raise NotAllowed(_("无权查看"))
    stmt = where_given(stmt, (Placement.status, status), (Position.kind, kind), (Placement.position_id, position_id))
    if school_id:
        stmt = stmt.where(_candidates_of_org(school_id))
    if missing_documents:
        stmt = stmt.where(Placement.student_id.is_not(None), Placement.compliance_override.is_(False),
                          Placement.status.in_(SLOT_STATUSES),
                          or_(Placement.agreement_signed_date.is_(None), Placement.agreement_file.is_(None),
                              Placement.insurer.is_(None), Placement.policy_no.is_(None),
                              Placement.insurance_start.is_(None)))
    return stmt.order_by(Placement.start_date.desc(), Placement.id.desc())


def overlapping_placements(candidate, start: date, end: date | None, exclude_id: int | None = None):
    """Counted placements of this candidate whose dates overlap [start, end] (open end = running)."""
    far = date(9999, 12, 31)
    stmt = select(Placement).where(
        candidate_filter(Placement, candidate), Placement.status.in_(SLOT_STATUSES),
        Placement.start_date <= (end or far),
        or_(Placement.end_date.is_(None), Placement.end_date >= start))
    if exclude_id:
        stmt = stmt.where(Placement.id != exclude_id)
    return list(db.session.scalars(stmt))


def overlapping_pairs(actor, consortium_id: int) -> list[tuple[Placement, Placement]]:
    """Pairs of counted placements of the same candidate whose dates overlap (for the secretariat)."""
    if not can_admin_consortium(actor, consortium_id):
        raise NotAllowed(_("只有秘书处可以查看"))
    a, b = aliased(Placement), aliased(Placement)
    pa, pb = aliased(Position), aliased(Position)
    far = date(9999, 12, 31)
    pairs = []
    # Students and teachers apart: an OR of the two in the join condition joins every counted placement of
    # the consortium with every other (no index applies); each equality alone joins on its own index.
    for column in ("student_id", "teacher_id"):
        same_candidate = and_(getattr(a, column).is_not(None), getattr(a, column) == getattr(b, column))
        stmt = (select(a, b).select_from(a).join(pa, a.position_id == pa.id)
                .join(b, and_(a.id < b.id, same_candidate)).join(pb, b.position_id == pb.id)
                .where(pa.consortium_id == consortium_id, pb.consortium_id == consortium_id,
                       a.status.in_(SLOT_STATUSES), b.status.in_(SLOT_STATUSES),
                       a.start_date <= func.coalesce(b.end_date, far), b.start_date <= func.coalesce(a.end_date, far)))
        pairs.extend((x, y) for x, y in db.session.execute(stmt).all())
    return pairs


def unplaced_candidates(actor, school: Member, on: date | None = None):
    """The school's students (current) and teachers with no counted placement running on the day."""
    require_people_manager(actor, school)
    on = on or today()
    running = and_(Placement.status.in_(SLOT_STATUSES), Placement.start_date <= on,
                   or_(Placement.end_date.is_(None), Placement.end_date >= on))
    students = db.session.scalars(select(Student).where(
        Student.school_id == school.id, Student.graduation_year.is_(None) | (Student.graduation_year >= on.year),
        ~select(Placement.id).where(Placement.student_id == Student.id, running).exists())
        .order_by(Student.student_no)).all()
    teachers = db.session.scalars(select(Teacher).where(
        Teacher.employer_id == school.id,
        ~select(Placement.id).where(Placement.teacher_id == Teacher.id, running).exists())
        .order_by(Teacher.staff_no)).all()
    return students, teachers


def record_placement_by_number(actor, consortium_id: int, data: dict) -> Placement:
    """The secretariat's form: position id, candidate by organization + number, status and dates."""
    require_login(actor)
    if not can_admin_consortium(actor, consortium_id):
        raise NotAllowed(_("只有秘书处可以补录岗位安排"))
    errors = {}
    position = db.session.get(Position, data.get("position_id") or 0)
    if position is None or position.consortium_id != consortium_id:
        errors["position_id"] = _("请选择岗位")
    kind = data.get("candidate_kind")
    if kind not in ("student", "teacher"):
        errors["candidate_kind"] = _("请选择候选人类型")
    candidate = find_candidate(consortium_id, kind, data.get("org_id"), data.get("number")) if not errors else None
    if not errors and candidate is None:
        errors["number"] = _("该单位没有这个学号或工号")
    if errors:
        raise ValidationError(_("请更正标出的错误"), errors)
    return record_placement(actor, position, candidate, status=data.get("status") or "", start_date=data.get("start_date"),
                            end_date=data.get("end_date"))


# ---- bulk placements (the import) -----------------------------------------------------------------

@dataclass
class BulkPlacement:
    """One row of a bulk placement file, resolved: the position, the candidate, the placement already on
    record for the pair (None: a new one), and what the file says (None: keep, or the position's dates)."""

    position: Position
    candidate: object
    existing: Placement | None = None
    status: str | None = None
    start_date: date | None = None
    end_date: date | None = None
    dates_given: bool = False
    end_given: bool = False


@dataclass
class BulkOutcome:
    """What a bulk row writes: the column values, and whether it waits for its documents."""

    values: dict
    waiting_for_documents: bool = False
    slot_change: int = 0


def require_bulk_placements(actor, consortium_id: int) -> None:
    """Only the secretariat records placements in bulk, as on the record form."""
    require_login(actor)
    if not can_admin_consortium(actor, consortium_id):
        raise NotAllowed(_("只有秘书处可以补录岗位安排"))


def plan_bulk_placement(row: BulkPlacement, on: date | None = None) -> BulkOutcome:
    """The rules of one imported placement, the same as the record form and the lifecycle apply.

    A new placement takes a recorded status (accepted by default) and the position's dates unless the file
    gives its own; an existing one may also be withdrawn. The end may not precede the start. History (a
    placement that ended before `on`, the consortium's today) comes in as it is; a current student placement
    without its agreement and insurance (and no override) is held at `accepted`, never `active` or `completed`,
    and reported as waiting for its documents. Raises ValidationError naming the column."""
    on = on or today()
    position, candidate, existing = row.position, row.candidate, row.existing
    _check_candidate_fits(position, candidate)
    values: dict = {}
    if existing is None:
        status = row.status or "accepted"
        if status not in RECORDED_STATUSES:
            raise ValidationError(_("补录的安排状态应为已接收、在岗或已完成"), {"status": _("无效的状态")})
        start, end = (row.start_date, row.end_date) if row.dates_given else (position.start_date, position.end_date)
        values.update(position_id=position.id, source="import", **{f"{candidate.kind}_id": candidate.id})
    else:
        status = row.status or existing.status
        if status != existing.status and status not in RECORDED_STATUSES + ("withdrawn",):
            raise ValidationError(_("导入只能把岗位安排改为已接收、在岗、已完成或已退出"), {"status": _("无效的状态")})
        start = row.start_date if row.dates_given else existing.start_date
        end = row.end_date if row.end_given else existing.end_date
    if end is not None and start is not None and end < start:
        raise ValidationError(_("结束日期不能早于开始日期"), {"end_date": _("结束日期不能早于开始日期")})
    history = end is not None and end < on
    waiting = False
    if not history and status in RECORDED_STATUSES and candidate.kind == "student":
        documents_missing = True if existing is None else bool(document_problems(existing)
                                                               and not existing.compliance_override)
        if documents_missing:
            waiting = True
            if status != "accepted" and not (existing is not None and existing.status == status):
                status = "accepted"
    values["status"] = status
    if existing is None or row.dates_given:
        values["start_date"] = start
    if existing is None or row.end_given:
        values["end_date"] = end
    old = existing.status if existing is not None else None
    change = (status in SLOT_STATUSES) - (old in SLOT_STATUSES)
    return BulkOutcome(values, waiting, change)


def bulk_slot_needs(rows) -> dict[int, int]:
    """The net slots a whole file takes per position, from (position id, BulkOutcome) pairs; zeros left out."""
    need: dict[int, int] = {}
    for position_id, outcome in rows:
        if outcome.slot_change:
            need[position_id] = need.get(position_id, 0) + outcome.slot_change
    return {pid: n for pid, n in need.items() if n}


def bulk_slot_shortfalls(need: dict[int, int], positions: dict[int, Position]) -> dict[int, int]:
    """The positions whose slots cannot hold what the file needs: {position id: slots needed}."""
    return {pid: n for pid, n in need.items() if positions[pid].filled + n > positions[pid].slots}


def apply_bulk_slots(need: dict[int, int]) -> None:
    """Take or release the file's slots, one conditional UPDATE per position (race-safe); Conflict when
    another user took them since the preview."""
    move_many_slots(need, _("岗位名额已被占用，请重新预览后再导入"))
