"""The JSON API under /api/v1/: bearer tokens, the same services and permissions as the pages."""
from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

# Operations register on import (each module declares its contract with `contract.operation`).
from . import core, jobs, members  # noqa: E402,F401
from . import training  # noqa: E402,F401
from . import teachers  # noqa: E402,F401
from . import records  # noqa: E402,F401
