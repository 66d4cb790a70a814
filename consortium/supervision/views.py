"""Pages of internship supervision (filled below)."""
from flask import Blueprint

bp = Blueprint("supervision", __name__, url_prefix="/supervision")
