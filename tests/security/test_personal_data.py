"""Personal data at rest: ID numbers and phones are stored encrypted (AES-GCM) with a keyed hash beside them;
services read plaintext, look-ups use the hash, imports stay idempotent, and the migration encrypts old rows."""
import os
import stat

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import select, text

from consortium import create_app
from consortium.config import TestingConfig
from consortium.crypto import DataKey, blind_index, new_data_key
from consortium.extensions import db
from consortium.errors import ValidationError
from consortium.imports.services import run_import
from consortium.people import services as people
from consortium.people.models import Student
from consortium.training.models import Certificate
from consortium.auth.models import User
from consortium.members.models import Consortium, Member
from tests import factories
from tests.imports.helpers import ID_NUMBER, ROWS, csv_bytes

FULL = "410102200403011232"  # a valid number (check digit)


def test_numbers_are_ciphertext_in_the_database_and_plaintext_in_the_service(ctx, world):
    school = db.session.get(Member, world.school)
    a = factories.make_student(school, id_number=FULL, phone="13800138000")
    b = factories.make_student(school, id_number=FULL)
    db.session.commit()
    raw = db.session.execute(text("SELECT id_number, phone, id_number_hash FROM student WHERE id = :i"),
                             {"i": a.id}).one()
    assert FULL not in raw.id_number and raw.id_number.startswith("v1:")
    assert "13800138000" not in raw.phone
    assert raw.id_number_hash == blind_index(FULL) and FULL not in raw.id_number_hash
    raw_b = db.session.execute(text("SELECT id_number, id_number_hash FROM student WHERE id = :i"),
                               {"i": b.id}).one()
    assert raw_b.id_number != raw.id_number          # a fresh nonce every time ...
    assert raw_b.id_number_hash == raw.id_number_hash  # ... and the same hash for the same number
    db.session.expire_all()
    assert db.session.get(Student, a.id).id_number == FULL
    assert db.session.get(Student, a.id).phone == "13800138000"


def test_changing_or_clearing_a_number_keeps_its_hash_in_step(ctx, world):
    school = db.session.get(Member, world.school)
    admin = db.session.get(User, world.admin)
    student = factories.make_student(school, id_number=FULL)
    people.update_student(admin, student, {"id_number": ID_NUMBER})
    db.session.commit()
    assert db.session.scalar(select(Student.id_number_hash)) == blind_index(ID_NUMBER)
    people.update_student(admin, student, {"id_number": ""})
    db.session.commit()
    assert db.session.execute(text("SELECT id_number, id_number_hash FROM student")).one() == (None, None)


def test_one_student_per_id_number_in_a_school_found_through_the_hash(ctx, world):
    school = db.session.get(Member, world.school)
    admin = db.session.get(User, world.admin)
    first = people.create_student(admin, school, {"student_no": "S1", "name": "甲", "major": "机电", "id_number": FULL})
    with pytest.raises(ValidationError) as exc:
        people.create_student(admin, school, {"student_no": "S2", "name": "乙", "major": "机电",
                                              "id_number": FULL.lower()[:-1] + FULL[-1]})
    assert "id_number" in exc.value.fields
    other = factories.make_member(db.session.get(Consortium, world.consortium), name="另一学校",
                                  type="secondary_vocational")
    assert people.create_student(admin, other, {"student_no": "S1", "name": "甲", "major": "机电",
                                                "id_number": FULL}).id  # another school keeps its own record
    second = people.create_student(admin, school, {"student_no": "S3", "name": "丙", "major": "机电"})
    with pytest.raises(ValidationError):
        people.update_student(admin, second, {"id_number": FULL})
    assert people.update_student(admin, first, {"city": "洛阳市", "id_number": FULL}).city == "洛阳市"


def test_the_import_refuses_an_id_number_held_by_another_student(ctx, world):
    admin = db.session.get(User, world.admin)
    consortium = db.session.get(Consortium, world.consortium)
    school = db.session.get(Member, world.school)
    people.create_student(admin, school, {"student_no": "OLD", "name": "甲", "major": "机电", "id_number": ID_NUMBER})
    db.session.commit()
    report = run_import(admin, consortium, "students", csv_bytes("students", ROWS["students"]), "s.csv")
    assert not report.ok and any("身份证号相同" in str(e) for e in report.errors)
    db.session.rollback()
    twice = [dict(ROWS["students"][0], student_no=no, id_number=FULL) for no in ("N1", "N2")]
    report = run_import(admin, consortium, "students", csv_bytes("students", twice), "s.csv")
    assert not report.ok and any("身份证号相同" in str(e) for e in report.errors)


def test_bulk_import_fills_the_hashes_and_a_reimport_changes_nothing(ctx, world):
    admin = db.session.get(User, world.admin)
    consortium = db.session.get(Consortium, world.consortium)
    data = csv_bytes("students", ROWS["students"])
    assert run_import(admin, consortium, "students", data, "s.csv").ok
    db.session.commit()
    raw = db.session.execute(text("SELECT id_number, id_number_hash, phone_hash FROM student "
                                  "WHERE student_no = '2024001'")).one()
    assert ID_NUMBER not in raw.id_number
    assert raw.id_number_hash == blind_index(ID_NUMBER) and raw.phone_hash == blind_index("13800138000")
    again = run_import(admin, consortium, "students", data, "s.csv")
    assert again.summary == {"created": 0, "updated": 0, "unchanged": 2}


def test_certificate_holder_number_is_encrypted(ctx, world):
    from datetime import date

    cert = Certificate(consortium_id=world.consortium, certificate_no="C-1", holder_name="张三",
                       holder_id_number=FULL, name="电工", level=3, issued_date=date(2026, 1, 5))
    db.session.add(cert)
    db.session.commit()
    raw = db.session.execute(text("SELECT holder_id_number, holder_id_number_hash FROM training_certificate")).one()
    assert FULL not in raw.holder_id_number and raw.holder_id_number_hash == blind_index(FULL)
    db.session.expire_all()
    assert db.session.get(Certificate, cert.id).holder_id_number == FULL


def test_a_value_written_under_another_key_does_not_decrypt():
    one, other = DataKey(new_data_key()), DataKey(new_data_key())
    token = one.encrypt(FULL, "student.id_number")
    assert one.decrypt(token, "student.id_number") == FULL
    with pytest.raises(ValueError):
        other.decrypt(token, "student.id_number")
    with pytest.raises(ValueError):  # bound to its column: copied elsewhere it is refused
        one.decrypt(token, "training_certificate.holder_id_number")
    assert one.blind_index(FULL) != other.blind_index(FULL)


def _config(tmp_path, **extra):
    values = {k: getattr(TestingConfig, k) for k in dir(TestingConfig) if k.isupper()}
    values["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path}/app.db"
    values.update(extra)
    return values


def test_the_key_is_created_once_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("CONSORTIUM_INSTANCE", str(tmp_path))
    monkeypatch.delenv("DATA_KEY", raising=False)
    app = create_app(_config(tmp_path, DATA_KEY=None))
    path = tmp_path / "data_key"
    assert path.exists() and stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert app.config["DATA_KEY"] == path.read_text().strip()
    assert create_app(_config(tmp_path, DATA_KEY=None)).config["DATA_KEY"] == app.config["DATA_KEY"]


def _first_start(path, queue):
    from consortium.crypto import instance_data_key

    queue.put(instance_data_key(path))


def test_workers_starting_together_agree_on_one_key(tmp_path):
    import multiprocessing

    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    workers = [context.Process(target=_first_start, args=(str(tmp_path), queue)) for _ in range(6)]
    for w in workers:
        w.start()
    keys = {queue.get(timeout=30) for _ in workers}
    for w in workers:
        w.join(30)
    assert keys == {(tmp_path / "data_key").read_text().strip()}
    assert [p.name for p in tmp_path.iterdir()] == ["data_key"]


def test_data_key_from_the_environment_wins_and_a_malformed_one_stops_the_start(tmp_path, monkeypatch):
    monkeypatch.setenv("CONSORTIUM_INSTANCE", str(tmp_path))
    key = new_data_key()
    monkeypatch.setenv("DATA_KEY", key)
    values = _config(tmp_path)
    values.pop("DATA_KEY")
    assert create_app(values).config["DATA_KEY"] == key
    assert not (tmp_path / "data_key").exists()
    monkeypatch.setenv("DATA_KEY", "too-short")
    with pytest.raises(ValueError):
        create_app(values)


@pytest.fixture
def logging_kept():
    """Alembic's env.py reconfigures logging (fileConfig disables the loggers it does not name): put it back,
    so that later tests' caplog still sees the application's loggers."""
    import logging

    root = logging.getLogger()
    saved_root = (root.level, list(root.handlers))
    saved = {name: (lg.disabled, lg.level, list(lg.handlers), lg.propagate)
             for name, lg in logging.Logger.manager.loggerDict.items() if isinstance(lg, logging.Logger)}
    yield
    root.setLevel(saved_root[0])
    root.handlers[:] = saved_root[1]
    for name, lg in logging.Logger.manager.loggerDict.items():
        if not isinstance(lg, logging.Logger):
            continue
        disabled, level, handlers, propagate = saved.get(name, (False, logging.NOTSET, [], True))
        lg.disabled, lg.propagate = disabled, propagate
        lg.setLevel(level)
        lg.handlers[:] = handlers


def test_the_migration_encrypts_existing_rows_and_the_downgrade_restores_them(tmp_path, monkeypatch, logging_kept):
    """On a fresh database of the suite's kind (SQLite, or PostgreSQL when DATABASE_URL names one)."""
    from tests.core.test_migrations import _fresh_database_url

    url, cleanup = _fresh_database_url(tmp_path)
    monkeypatch.setenv("CONSORTIUM_INSTANCE", str(tmp_path))
    monkeypatch.delenv("DATA_KEY", raising=False)
    # The key as the app finds it: instance/data_key, created on this first start.
    app = create_app(_config(tmp_path, DATA_KEY=None, SQLALCHEMY_DATABASE_URI=url))
    try:
        _migrate_there_and_back(app)
    finally:
        if cleanup:
            admin, name = cleanup
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


def _migrate_there_and_back(app):
    with app.app_context():
        upgrade(revision="c3a9e2f4d7b1")
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO consortium (name, city, created_at) VALUES ('联合体', '郑州市', '2026-01-01')"))
            conn.execute(text("INSERT INTO member (consortium_id, name, type, role, joined_date, created_at) "
                              "VALUES (1, '学校', 'higher_vocational', 'member', '2024-01-01', '2026-01-01')"))
            conn.execute(text("INSERT INTO student (school_id, student_no, name, id_number, phone, major, skills, "
                              "pathway, admission_route, created_at) VALUES (1, 'S1', '张三', :i, '13800138000', "
                              "'机电', '[]', 'none', 'regular', '2026-01-01')"), {"i": FULL})
            conn.execute(text("INSERT INTO training_certificate (consortium_id, certificate_no, holder_name, "
                              "holder_id_number, name, level, issued_date, created_at) VALUES (1, 'C1', '张三', :i, "
                              "'电工', 3, '2026-01-05', '2026-01-01')"), {"i": FULL})
        upgrade()
        with db.engine.connect() as conn:
            row = conn.execute(text("SELECT id_number, phone, id_number_hash FROM student")).one()
            cert = conn.execute(text("SELECT holder_id_number, holder_id_number_hash FROM training_certificate")).one()
        assert FULL not in row.id_number and "13800138000" not in row.phone
        assert row.id_number_hash == blind_index(FULL) == cert.holder_id_number_hash
        assert FULL not in cert.holder_id_number
        db.session.remove()
        student = db.session.scalar(select(Student))
        assert (student.id_number, student.phone) == (FULL, "13800138000")
        assert db.session.scalar(select(Certificate)).holder_id_number == FULL
        db.session.remove()
        downgrade(revision="c3a9e2f4d7b1")
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT id_number, phone FROM student")).one() == (FULL, "13800138000")
            assert conn.execute(text("SELECT holder_id_number FROM training_certificate")).scalar() == FULL
        db.engine.dispose()
