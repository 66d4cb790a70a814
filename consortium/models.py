"""Imports every model so that metadata (and Flask-Migrate) sees the whole schema."""
from .auth.models import ApiToken, PasswordReset, User  # noqa: F401
from .audit.models import AuditEvent  # noqa: F401
from .members.models import Consortium, ConsortiumYear, EnterpriseYear, Member, Narrative  # noqa: F401
from .queue import JobRun  # noqa: F401
from .people.models import Student, Teacher  # noqa: F401
from .jobs.models import Application, Notification, Placement, Position, Programme  # noqa: F401
from .training.models import Certificate, RosterDay, RosterEntry, TrainingRequest, TrainingSession  # noqa: F401
from .teachers.models import DualEvidence, Engagement, EngagementSession, PracticeTarget  # noqa: F401
from .matching.models import MatchOverride, MatchRound  # noqa: F401
from .supply.models import (DemandForecast, EventAttendee, EventOffer, MajorAdjustment, MappingCorrection,  # noqa: F401
                            MatchmakingEvent, PlacementEvent, TalentReport, TalentReportVersion)
from .imports.models import ImportUpload  # noqa: F401
from .records.models import DemandReport, RdProject, ResearchOutput, Resource  # noqa: F401
from .book.models import (Assessment, BookSettings, BureauProfile, Commitment, Declaration,  # noqa: F401
                          Material, ReviewEvent, Submission)
from .book.models import Incident as ConsortiumIncident  # noqa: F401  (the supervision package has its own Incident)
from .book.models import (BoardMeeting, BoardMember, CharterVersion, CoordinationTask,  # noqa: F401
                          IncentivePolicy)
from .supervision.models import (Absence, CheckIn, Evaluation, Incident, LogAttachment, LogEntry, LogRevision,  # noqa: F401
                                 PlacementMentor, PlacementMessage, Rubric, Supervision, WorkSite)
