"""The JSON API under /api/v1/: bearer tokens, the same services and permissions as the pages.

Each module declares its operations with `contract.operation` (see docs/api.md, "Adding an operation").
"""
from . import core, jobs, members, records, supervision, supply, teachers, training  # noqa: F401  (routes register on import)
from .blueprint import bp  # noqa: F401
