"""The pure training figures of metrics.md on their edge cases."""
from datetime import date
from decimal import Decimal

import pytest

from consortium.figures import training as metrics
from consortium.figures.records import CertificateRecord, MemberRecord, SessionRecord, YearRecords


def MemberPeriod(id, joined_date, left_date=None):
    return MemberRecord(id, f"member {id}", "higher_vocational", joined_date, left_date)


SCHOOL = MemberPeriod(1, date(2023, 1, 1))
LATE = MemberPeriod(2, date(2025, 3, 1))          # joined after 2024
LEFT = MemberPeriod(3, date(2022, 1, 1), date(2023, 6, 30))
MEMBERS = [SCHOOL, LATE, LEFT]


def records(sessions=(), certificates=()):
    return YearRecords(members=MEMBERS, sessions=list(sessions), certificates=list(certificates))


def session(id, **kw):
    base = dict(kind="skill_upgrade", audience="enterprise_employees", provider_id=1,
                start_date=date(2024, 5, 6), end_date=date(2024, 5, 10), days=None, participants=20)
    base.update(kw)
    return SessionRecord(id=id, **base)


def test_person_days_explicit_and_computed_days():
    computed = session(1)                                   # 5 calendar days × 20
    explicit = session(2, days=Decimal("2.5"))              # five half-days × 20
    fig = metrics.enterprise_employees_person_days(records([computed, explicit]), 2024)
    assert fig.value == Decimal("150.0") and fig.record_ids == [1, 2]


def test_session_ending_next_year_counts_in_the_year_it_ends():
    s = session(1, start_date=date(2024, 12, 28), end_date=date(2025, 1, 3), participants=10)
    assert metrics.enterprise_employees_person_days(records([s]), 2024).value == 0
    fig = metrics.enterprise_employees_person_days(records([s]), 2025)
    assert fig.value == 70 and fig.record_ids == [1]  # all 7 days, not only those inside 2025


def test_roster_completed_count_overrides_declared():
    with_roster = session(1, participants=30, roster_completed=12)
    empty_completed = session(2, participants=30, roster_completed=0)
    declared = session(3, participants=30, roster_completed=None)
    fig = metrics.enterprise_employees_person_days(records([with_roster, empty_completed, declared]), 2024)
    assert fig.value == 12 * 5 + 0 + 30 * 5


def test_non_member_and_late_member_providers_do_not_count():
    sessions = [session(1), session(2, provider_id=None), session(3, provider_id=2), session(4, provider_id=3),
                session(5, provider_id=99)]
    fig = metrics.enterprise_employees_person_days(records(sessions), 2024)
    assert fig.record_ids == [1] and fig.value == 100
    # the member that joined in March 2025 counts in 2025
    later = [session(3, provider_id=2, start_date=date(2025, 4, 1), end_date=date(2025, 4, 1))]
    assert metrics.enterprise_employees_person_days(records(later), 2025).record_ids == [3]


def test_special_groups_and_by_kind():
    sessions = [session(1, audience="migrant_workers", kind="pre_job"),
                session(2, audience="veterans", kind="job_transfer", days=Decimal(3)),
                session(3, audience="laid_off", kind="job_transfer", participants=5),
                session(4, audience="students", kind="pre_job")]
    special = metrics.special_groups_person_days(records(sessions), 2024)
    assert special.value == 100 + 60 + 25 and special.record_ids == [1, 2, 3]
    assert metrics.enterprise_employees_person_days(records(sessions), 2024).value == 0
    assert metrics.by_kind_person_days("pre_job")(records(sessions), 2024).value == 200
    assert metrics.by_kind_person_days("job_transfer")(records(sessions), 2024).record_ids == [2, 3]
    with pytest.raises(ValueError):
        metrics.by_kind_person_days("nonsense")(records(sessions), 2024)


def test_skill_certifications_by_issuer_or_member_session():
    sessions = [session(10, end_date=date(2023, 12, 20), start_date=date(2023, 12, 1)),
                session(11, provider_id=None)]
    certs = [CertificateRecord(1, date(2024, 1, 15), issuer_id=None, session_id=10),   # member session of 2023
             CertificateRecord(2, date(2024, 3, 1), issuer_id=1),                      # member issuer
             CertificateRecord(3, date(2024, 3, 1), issuer_id=None, session_id=11),    # non-member session
             CertificateRecord(4, date(2024, 3, 1), issuer_id=2),                      # issuer joined 2025
             CertificateRecord(5, date(2025, 1, 2), issuer_id=1)]                      # next year
    fig = metrics.skill_certifications(records(sessions, certs), 2024)
    assert fig.value == 2 and fig.record_ids == [1, 2]
    certs.append(CertificateRecord(6, date(2025, 6, 1), issuer_id=2))  # the late member counts from 2025
    assert metrics.skill_certifications(records(sessions, certs), 2025).record_ids == [5, 6]


def test_training_figures_has_every_key_and_pass_rate():
    figures = metrics.training_figures(records([session(1)]), 2024)
    assert set(figures) == {"training.enterprise_employees.person_days", "training.special_groups.person_days",
                            "service.skill_certifications"} | {f"training.by_kind.{k}.person_days"
                                                               for k in metrics.KIND_KEYS}
    assert figures["training.by_kind.skill_upgrade.person_days"].value == 100
    assert metrics.pass_rate(3, 0) is None
    assert metrics.pass_rate(2, 3) == Decimal("66.7")
