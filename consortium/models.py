"""Imports every model so that metadata (and Flask-Migrate) sees the whole schema."""
from .auth.models import ApiToken, PasswordReset, User  # noqa: F401
from .audit.models import AuditEvent  # noqa: F401
from .members.models import Consortium, ConsortiumYear, EnterpriseYear, Member, Narrative  # noqa: F401
from .queue import JobRun  # noqa: F401
from .people.models import Student, Teacher  # noqa: F401
from .jobs.models import Application, Notification, Placement, Position, Programme  # noqa: F401
from .training.models import Certificate, RosterEntry, TrainingRequest, TrainingSession  # noqa: F401
from .teachers.models import DualEvidence, Engagement, EngagementSession, PracticeTarget  # noqa: F401
from .matching.models import MatchOverride, MatchRound  # noqa: F401
from .records.models import DemandReport, RdProject, ResearchOutput, Resource  # noqa: F401
