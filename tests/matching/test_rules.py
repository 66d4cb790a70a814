"""The matching services hold the rules the pages used to: who starts a round (a user, or the command line
named as such), hand-made proposals found by code and number, withdrawals through the placement lifecycle."""
import pytest
from sqlalchemy import select

from consortium.errors import NotAllowed, ValidationError
from consortium.extensions import db
from consortium.jobs.models import Notification, Placement
from consortium.matching import services
from consortium.matching.models import MatchRound

from .. import factories
from .test_service import _seed, seeded  # noqa: F401  (fixture)


def test_withdrawing_a_proposal_goes_through_the_lifecycle_and_tells_both_sides(seeded):  # noqa: F811
    world, (s1, s2, s3, teacher, p1, p2, p3) = seeded
    match_round = services.start_round(world.admin, world.consortium, kind="internship", inline=True)
    db.session.commit()
    placement = db.session.scalar(select(Placement).where(Placement.student_id == s1.id))
    before = db.session.query(Notification).count()
    services.withdraw_proposal(world.admin, match_round, placement, "学生已确定升学")
    assert placement.status == "withdrawn"
    told = {n.user_id for n in db.session.scalars(select(Notification).offset(before))}
    assert world.ent_user.id in told and world.school_user.id in told


def test_a_round_needs_the_secretariat_or_the_named_command_line(seeded):  # noqa: F811
    world, _objs = seeded
    with pytest.raises(NotAllowed):
        services.start_round(None, world.consortium, inline=True)
    assert services.can_run_rounds(world.admin, world.consortium.id)
    assert not services.can_run_rounds(world.ent_user, world.consortium.id)
    match_round = services.start_round(services.COMMAND_LINE, world.consortium, inline=True)
    assert match_round.status == "finished" and match_round.created_by_id is None


def test_hand_made_proposal_is_found_by_code_and_number(seeded):  # noqa: F811
    world, (s1, s2, s3, teacher, p1, p2, p3) = seeded
    match_round = services.start_round(world.admin, world.consortium, kind="apprenticeship", inline=True)
    with pytest.raises(ValidationError, match="NOPE"):
        services.add_proposal_by_number(world.admin, match_round, "NOPE", world.school.name, "S2", "企业点名需要")
    with pytest.raises(ValidationError):
        services.add_proposal_by_number(world.admin, match_round, "P1", world.school.name, "NOPE", "企业点名需要")
    with pytest.raises(NotAllowed):
        services.add_proposal_by_number(world.ent_user, match_round, "P1", world.school.name, "S2", "企业点名需要")
    override = services.add_proposal_by_number(world.admin, match_round, " P1 ", world.school.name, "S2", "企业点名需要")
    assert override.action == "add" and db.session.get(Placement, override.placement_id).student_id == s2.id


def test_cli_acts_as_a_named_user(runner, app):
    with app.app_context():
        world = factories.build_world()
        _seed(world)
        db.session.commit()
        admin_name, admin_id, ent_name = world.admin.username, world.admin.id, world.ent_user.username
    assert runner.invoke(args=["match", "run", "--as-user", "nobody"]).exit_code != 0
    refused = runner.invoke(args=["match", "run", "--as-user", ent_name])
    assert refused.exit_code != 0 and "管理员" in refused.output
    result = runner.invoke(args=["match", "run", "--as-user", admin_name, "--kind", "internship"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(select(MatchRound.created_by_id)) == admin_id
