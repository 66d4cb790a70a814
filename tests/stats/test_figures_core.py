"""The one core of the book figures: every registry entry is a `(records, year) -> Figure` function that names
its own key, and the families share one member record and one overlap_days."""
from datetime import date

from consortium.figures import book, core, teachers, training
from consortium.figures.records import MemberRecord, YearRecords

Y = 2024
MEMBERS = [MemberRecord(1, "高职A", "higher_vocational", date(2020, 1, 1)),
           MemberRecord(2, "企业B", "enterprise", date(2020, 1, 1))]


def test_every_registry_function_returns_a_figure_of_its_own_key():
    records = YearRecords(members=MEMBERS)
    for metric in book.registry(Y, records):
        figure = metric.fn(records, Y)
        assert isinstance(figure, core.Figure), metric.key
        assert figure.key == metric.key


def test_the_families_are_the_registry_functions_themselves():
    """No adapter between families: the book calls the teacher and training figures directly."""
    functions = {m.key: m.fn for m in book.registry(Y)}
    for fn in teachers.FIGURES + training.FIGURES:
        assert fn in functions.values(), fn.__name__
    records = YearRecords(members=MEMBERS)
    assert set(teachers.all_figures(records, Y)) | set(training.training_figures(records, Y)) <= set(functions)


def test_record_ids_follow_the_record_refs():
    figure = core.Figure("k", 2, [("engagement", 3), ("engagement", 7)])
    assert figure.record_ids == [3, 7]


def test_membership_and_overlap_are_defined_once():
    member = MemberRecord(1, "X", "enterprise", date(2024, 12, 31), date(2025, 1, 1))
    assert member.is_member_in(2024) and member.is_member_in(2025) and not member.is_member_in(2023)
    assert core.overlap_days(date(2023, 12, 31), date(2024, 1, 2), 2024) == 2
    assert core.overlap_days(date(2024, 12, 1), None, 2024) == 31
    assert core.members_in(YearRecords(members=[member]), 2023) == {}
