"""Database binders for the 13 importable record types (one small declarative class per type)."""
from .base import Binder, Ctx, PlanItem, apply_plan, norm_name, plan_rows
from .jobs import PlacementBinder, PositionBinder, ProgrammeBinder
from .people import EnterpriseYearBinder, MemberBinder, StudentBinder, TeacherBinder
from .records import OutputBinder, RdProjectBinder, ResourceBinder
from .teachers import EngagementBinder
from .training import CertificateBinder, TrainingSessionBinder

__all__ = ["Binder", "Ctx", "PlanItem", "BINDERS", "get_binder", "apply_plan", "plan_rows", "norm_name"]

BINDERS: dict[str, type[Binder]] = {b.type_name: b for b in (
    MemberBinder, EnterpriseYearBinder, StudentBinder, TeacherBinder, PositionBinder, PlacementBinder,
    ProgrammeBinder, EngagementBinder, TrainingSessionBinder, CertificateBinder, ResourceBinder, RdProjectBinder,
    OutputBinder)}


def get_binder(type_name: str) -> Binder:
    """A fresh binder for a record type (KeyError for an unknown type)."""
    return BINDERS[type_name]()
