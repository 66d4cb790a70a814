"""The API's blueprint, on its own so that the endpoint modules and the package share it without a cycle."""
from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")
