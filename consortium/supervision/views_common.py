"""What the supervision pages share: the blueprint."""
from flask import Blueprint

bp = Blueprint("supervision", __name__, url_prefix="/supervision")
