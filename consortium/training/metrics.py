"""Pure training figures of the recommendation book (metrics.md): plain records in, value and record ids out.

No Flask and no database here: `services.metric_inputs` turns rows into these records in a few queries.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Iterable

KIND_KEYS = ("pre_job", "job_transfer", "skill_upgrade", "continuing_education", "certification")
AUDIENCE_KEYS = ("enterprise_employees", "migrant_workers", "veterans", "laid_off", "students", "other")
SPECIAL_GROUPS = ("migrant_workers", "veterans", "laid_off")


@dataclass(frozen=True)
class MemberPeriod:
    """A member organization's membership: joined on `joined_date`, left on `left_date` (None: still a member)."""

    id: int
    joined_date: date
    left_date: date | None = None

    def is_member_in(self, year: int) -> bool:
        return self.joined_date <= date(year, 12, 31) and (self.left_date is None or self.left_date >= date(year, 1, 1))


@dataclass(frozen=True)
class SessionRecord:
    """A training session. `roster_completed` is None when no roster is kept, else its completed count."""

    id: int
    kind: str
    audience: str
    provider_id: int | None
    start_date: date
    end_date: date
    days: Decimal | None = None
    participants: int | None = None
    roster_completed: int | None = None


@dataclass(frozen=True)
class CertificateRecord:
    """A skill certificate: when it was issued, by whom, and the session that prepared its holder."""

    id: int
    issued_date: date
    issuer_id: int | None = None
    session_id: int | None = None


@dataclass
class Figure:
    """A figure and the ids of the records behind it (metrics.md: every figure must be traceable)."""

    value: Decimal | int
    record_ids: list[int] = field(default_factory=list)


def session_days(s: SessionRecord) -> Decimal:
    """Days of a session: explicit `days` when given, else the inclusive calendar days from start to end."""
    if s.days is not None:
        return Decimal(s.days)
    return Decimal((s.end_date - s.start_date).days + 1)


def session_participants(s: SessionRecord) -> int:
    """Participants: the roster's completed count where a roster is kept, else the declared number."""
    if s.roster_completed is not None:
        return s.roster_completed
    return s.participants or 0


def session_person_days(s: SessionRecord) -> Decimal:
    """person-days of a session = participants × days."""
    return session_participants(s) * session_days(s)


def _member_ids(members: Iterable[MemberPeriod], year: int) -> set[int]:
    return {m.id for m in members if m.is_member_in(year)}


def counted_sessions(sessions: Iterable[SessionRecord], members: Iterable[MemberPeriod], year: int) -> list[SessionRecord]:
    """Sessions that count for year Y: ending in Y, and given by a provider that is a member during Y.

    A provider recorded by name only (no member) never counts.
    """
    ids = _member_ids(members, year)
    return [s for s in sessions if s.end_date.year == year and s.provider_id is not None and s.provider_id in ids]


def _person_days(sessions: list[SessionRecord], keep) -> Figure:
    chosen = [s for s in sessions if keep(s)]
    return Figure(sum((session_person_days(s) for s in chosen), Decimal(0)), sorted(s.id for s in chosen))


def enterprise_employees_person_days(sessions, members, year: int) -> Figure:
    """`training.enterprise_employees.person_days` — 面向企业员工开展培训数 (人日).

    person-days of training sessions ending in Y whose audience is `enterprise_employees`.
    A session counts when its provider is a member during Y. person-days of a session =
    participants × days; days are explicit or the inclusive calendar days from start to end;
    participants are the roster's completed count where a roster is kept, else the declared number.
    """
    return _person_days(counted_sessions(sessions, members, year), lambda s: s.audience == "enterprise_employees")


def special_groups_person_days(sessions, members, year: int) -> Figure:
    """`training.special_groups.person_days` — 面向农民工、退役军人、下岗职工等培训数 (人日).

    person-days of sessions ending in Y whose audience is `migrant_workers`, `veterans` or `laid_off`
    (provider a member during Y; person-days = participants × days as above).
    """
    return _person_days(counted_sessions(sessions, members, year), lambda s: s.audience in SPECIAL_GROUPS)


def by_kind_person_days(sessions, members, year: int, kind: str) -> Figure:
    """`training.by_kind.<kind>.person_days` (beyond the book).

    person-days by session kind: `pre_job` 岗前培训, `job_transfer` 转岗培训, `skill_upgrade` 技能提升培训,
    `continuing_education` 继续教育, `certification` 技能鉴定/取证培训 — sessions ending in Y whose
    provider is a member during Y; person-days = participants × days.
    """
    if kind not in KIND_KEYS:
        raise ValueError(f"unknown training kind {kind!r}")
    return _person_days(counted_sessions(sessions, members, year), lambda s: s.kind == kind)


def skill_certifications(certificates: Iterable[CertificateRecord], sessions: Iterable[SessionRecord],
                         members: Iterable[MemberPeriod], year: int) -> Figure:
    """`service.skill_certifications` — 技能鉴定量 (人次).

    Skill certificates (职业技能等级证书 and the like) issued in Y. A certificate counts when its issuer
    is a member during Y, or when it comes from a session whose provider is a member during Y (the
    session itself may have ended in an earlier year). One certificate = one person-time.
    """
    members = list(members)
    ids = _member_ids(members, year)
    member_sessions = {s.id for s in sessions if s.provider_id is not None and s.provider_id in ids}
    chosen = sorted(c.id for c in certificates
                    if c.issued_date.year == year
                    and ((c.issuer_id is not None and c.issuer_id in ids)
                         or (c.session_id is not None and c.session_id in member_sessions)))
    return Figure(len(chosen), chosen)


def training_figures(sessions, certificates, members, year: int) -> dict[str, Figure]:
    """Every training figure of metrics.md for year Y, keyed as in the JSON export."""
    sessions, certificates, members = list(sessions), list(certificates), list(members)
    figures = {
        "training.enterprise_employees.person_days": enterprise_employees_person_days(sessions, members, year),
        "training.special_groups.person_days": special_groups_person_days(sessions, members, year),
    }
    for kind in KIND_KEYS:
        figures[f"training.by_kind.{kind}.person_days"] = by_kind_person_days(sessions, members, year, kind)
    figures["service.skill_certifications"] = skill_certifications(certificates, sessions, members, year)
    return figures


def person_days_table(sessions, members, year: int) -> dict[tuple[str, str], Decimal]:
    """Counted person-days of Y by (kind, audience), for the secretariat's table."""
    table: dict[tuple[str, str], Decimal] = {}
    for s in counted_sessions(sessions, members, year):
        key = (s.kind, s.audience)
        table[key] = table.get(key, Decimal(0)) + session_person_days(s)
    return table


def person_days_by_month(sessions, members, year: int) -> dict[str, list[Decimal]]:
    """Counted person-days of Y by kind and by the month the session ended (12 values per kind)."""
    series = {kind: [Decimal(0)] * 12 for kind in KIND_KEYS}
    for s in counted_sessions(sessions, members, year):
        if s.kind in series:
            series[s.kind][s.end_date.month - 1] += session_person_days(s)
    return series


def pass_rate(certificates_issued: int, participants: int) -> Decimal | None:
    """Certificates issued ÷ participants × 100, 1 decimal; None when there are no participants."""
    if not participants:
        return None
    return (Decimal(certificates_issued) * 100 / Decimal(participants)).quantize(Decimal("0.1"))
