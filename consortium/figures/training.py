"""Training figures of the book (metrics.md, 服务发展能力), each `(records, year) -> Figure`, and the training
tables built from the same counted sessions."""
from __future__ import annotations

from decimal import Decimal
from typing import Iterable

from .core import Figure, members_in, refs
from .records import SessionRecord, YearRecords

from ..vocab import AUDIENCES, SPECIAL_GROUPS, TRAINING_KINDS

KIND_KEYS = tuple(TRAINING_KINDS)
AUDIENCE_KEYS = tuple(AUDIENCES)


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


def counted_sessions(records: YearRecords, year: int) -> list[SessionRecord]:
    """Sessions that count for year Y: ending in Y, and given by a provider that is a member during Y.

    A provider recorded by name only (no member) never counts.
    """
    key = ("counted_sessions", year)
    chosen = records.cache.get(key)
    if chosen is None:
        current = members_in(records, year)
        chosen = records.cache[key] = [s for s in records.sessions if s.end_date.year == year
                                       and s.provider_id is not None and s.provider_id in current]
    return chosen


def _person_days(key: str, sessions: Iterable[SessionRecord], keep) -> Figure:
    chosen = [s for s in sessions if keep(s)]
    return Figure(key, sum((session_person_days(s) for s in chosen), Decimal(0)), refs("session", (s.id for s in chosen)))


def enterprise_employees_person_days(records: YearRecords, year: int) -> Figure:
    """`training.enterprise_employees.person_days` — 面向企业员工开展培训数 (人日).

    person-days of training sessions ending in Y whose audience is `enterprise_employees`.
    A session counts when its provider is a member during Y. person-days of a session =
    participants × days; days are explicit or the inclusive calendar days from start to end;
    participants are the roster's completed count where a roster is kept, else the declared number.
    """
    return _person_days("training.enterprise_employees.person_days", counted_sessions(records, year),
                        lambda s: s.audience == "enterprise_employees")


def special_groups_person_days(records: YearRecords, year: int) -> Figure:
    """`training.special_groups.person_days` — 面向农民工、退役军人、下岗职工等培训数 (人日).

    person-days of sessions ending in Y whose audience is `migrant_workers`, `veterans` or `laid_off`
    (provider a member during Y; person-days = participants × days as above).
    """
    return _person_days("training.special_groups.person_days", counted_sessions(records, year),
                        lambda s: s.audience in SPECIAL_GROUPS)


def by_kind_person_days(kind: str):
    """The figure `training.by_kind.<kind>.person_days` as a `(records, year) -> Figure` function."""
    if kind not in KIND_KEYS:
        raise ValueError(f"unknown training kind {kind!r}")

    def figure(records: YearRecords, year: int) -> Figure:
        return _person_days(f"training.by_kind.{kind}.person_days", counted_sessions(records, year),
                            lambda s: s.kind == kind)
    figure.__name__ = f"{kind}_person_days"
    figure.__doc__ = (f"`training.by_kind.{kind}.person_days` (beyond the book) — person-days of training sessions "
                      f"of kind `{kind}` ending in Y whose provider is a member during Y; person-days = participants "
                      "× days (days explicit or the inclusive calendar days; participants the roster's completed "
                      "count where kept, else the declared number). Kinds: `pre_job` 岗前培训, `job_transfer` "
                      "转岗培训, `skill_upgrade` 技能提升培训, `continuing_education` 继续教育, `certification` "
                      "技能鉴定/取证培训.")
    return figure


BY_KIND = {kind: by_kind_person_days(kind) for kind in KIND_KEYS}


def skill_certifications(records: YearRecords, year: int) -> Figure:
    """`service.skill_certifications` — 技能鉴定量 (人次).

    Skill certificates (职业技能等级证书 and the like) issued in Y. A certificate counts when its issuer
    is a member during Y, or when it comes from a session whose provider is a member during Y (the
    session itself may have ended in an earlier year). One certificate = one person-time.
    """
    current = members_in(records, year)
    member_sessions = {s.id for s in records.sessions if s.provider_id is not None and s.provider_id in current}
    chosen = [c.id for c in records.certificates
              if c.issued_date.year == year
              and ((c.issuer_id is not None and c.issuer_id in current)
                   or (c.session_id is not None and c.session_id in member_sessions))]
    return Figure("service.skill_certifications", len(chosen), refs("certificate", chosen))


FIGURES = (enterprise_employees_person_days, special_groups_person_days, *BY_KIND.values(), skill_certifications)


def training_figures(records: YearRecords, year: int) -> dict[str, Figure]:
    """Every training figure of metrics.md for year Y, keyed as in the JSON export."""
    return {figure.key: figure for figure in (fn(records, year) for fn in FIGURES)}


def person_days_table(records: YearRecords, year: int) -> dict[tuple[str, str], Decimal]:
    """Counted person-days of Y by (kind, audience), for the secretariat's table."""
    table: dict[tuple[str, str], Decimal] = {}
    for s in counted_sessions(records, year):
        key = (s.kind, s.audience)
        table[key] = table.get(key, Decimal(0)) + session_person_days(s)
    return table


def person_days_by_month(records: YearRecords, year: int) -> dict[str, list[Decimal]]:
    """Counted person-days of Y by kind and by the month the session ended (12 values per kind)."""
    series = {kind: [Decimal(0)] * 12 for kind in KIND_KEYS}
    for s in counted_sessions(records, year):
        if s.kind in series:
            series[s.kind][s.end_date.month - 1] += session_person_days(s)
    return series


def pass_rate(certificates_issued: int, participants: int) -> Decimal | None:
    """Certificates issued ÷ participants × 100, 1 decimal; None when there are no participants."""
    if not participants:
        return None
    return (Decimal(certificates_issued) * 100 / Decimal(participants)).quantize(Decimal("0.1"))
