"""The baseline of bench/load.py: a bare Flask + Flask-SQLAlchemy JSON list of 20 positions on the same
database (DATABASE_URL), nothing else (no sessions, templates, translations or access checks).

    gunicorn --workers 2 --pythonpath bench bare_app:app
"""
import os

from flask import Flask, jsonify
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import select

url = os.environ.get("DATABASE_URL", "sqlite:///instance/province.db")
if url.startswith("postgres://"):
    url = "postgresql+psycopg://" + url[len("postgres://"):]
elif url.startswith("postgresql://"):
    url = "postgresql+psycopg://" + url[len("postgresql://"):]

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = url
app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {"pool_pre_ping": True}
db = SQLAlchemy(app)


class Position(db.Model):
    __tablename__ = "position"
    id = db.Column(db.Integer, primary_key=True)
    consortium_id = db.Column(db.Integer)
    code = db.Column(db.String(40))
    title = db.Column(db.String(200))
    city = db.Column(db.String(50))
    slots = db.Column(db.Integer)
    filled = db.Column(db.Integer)
    start_date = db.Column(db.Date)
    status = db.Column(db.String(10))


@app.get("/positions")
def positions():
    rows = db.session.scalars(select(Position).where(Position.consortium_id == 1)
                              .order_by(Position.start_date.desc(), Position.code).limit(20))
    return jsonify([{"id": p.id, "code": p.code, "title": p.title, "city": p.city, "slots": p.slots,
                     "filled": p.filled, "start_date": p.start_date.isoformat(), "status": p.status} for p in rows])
