"""Slots taken by a bulk import: one conditional UPDATE for many positions, all or nothing."""
import pytest

from consortium.errors import Conflict
from consortium.extensions import db
from consortium.jobs.positions import move_many_slots
from tests import factories


@pytest.fixture
def positions(ctx):
    consortium = factories.make_consortium()
    enterprise = factories.make_member(consortium, type="enterprise", name="甲企业")
    return [factories.make_position(enterprise, slots=3) for _ in range(3)]


def test_many_positions_take_and_release_at_once(positions):
    a, b, c = positions
    move_many_slots({a.id: 3, b.id: 1, c.id: 0})
    assert (a.filled, b.filled, c.filled) == (3, 1, 0)  # loaded rows re-read their count
    move_many_slots({a.id: -2})
    assert a.filled == 1


def test_one_position_short_refuses_the_whole_change(positions):
    a, b, _c = positions
    db.session.commit()
    with pytest.raises(Conflict, match="名额"):
        move_many_slots({a.id: 2, b.id: 4}, "名额已被占用")
    db.session.rollback()
    assert (a.filled, b.filled) == (0, 0)
    with pytest.raises(Conflict):
        move_many_slots({a.id: -1})  # below zero
