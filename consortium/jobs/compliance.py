"""The 在岗 gate's date rules, and the checks later features add to a placement's transitions.

A student placement may start only with a three-party agreement dated on or before its start date and
an insurance policy whose period covers the placement's dates; no placement starts before its start
date. `TRANSITION_CHECKS` lets a feature that sits after `jobs` (supervision's completion gate) refuse a
transition without `jobs` importing it: each check is called as check(actor, placement, new_status) and
raises a domain error to refuse.
"""
from datetime import date

from flask_babel import gettext as _

TRANSITION_CHECKS: list = []


def add_transition_check(check) -> None:
    """Register a check once (create_app may run several times in one process)."""
    if check not in TRANSITION_CHECKS:
        TRANSITION_CHECKS.append(check)


def document_problems(placement) -> dict:
    """What is missing or wrong in a student placement's agreement and insurance, by field."""
    if placement.student_id is None:
        return {}
    problems = {}
    if not placement.has_agreement:
        problems["agreement"] = _("缺少")
    elif placement.agreement_signed_date > placement.start_date:
        problems["agreement_signed_date"] = _("三方协议签订日期（%(d)s）晚于实习开始日期（%(s)s）",
                                              d=placement.agreement_signed_date.isoformat(),
                                              s=placement.start_date.isoformat())
    if not placement.has_insurance:
        problems["insurance"] = _("缺少")
    else:
        if placement.insurance_start > placement.start_date:
            problems["insurance_start"] = _("保险起期（%(d)s）晚于实习开始日期（%(s)s）",
                                            d=placement.insurance_start.isoformat(),
                                            s=placement.start_date.isoformat())
        if placement.insurance_end is not None and (placement.end_date is None
                                                    or placement.insurance_end < placement.end_date):
            problems["insurance_end"] = (
                _("保险止期（%(d)s）早于实习结束日期（%(e)s）", d=placement.insurance_end.isoformat(),
                  e=placement.end_date.isoformat()) if placement.end_date else
                _("实习未定结束日期，保险止期（%(d)s）不能覆盖", d=placement.insurance_end.isoformat()))
    return problems


def insurance_ends_soon(placement, today: date, days: int = 14) -> bool:
    """True when a running placement's insurance ends within `days` days (and before the placement does)."""
    end = placement.insurance_end
    if end is None or placement.student_id is None:
        return False
    if placement.end_date is not None and end >= placement.end_date:
        return False
    return today <= end <= date.fromordinal(today.toordinal() + days)
