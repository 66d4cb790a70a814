"""Imports every model so that metadata (and Flask-Migrate) sees the whole schema."""
from .auth.models import ApiToken, User  # noqa: F401
from .members.models import Consortium, ConsortiumYear, EnterpriseYear, Member, Narrative  # noqa: F401
from .queue import JobRun  # noqa: F401
