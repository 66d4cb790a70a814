"""Turns the consortium's records into matcher inputs, runs rounds as jobs, records proposals.

The scoring and allocation are the pure functions of this package; this module only reads rows,
maps them to `Candidate`/`Position` values, and writes the round's proposals as `proposed`
placements through the jobs workflow (which confirms or declines them).
"""
from collections import defaultdict
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from ..access import can_admin_consortium, require_consortium_admin
from ..audit.services import record
from ..errors import Conflict, NotFound, ValidationError
from ..extensions import db
from ..jobs import services as jobs
from ..jobs.models import POSITION_KINDS, SLOT_STATUSES, Application, Placement, Position
from ..members.models import SCHOOL_TYPES, Member
from ..people.models import Student, Teacher
from ..queue import enqueue, set_progress
from ..timeutil import utcnow
from ..matcher.core import Candidate
from ..matcher.core import Position as MPosition
from .models import MatchOverride, MatchRound

MODES = ("stable", "max_fit")


def _member_ids(consortium_id: int, today: date, types=None) -> list[int]:
    stmt = select(Member.id).where(Member.consortium_id == consortium_id, Member.joined_date <= today,
                                   or_(Member.left_date.is_(None), Member.left_date >= today))
    if types:
        stmt = stmt.where(Member.type.in_(types))
    return list(db.session.scalars(stmt))


def round_inputs(consortium_id: int, kind: str | None = None, today: date | None = None):
    """Open positions with free slots, and candidates not waiting on a proposal, as matcher values.

    Returns (candidates, positions, people, rows): `people` maps candidate ids to their records,
    `rows` maps position ids to Position rows. Proposed placements do not hold slots, but they
    reserve them for the round that made them: a later round offers only what is left.
    """
    today = today or date.today()
    kinds = (kind,) if kind else tuple(POSITION_KINDS)
    enterprises = _member_ids(consortium_id, today, ("enterprise",))
    schools = _member_ids(consortium_id, today, SCHOOL_TYPES)
    # One pass over the consortium's placements gives the proposals pending per position, who is
    # waiting on a proposal, who is busy when, and which pairs exist already.
    pending, busy, excluded = defaultdict(int), defaultdict(list), defaultdict(list)
    waiting = set()
    for position_id, student_id, teacher_id, status, start, end in db.session.execute(
            select(Placement.position_id, Placement.student_id, Placement.teacher_id, Placement.status,
                   Placement.start_date, Placement.end_date)
            .join(Position).where(Position.consortium_id == consortium_id)):
        key = f"s{student_id}" if student_id else f"t{teacher_id}"
        # Any existing placement row, declined ones included, rules its pair out: never propose twice.
        excluded[key].append(f"p{position_id}")
        if status == "proposed":
            pending[position_id] += 1
            waiting.add(key)
        elif status in SLOT_STATUSES:
            busy[key].append((start, end))
    rows = {}
    positions = []
    for p in db.session.scalars(select(Position).where(
            Position.consortium_id == consortium_id, Position.status == "open", Position.kind.in_(kinds),
            Position.enterprise_id.in_(enterprises)).order_by(Position.id)):
        free = p.slots - p.filled - pending.get(p.id, 0)
        if free <= 0:
            continue
        pid = f"p{p.id}"
        rows[pid] = p
        positions.append(MPosition(id=pid, kind=p.kind, enterprise=str(p.enterprise_id), title=p.title,
                                   majors=tuple(p.majors or ()), skills=tuple(p.skills or ()), city=p.city or "",
                                   slots=p.filled + free, filled=p.filled, start=p.start_date, end=p.end_date,
                                   status="open"))
    prefs = defaultdict(list)
    for a in db.session.scalars(select(Application).join(Position)
                                .where(Application.status == "pending", Position.consortium_id == consortium_id)
                                .order_by(func.coalesce(Application.rank, 999), Application.created_at, Application.id)):
        key = f"s{a.student_id}" if a.student_id else f"t{a.teacher_id}"
        if f"p{a.position_id}" in rows:
            prefs[key].append(f"p{a.position_id}")
    people, candidates = {}, []
    want_students = any(k != "teacher_practice" for k in kinds)
    want_teachers = "teacher_practice" in kinds
    if want_students and schools:
        for s in db.session.scalars(select(Student).where(
                Student.school_id.in_(schools),
                or_(Student.graduation_year.is_(None), Student.graduation_year >= today.year)).order_by(Student.id)):
            key = f"s{s.id}"
            if key in waiting:
                continue
            people[key] = s
            candidates.append(Candidate(id=key, kind="student", org=str(s.school_id), major=s.major or "",
                                        major_code=s.major_code or "", skills=tuple(s.skills or ()), city=s.city or "",
                                        busy=tuple(busy[key]), preferences=tuple(prefs[key]),
                                        excluded=tuple(excluded[key])))
    if want_teachers and schools:
        for t in db.session.scalars(select(Teacher).where(Teacher.employer_id.in_(schools)).order_by(Teacher.id)):
            key = f"t{t.id}"
            if key in waiting:
                continue
            people[key] = t
            candidates.append(Candidate(id=key, kind="teacher", org=str(t.employer_id), major=t.subject or "",
                                        skills=tuple(t.skills or ()), city=t.city or "", busy=tuple(busy[key]),
                                        preferences=tuple(prefs[key]), excluded=tuple(excluded[key])))
    return candidates, positions, people, rows


def candidate_code(person) -> str:
    return person.student_no if person.kind == "student" else person.staff_no


def start_round(actor, consortium, *, kind: str | None = None, mode: str = "stable", bootstrap: bool = False,
                inline: bool = False):
    """Create a round and run it as a background job (inline without Redis, or when asked)."""
    if not bootstrap:
        require_consortium_admin(actor, consortium.id)
    if kind and kind not in POSITION_KINDS:
        raise ValidationError(_("未知岗位类型"), {"kind": _("未知岗位类型")})
    if mode not in MODES:
        raise ValidationError(_("未知匹配模式"), {"mode": _("未知匹配模式")})
    running = db.session.scalar(select(MatchRound.id).where(MatchRound.consortium_id == consortium.id,
                                                            MatchRound.status.in_(("queued", "running"))))
    if running:
        raise Conflict(_("已有一轮匹配正在进行，请等待其完成"))
    number = (db.session.scalar(select(func.max(MatchRound.number)).where(
        MatchRound.consortium_id == consortium.id)) or 0) + 1
    match_round = MatchRound(consortium_id=consortium.id, number=number, kind=kind or None, mode=mode,
                             created_by_id=getattr(actor, "id", None))
    db.session.add(match_round)
    db.session.flush()
    record("match.round", actor=actor if not bootstrap else None, object_type="match_round", object_id=match_round.id,
           consortium_id=consortium.id, detail=f"round {number}, mode {mode}, kind {kind or 'all'}")
    db.session.commit()
    run = enqueue("consortium.matching.tasks.run_round_job", match_round.id, name="match_round",
                  created_by_id=getattr(actor, "id", None), consortium_id=consortium.id, inline=inline)
    match_round = db.session.get(MatchRound, match_round.id)
    if match_round.job_id is None:
        match_round.job_id = run.id
        db.session.commit()
    return match_round


def execute_round(job_id: str | None, round_id: int) -> dict:
    """Score, allocate, create the proposals and store the output (the body of the job)."""
    from ..matcher.allocation import run_round

    match_round = db.session.get(MatchRound, round_id)
    match_round.status, match_round.job_id = "running", job_id or match_round.job_id
    db.session.commit()
    if job_id:
        set_progress(job_id, 5, _("读取岗位和候选人"))
    candidates, positions, people, rows = round_inputs(match_round.consortium_id, match_round.kind)
    if job_id:
        set_progress(job_id, 20, _("评分与分配"))
    result = run_round(candidates, positions, match_round.mode)
    if job_id:
        set_progress(job_id, 70, _("生成待确认的岗位安排"))
    created = 0
    assignments = []
    for pair in result.assignments:
        person, position = people[pair.candidate], rows[pair.position]
        placement = jobs.propose_placement(position, person, round_no=match_round.number, score=pair.score,
                                           reasons=pair.reasons)
        created += placement is not None
        assignments.append({"position": position.code, "candidate": candidate_code(person),
                            "candidate_org": person.org.name, "score": pair.score, "reasons": list(pair.reasons),
                            "placement_id": placement.id if placement else None})
    output = {
        "round": match_round.number, "kind": match_round.kind,
        "assignments": [{k: a[k] for k in ("position", "candidate", "candidate_org", "score", "reasons")}
                        for a in assignments],
        "unmatched": [{"candidate": candidate_code(people[u.candidate]), "candidate_org": people[u.candidate].org.name,
                       "best_score": u.best_score} for u in result.unmatched],
        "unfilled": [{"position": rows[pid].code, "open_slots": n} for pid, n in sorted(result.unfilled.items(),
                                                                                         key=lambda x: rows[x[0]].code)],
    }
    details = {
        "mode": match_round.mode,
        "placements": {a["candidate"] + "@" + a["position"]: a["placement_id"] for a in assignments},
        "unmatched": [{"candidate": candidate_code(people[u.candidate]), "name": people[u.candidate].name,
                       "candidate_org": people[u.candidate].org.name, "reason": u.reason_text,
                       "near_misses": [{"position": rows[n.position].code, "title": rows[n.position].title,
                                        "score": n.score, "why": n.why}
                                       for n in u.near_misses[:3] if n.position in rows]}
                      for u in result.unmatched],
        "fairness": fairness_report(result, people),
        "stats": result.stats,
        "timings": {k: round(v, 3) for k, v in result.timings.items()},
    }
    match_round = db.session.get(MatchRound, round_id)
    match_round.result = {"output": output, "details": details}
    match_round.proposals_created = created
    match_round.status, match_round.finished_at = "finished", utcnow()
    db.session.commit()
    return {"round": match_round.number, "proposals": created}


def fairness_report(result, people) -> dict:
    """Match rate and mean score by school, major and gender: monitoring only, computed after the fact."""
    matched = {a.candidate: a.score for a in result.assignments}
    groups = {"school": defaultdict(list), "major": defaultdict(list), "gender": defaultdict(list)}
    for key, person in people.items():
        score = matched.get(key)
        groups["school"][person.org.name].append(score)
        groups["major"][getattr(person, "major", None) or getattr(person, "subject", None) or "—"].append(score)
        groups["gender"][getattr(person, "gender", None) or "unknown"].append(score)
    report = {}
    for dim, buckets in groups.items():
        rows = []
        for name, scores in buckets.items():
            hits = [s for s in scores if s is not None]
            rows.append({"group": name, "candidates": len(scores), "matched": len(hits),
                         "rate_pct": round(100.0 * len(hits) / len(scores), 1) if scores else None,
                         "mean_score": round(sum(hits) / len(hits), 1) if hits else None})
        report[dim] = sorted(rows, key=lambda r: (-r["candidates"], str(r["group"])))
    return report


def list_rounds(actor, consortium_id: int) -> list[MatchRound]:
    require_consortium_admin(actor, consortium_id)
    return list(db.session.scalars(select(MatchRound).where(MatchRound.consortium_id == consortium_id)
                                   .order_by(MatchRound.number.desc())))


def get_round(actor, round_id: int) -> MatchRound:
    match_round = db.session.get(MatchRound, round_id)
    if match_round is None or not can_admin_consortium(actor, match_round.consortium_id):
        raise NotFound(_("匹配轮次不存在"))
    return match_round


def round_proposals(match_round: MatchRound) -> list[Placement]:
    return list(db.session.scalars(select(Placement).join(Position).where(
        Position.consortium_id == match_round.consortium_id, Placement.source == "matching",
        Placement.match_round == match_round.number).order_by(Placement.match_score.desc(), Placement.id)))


def withdraw_proposal(actor, match_round: MatchRound, placement: Placement, reason: str) -> MatchOverride:
    """The secretariat takes back a proposal of the round; the reason is recorded."""
    require_consortium_admin(actor, match_round.consortium_id)
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise ValidationError(_("请说明理由"), {"reason": _("请说明理由")})
    if placement.source != "matching" or placement.match_round != match_round.number \
            or placement.position.consortium_id != match_round.consortium_id:
        raise NotFound(_("该安排不属于本轮匹配"))
    if placement.status != "proposed":
        raise Conflict(_("只能撤回待确认的推荐"))
    placement.status = "withdrawn"
    override = MatchOverride(round_id=match_round.id, placement_id=placement.id, action="withdraw", reason=reason[:500],
                             detail=f"{placement.candidate.name} → {placement.position.code}", created_by_id=actor.id)
    db.session.add(override)
    db.session.flush()
    record("match.override", actor=actor, object_type="placement", object_id=placement.id,
           consortium_id=match_round.consortium_id, detail=f"withdraw, round {match_round.number}")
    return override


def add_proposal(actor, match_round: MatchRound, position: Position, person, reason: str) -> MatchOverride:
    """The secretariat proposes a pair by hand within a round; the reason is recorded."""
    from ..matcher.components import explain_pair

    require_consortium_admin(actor, match_round.consortium_id)
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise ValidationError(_("请说明理由"), {"reason": _("请说明理由")})
    if position.consortium_id != match_round.consortium_id or position.status != "open":
        raise ValidationError(_("请选择本联合体开放中的岗位"), {"position": _("请选择本联合体开放中的岗位")})
    cands, poss, _people, _rows = round_inputs(match_round.consortium_id, position.kind)
    key = f"{'s' if person.kind == 'student' else 't'}{person.id}"
    cand = next((c for c in cands if c.id == key), None)
    mpos = next((p for p in poss if p.id == f"p{position.id}"), None)
    if cand is None or mpos is None:
        raise Conflict(_("该候选人或岗位当前不可匹配（已有待确认推荐、名额已满或不属于本联合体）"))
    pair = explain_pair(cand, mpos)
    if pair.score == 0.0 and pair.reasons and pair.reasons[0].startswith("不可匹配"):
        raise Conflict(pair.reasons[0])
    placement = jobs.propose_placement(position, person, round_no=match_round.number, score=pair.score,
                                       reasons=("秘书处手工推荐",) + tuple(pair.reasons))
    if placement is None:
        raise Conflict(_("该候选人已有此岗位的安排"))
    override = MatchOverride(round_id=match_round.id, placement_id=placement.id, action="add", reason=reason[:500],
                             detail=f"{person.name} → {position.code}", created_by_id=actor.id)
    db.session.add(override)
    db.session.flush()
    record("match.override", actor=actor, object_type="placement", object_id=placement.id,
           consortium_id=match_round.consortium_id, detail=f"add, round {match_round.number}")
    return override


def round_overrides(match_round: MatchRound) -> list[MatchOverride]:
    return list(db.session.scalars(select(MatchOverride).where(MatchOverride.round_id == match_round.id)
                                   .order_by(MatchOverride.created_at)))
