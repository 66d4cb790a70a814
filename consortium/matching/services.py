"""Turns the consortium's records into matcher inputs, runs rounds as jobs, records proposals.

The scoring and allocation are the pure functions of this package; this module only reads rows,
maps them to `Candidate`/`Position` values, and writes the round's proposals as `proposed`
placements through the jobs workflow (which confirms or declines them).
"""
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError

from ..access import can_admin_consortium, require_consortium_admin
from ..audit.services import record
from ..errors import Conflict, NotFound, ValidationError
from ..extensions import db
from ..common import found
from ..jobs.match_inputs import candidate_key, candidate_key_of, match_candidate, match_position, position_key
from ..jobs.candidates import find_candidate
from ..jobs.placements import propose_placement, propose_placements, transition_placement
from ..jobs.positions import is_offered
from ..jobs.models import Application, Placement, Position
from ..vocab import MATCH_MODES, POSITION_KINDS, SCHOOL_TYPES, SLOT_STATUSES
from ..members.models import Member
from ..people.models import Student, Teacher
from ..people.services import is_under_age, require_placement_age, under_age_message
from ..queue import JobRun, set_progress
from ..timeutil import today as consortium_today, utcnow
from .lifecycle import active_round, busy_message, finish_job_with_round, queue_round
from .models import MatchOverride, MatchRound

MODES = tuple(MATCH_MODES)


def _member_ids(consortium_id: int, today: date, types=None) -> list[int]:
    stmt = select(Member.id).where(Member.consortium_id == consortium_id, Member.joined_date <= today,
                                   or_(Member.left_date.is_(None), Member.left_date >= today))
    if types:
        stmt = stmt.where(Member.type.in_(types))
    return list(db.session.scalars(stmt))


def round_inputs(consortium_id: int, kind: str | None = None, today: date | None = None, set_aside: list | None = None):
    """Positions still offered today (jobs.positions.is_offered: open, not ended, a slot free, not past their
    late-joiner days) and candidates not waiting on a proposal, as matcher values.

    Returns (candidates, positions, people, rows): `people` maps candidate ids to their records,
    `rows` maps position ids to Position rows. Students under the minimum placement age are left out; when
    `set_aside` is a list, each of them is appended to it as (student, reason). Proposed placements do not hold slots, but they
    reserve them for the round that made them: a later round offers only what is left.
    """
    today = today or consortium_today()
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
        key = candidate_key_of(student_id, teacher_id)
        # Any existing placement row, declined ones included, rules its pair out: never propose twice.
        excluded[key].append(position_key(position_id))
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
        if free <= 0 or not is_offered(p, today):
            continue
        mp = match_position(p, free=free)
        rows[mp.id] = p
        positions.append(mp)
    prefs = defaultdict(list)
    for a in db.session.scalars(select(Application).join(Position)
                                .where(Application.status == "pending", Position.consortium_id == consortium_id)
                                .order_by(func.coalesce(Application.rank, 999), Application.created_at, Application.id)):
        key = candidate_key_of(a.student_id, a.teacher_id)
        if position_key(a.position_id) in rows:
            prefs[key].append(position_key(a.position_id))
    people, candidates = {}, []
    want_students = any(k != "teacher_practice" for k in kinds)
    want_teachers = "teacher_practice" in kinds
    if want_students and schools:
        for s in db.session.scalars(select(Student).where(
                Student.school_id.in_(schools),
                or_(Student.graduation_year.is_(None), Student.graduation_year >= today.year)).order_by(Student.id)):
            key = candidate_key(s)
            if key in waiting:
                continue
            if is_under_age(s, today):
                if set_aside is not None:
                    set_aside.append((s, under_age_message(s)))
                continue
            people[key] = s
            candidates.append(match_candidate(s, busy=busy[key], preferences=prefs[key], excluded=excluded[key]))
    if want_teachers and schools:
        for t in db.session.scalars(select(Teacher).where(Teacher.employer_id.in_(schools)).order_by(Teacher.id)):
            key = candidate_key(t)
            if key in waiting:
                continue
            people[key] = t
            candidates.append(match_candidate(t, busy=busy[key], preferences=prefs[key], excluded=excluded[key]))
    return candidates, positions, people, rows


def candidate_code(person) -> str:
    return person.student_no if person.kind == "student" else person.staff_no


@dataclass(frozen=True)
class SystemActor:
    """Who acts when no one is signed in: the command line or a scheduler. Named, so the services can tell it
    from a user and record that no person started the work."""

    name: str
    id = None
    role = "system"
    is_authenticated = True


COMMAND_LINE = SystemActor("command line")


def can_run_rounds(actor, consortium_id: int) -> bool:
    """The consortium's secretariat starts, reads and adjusts rounds; so does the command line."""
    if isinstance(actor, SystemActor):
        return True
    return actor is not None and getattr(actor, "is_authenticated", False) and can_admin_consortium(actor, consortium_id)


def start_round(actor, consortium, *, kind: str | None = None, mode: str = "stable", inline: bool = False):
    """Create a round and run it as a background job (inline without Redis, or when asked).

    The round and its job record are flushed; they commit with the caller's transaction once Redis took the
    job, or not at all (QueueUnavailable). Two starts at the same instant: one wins, the other is a Conflict."""
    if not isinstance(actor, SystemActor):
        require_consortium_admin(actor, consortium.id)
    if kind and kind not in POSITION_KINDS:
        raise ValidationError(_("未知岗位类型"), {"kind": _("未知岗位类型")})
    if mode not in MODES:
        raise ValidationError(_("未知匹配模式"), {"mode": _("未知匹配模式")})
    if active_round(consortium.id) is not None:
        raise Conflict(busy_message())
    number = (db.session.scalar(select(func.max(MatchRound.number)).where(
        MatchRound.consortium_id == consortium.id)) or 0) + 1
    match_round = MatchRound(consortium_id=consortium.id, number=number, kind=kind or None, mode=mode,
                             created_by_id=actor.id)
    db.session.add(match_round)
    try:
        db.session.flush()
    except IntegrityError:  # another start took this number at the same instant: that round is running
        db.session.rollback()
        raise Conflict(busy_message())
    record("match.round", actor=actor, object_type="match_round", object_id=match_round.id,
           consortium_id=consortium.id, detail=f"round {number}, mode {mode}, kind {kind or 'all'}")
    return queue_round(actor, match_round, inline=inline)


def execute_round(job_id: str | None, round_id: int) -> dict:
    """Score, allocate, create the proposals and store the output (the body of the job)."""
    from ..matcher.allocation import run_round

    match_round = db.session.get(MatchRound, round_id)
    match_round.status, match_round.job_id = "running", job_id or match_round.job_id
    db.session.commit()
    if job_id:
        set_progress(job_id, 5, _("读取岗位和候选人"))
    set_aside: list = []
    candidates, positions, people, rows = round_inputs(match_round.consortium_id, match_round.kind,
                                                       set_aside=set_aside)
    if job_id:
        set_progress(job_id, 20, _("评分与分配"))
    result = run_round(candidates, positions, match_round.mode)
    if job_id:
        set_progress(job_id, 70, _("生成待确认的岗位安排"))
    # One batch of multi-row INSERTs and one notification per person, with the placement workflow's rules.
    new_ids = propose_placements([(rows[pair.position], people[pair.candidate], pair.score, pair.reasons)
                                  for pair in result.assignments], round_no=match_round.number)
    created = sum(1 for i in new_ids if i is not None)
    assignments = []
    for pair, placement_id in zip(result.assignments, new_ids):
        person, position = people[pair.candidate], rows[pair.position]
        assignments.append({"position": position.code, "candidate": candidate_code(person),
                            "candidate_org": person.org.name, "score": pair.score, "reasons": list(pair.reasons),
                            "placement_id": placement_id})
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
                      for u in result.unmatched] + [
            {"candidate": candidate_code(person), "name": person.name, "candidate_org": person.org.name,
             "reason": reason, "near_misses": []} for person, reason in set_aside],
        "set_aside": len(set_aside),
        "fairness": fairness_report(result, people),
        "stats": result.stats,
        "timings": {k: round(v, 3) for k, v in result.timings.items()},
    }
    match_round = db.session.get(MatchRound, round_id)
    if not finish_job_with_round(job_id):  # failed meanwhile (timed out, reconciled): nothing is written
        db.session.rollback()
        return {"round": match_round.number, "proposals": 0, "discarded": True}
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
    return found(MatchRound, round_id, _("匹配轮次不存在"),
                 lambda match_round: can_admin_consortium(actor, match_round.consortium_id))


def round_job(match_round: MatchRound):
    """The job record of the round (status, progress, message), or None before it was queued."""
    return db.session.get(JobRun, match_round.job_id) if match_round.job_id else None


def get_proposal(match_round: MatchRound, placement_id: int) -> Placement:
    """A placement proposed by this round."""
    return found(Placement, placement_id, _("岗位安排不存在"))


def round_proposals(match_round: MatchRound, *, school_id: int | None = None, enterprise_id: int | None = None,
                    kind: str = "") -> list[Placement]:
    """The round's proposals, best score first, optionally of one school (or teacher's employer), one enterprise
    or one kind of position."""
    stmt = select(Placement).join(Position).where(
        Position.consortium_id == match_round.consortium_id, Placement.source == "matching",
        Placement.match_round == match_round.number)
    if school_id:
        stmt = stmt.where(or_(Placement.student_id.in_(select(Student.id).where(Student.school_id == school_id)),
                              Placement.teacher_id.in_(select(Teacher.id).where(Teacher.employer_id == school_id))))
    if enterprise_id:
        stmt = stmt.where(Position.enterprise_id == enterprise_id)
    if kind:
        stmt = stmt.where(Position.kind == kind)
    return list(db.session.scalars(stmt.order_by(Placement.match_score.desc(), Placement.id)))


def round_filter_choices(match_round: MatchRound) -> dict:
    """The schools and enterprises that appear in the round's proposals, for the results filter."""
    rows = round_proposals(match_round)
    schools = {p.candidate.org.id: p.candidate.org.name for p in rows}
    enterprises = {p.position.enterprise_id: p.position.enterprise.name for p in rows}
    return {"schools": sorted(schools.items(), key=lambda x: x[1]),
            "enterprises": sorted(enterprises.items(), key=lambda x: x[1]),
            "kinds": sorted({p.position.kind for p in rows})}


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
    transition_placement(actor, placement, "withdrawn")
    return _record_override(actor, match_round, placement, "withdraw", reason,
                            f"{placement.candidate.name} → {placement.position.code}")


def _record_override(actor, match_round: MatchRound, placement: Placement, action: str, reason: str,
                     detail: str) -> MatchOverride:
    """Keep the secretariat's change to a round's proposals, with its reason, and put it in the audit log."""
    override = MatchOverride(round_id=match_round.id, placement_id=placement.id, action=action, reason=reason[:500],
                             detail=detail, created_by_id=actor.id)
    db.session.add(override)
    db.session.flush()
    record("match.override", actor=actor, object_type="placement", object_id=placement.id,
           consortium_id=match_round.consortium_id, detail=f"{action}, round {match_round.number}")
    return override


def find_pair(match_round: MatchRound, position_code: str, org_name: str, number: str):
    """The position (by code) and the student or teacher (by organization name and number) of the round's
    consortium, for a proposal made by hand; ValidationError names what is not found."""
    cid = match_round.consortium_id
    position = db.session.scalar(select(Position).where(Position.consortium_id == cid,
                                                        Position.code == (position_code or "").strip()))
    if position is None:
        raise ValidationError(_("找不到岗位编号 %(code)s", code=position_code))
    org = db.session.scalar(select(Member).where(Member.consortium_id == cid, Member.name == (org_name or "").strip()))
    person = None
    if org is not None:
        person = find_candidate(cid, "student", org.id, number) or find_candidate(cid, "teacher", org.id, number)
    if person is None:
        raise ValidationError(_("找不到该单位的学号或工号"))
    return position, person


def add_proposal_by_number(actor, match_round: MatchRound, position_code: str, org_name: str, number: str,
                           reason: str) -> MatchOverride:
    """The secretariat's form: a position code and a candidate by organization and number."""
    require_consortium_admin(actor, match_round.consortium_id)
    position, person = find_pair(match_round, position_code, org_name, number)
    return add_proposal(actor, match_round, position, person, reason)


def add_proposal(actor, match_round: MatchRound, position: Position, person, reason: str) -> MatchOverride:
    """The secretariat proposes a pair by hand within a round; the reason is recorded."""
    from ..matcher.components import explain_pair

    require_consortium_admin(actor, match_round.consortium_id)
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise ValidationError(_("请说明理由"), {"reason": _("请说明理由")})
    require_placement_age(person)
    if position.consortium_id != match_round.consortium_id or position.status != "open":
        raise ValidationError(_("请选择本联合体开放中的岗位"), {"position": _("请选择本联合体开放中的岗位")})
    cands, poss, _people, _rows = round_inputs(match_round.consortium_id, position.kind)
    key = candidate_key(person)
    cand = next((c for c in cands if c.id == key), None)
    mpos = next((p for p in poss if p.id == position_key(position.id)), None)
    if cand is None or mpos is None:
        raise Conflict(_("该候选人或岗位当前不可匹配（已有待确认推荐、名额已满或不属于本联合体）"))
    pair = explain_pair(cand, mpos)
    if pair.score == 0.0 and pair.reasons and pair.reasons[0].startswith("不可匹配"):
        raise Conflict(pair.reasons[0])
    placement = propose_placement(position, person, round_no=match_round.number, score=pair.score,
                                       reasons=("秘书处手工推荐",) + tuple(pair.reasons))
    if placement is None:
        raise Conflict(_("该候选人已有此岗位的安排"))
    return _record_override(actor, match_round, placement, "add", reason, f"{person.name} → {position.code}")


def round_overrides(match_round: MatchRound) -> list[MatchOverride]:
    return list(db.session.scalars(select(MatchOverride).where(MatchOverride.round_id == match_round.id)
                                   .order_by(MatchOverride.created_at)))
