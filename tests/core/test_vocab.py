"""The vocabulary is the one source of every enum: the model columns carry it, the import columns accept exactly
its keys and labels, and every label exists in Chinese and in English."""
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.support import Translations
from flask_babel import force_locale

import consortium.models  # noqa: F401  (registers every table)
from consortium import vocab
from consortium.extensions import db
from consortium.tables.columns import SPECS, header_key
from consortium.tables.normalize import CellError
from consortium.tables.validate import converter

# Record type of records.md → the table its rows are stored in. A new record type must be added here.
RECORD_TABLES = {
    "members": "member", "enterprise_years": "enterprise_year", "students": "student", "teachers": "teacher",
    "positions": "position", "placements": "placement", "programmes": "programme", "engagements": "engagement",
    "training_sessions": "training_session", "certificates": "training_certificate", "resources": "resource",
    "rd_projects": "rd_project", "outputs": "research_output",
}
# Enum columns of imported tables that a file does not set (the import sets placement.source to "import").
SET_BY_THE_PLATFORM = {("placement", "source")}
HAN = re.compile(r"[\u4e00-\u9fff]")


def enum_columns():
    """(table, column, vocabulary) for every model column that stores a vocabulary key."""
    return [(table.name, column.name, column.info["vocab"])
            for table in db.metadata.sorted_tables for column in table.columns if "vocab" in column.info]


def _label_properties():
    """(class, column) for every model property named `<column>_label` over a real column."""
    for mapper in db.Model.registry.mappers:
        cls, columns = mapper.class_, {c.key: c for c in mapper.columns}
        for name in dir(cls):
            if name.endswith("_label") and isinstance(getattr(cls, name, None), property):
                column = columns.get(name[:-len("_label")])
                if column is not None:
                    yield cls, column


def test_every_labelled_column_is_declared_and_every_stored_vocabulary_is_used():
    found = list(_label_properties())
    assert len(found) >= 15  # role, type, kind, status … labels exist on the models
    for cls, column in found:
        assert isinstance(column.info.get("vocab"), vocab.Vocabulary), f"{cls.__name__}.{column.key} has no vocab"
    used = {v.name for _, _, v in enum_columns()}
    for name, voc in vocab.REGISTRY.items():
        assert (name in used) == voc.stored, name
    for _, column, voc in enum_columns():
        assert voc is vocab.REGISTRY[voc.name]


def test_every_record_type_has_a_table():
    assert set(RECORD_TABLES) == set(SPECS)
    assert set(RECORD_TABLES.values()) <= set(db.metadata.tables)


def _accepted(col):
    """Every spelling the column's enum knows, each mapped through the real import converter."""
    conv = converter(col)
    return {spelling: conv(spelling) for spelling in col.enum_lookup}


@pytest.mark.parametrize("table,column,voc", enum_columns(), ids=lambda x: getattr(x, "name", str(x)))
def test_import_column_accepts_exactly_the_models_keys_and_labels(table, column, voc):
    record_types = [t for t, name in RECORD_TABLES.items() if name == table]
    if not record_types or (table, column) in SET_BY_THE_PLATFORM:
        pytest.skip(f"{table}.{column} is not imported")
    spec = SPECS[record_types[0]]
    col = spec.by_name.get(column)
    assert col is not None, f"{spec.type_name} has no {column} column"
    assert col.kind in ("enum", "level")
    conv = converter(col)
    for term in voc.terms:
        for spelling in (str(term.key), term.zh, term.file_label or term.zh, *term.spellings):
            assert conv(spelling) == term.key, (spelling, term.key)
        assert conv(f" {term.zh} ") == term.key
    # exactly: every spelling the column knows leads to one of the model's keys, and every key is reachable
    assert set(_accepted(col).values()) == set(voc.keys())
    assert [c.key for c in col.enum] == list(voc.keys())
    with pytest.raises(CellError):
        conv("不存在的取值")
    if col.default is not None:
        assert col.default in voc


def test_import_enum_columns_are_model_columns_with_the_same_vocabulary():
    by_table = {(t, c): v for t, c, v in enum_columns()}
    for type_name, spec in SPECS.items():
        for col in spec.columns:
            if col.enum:
                voc = by_table.get((RECORD_TABLES[type_name], col.name))
                assert voc is not None, f"{type_name}.{col.name} is not a model enum column"
                assert {c.key for c in col.enum} == set(voc.keys())


@pytest.mark.parametrize("voc", list(vocab.REGISTRY.values()), ids=lambda v: v.name)
def test_no_spelling_means_two_keys(voc):
    seen = {}
    for term in voc.terms:
        for spelling in {str(term.key), term.zh, term.file_label or term.zh, *term.spellings}:
            assert seen.setdefault(header_key(spelling), term.key) == term.key, (voc.name, spelling)


def _all_labels():
    for voc in vocab.REGISTRY.values():
        for term in voc.terms:
            yield voc.name, term.key, term.zh
            if term.book:
                yield voc.name, term.key, term.book
    for key, (text, _limit) in vocab.NARRATIVE_TEXTS.items():
        yield "narrative", key, text


def test_every_label_is_chinese_and_has_an_english_translation():
    english = Translations.load("translations", ["en"])
    missing = []
    for name, key, zh in _all_labels():
        assert HAN.search(zh), (name, key, zh)
        translated = english.gettext(zh)
        if translated == zh or not translated.strip() or HAN.search(translated):
            missing.append(f"{name}.{key}: {zh}")
    assert not missing, "no English for: " + "; ".join(missing)


def test_labels_follow_the_locale(app):
    with app.test_request_context():
        with force_locale("zh_Hans"):
            assert str(vocab.POSITION_KINDS["teacher_practice"]) == "教师企业实践"
            assert str(vocab.CERTIFICATE_LEVELS.label(4)) == "四级/中级工"
        with force_locale("en"):
            for voc in vocab.REGISTRY.values():
                for key, label in voc.items():
                    assert not HAN.search(str(label)), (voc.name, key, str(label))
    assert vocab.MEMBER_TYPES.label("unknown") == "unknown" and vocab.SECTORS.label(None) == ""


def test_rule_sets_are_made_of_keys():
    assert set(vocab.SCHOOL_TYPES) | set(vocab.VOCATIONAL_TYPES) | set(vocab.TEACHER_EMPLOYER_TYPES) <= set(
        vocab.MEMBER_TYPES)
    assert set(vocab.VOCATIONAL_TYPES) < set(vocab.SCHOOL_TYPES)
    assert set(vocab.SLOT_STATUSES) < set(vocab.PLACEMENT_STATUSES)
    assert set(vocab.STUDENT_KINDS) | set(vocab.TEACHER_KINDS) == set(vocab.POSITION_KINDS)
    assert not set(vocab.STUDENT_KINDS) & set(vocab.TEACHER_KINDS)
    assert set(vocab.ORG_ROLES) < set(vocab.ROLES)
    assert set(vocab.PLACED_OUTCOMES) >= set(vocab.EMPLOYED_OUTCOMES)
    assert set(vocab.PLACED_OUTCOMES) < set(vocab.OUTCOMES)
    assert set(vocab.SPECIAL_GROUPS) < set(vocab.AUDIENCES)


def test_importing_the_vocabulary_needs_no_flask():
    """The pure cores (matcher, figures) read the vocabulary, so it must not pull in Flask when imported."""
    root = Path(__file__).resolve().parents[2]
    code = ("import sys, types; pkg = types.ModuleType('consortium'); "
            f"pkg.__path__ = [{str(root / 'consortium')!r}]; sys.modules['consortium'] = pkg; "
            "import consortium.vocab as v; v.SCHOOL_TYPES; v.MEMBER_TYPES.book_labels(); list(v.POSITION_KINDS); "
            "assert not [m for m in sys.modules if m.split('.')[0] in ('flask', 'flask_babel', 'sqlalchemy')]; "
            "print('ok')")
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def test_templates_read_badges_and_labels_from_the_vocabulary(app):
    from types import SimpleNamespace

    with app.test_request_context():
        macros = app.jinja_env.get_template("jobs/_macros.html").module
        html = str(macros.placement_status(SimpleNamespace(status="withdrawn", status_label="已退出")))
        assert 'class="badge text-bg-light border"' in html
        html = str(macros.position_status(SimpleNamespace(status="open", status_label="开放")))
        assert 'class="badge text-bg-success"' in html
        assert str(macros.candidate_kind(SimpleNamespace(kind="teacher"))) == "教师"
    assert vocab.REQUEST_STATUSES.badge("nonsense") == "text-bg-light"
