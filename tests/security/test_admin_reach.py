"""A consortium's admin manages the accounts of that consortium only: never the province-wide admin,
never another consortium's users, never their API tokens."""
import pytest

from consortium.auth import services as auth_services
from consortium.auth.models import ApiToken, User
from consortium.errors import NotFound
from consortium.extensions import db

from .. import factories
from ..factories import PASSWORD


@pytest.fixture
def tenants(app, world):
    """The world plus a province-wide admin and a second consortium with its admin and a user."""
    with app.app_context():
        other = factories.make_consortium(name="洛阳测试联合体")
        ent = factories.make_member(other, name="洛阳丙公司", type="enterprise")
        ids = {
            "province": factories.make_user("province", "admin").id,
            "other_admin": factories.make_user("other_admin", "admin", consortium=other).id,
            "other_ent": factories.make_user("other_ent", "enterprise", member=ent).id,
        }
        db.session.commit()
    return ids


def test_consortium_admin_does_not_see_province_admin(browser, world, tenants):
    browser.login("admin")
    page = browser.get("/users")
    assert "<td>province</td>" not in page.text and "<td>other_ent</td>" not in page.text
    assert "<td>ent_a</td>" in page.text
    for uid in (tenants["province"], tenants["other_admin"], tenants["other_ent"]):
        assert browser.get(f"/users/{uid}/edit").status_code == 404


def test_consortium_admin_cannot_reset_or_deactivate_province_admin(browser, world, tenants, app):
    browser.login("admin")
    r = browser.submit(f"/users/{tenants['province']}/edit", {"display_name": "x", "new_password": "Taken-over-99"},
                       form_url="/users/new")
    assert r.status_code in (403, 404)
    with app.app_context():
        province = db.session.get(User, tenants["province"])
        assert province.active and province.check_password(PASSWORD)
    browser.submit("/logout", {}, form_url="/")
    assert browser.login("province", "Taken-over-99").status_code == 200  # still refused


@pytest.mark.parametrize("target", ["province", "other_admin", "other_ent"])
def test_services_refuse_users_outside_the_consortium(ctx, world, tenants, target):
    admin = db.session.get(User, world.admin)
    user = db.session.get(User, tenants[target])
    with pytest.raises(NotFound):
        auth_services.get_user(admin, user.id)
    with pytest.raises(NotFound):
        auth_services.update_user(admin, user, active=False)
    with pytest.raises(NotFound):
        auth_services.change_password(admin, user, old_password=None, new_password="Taken-over-99")
    with pytest.raises(NotFound):
        auth_services.issue_token(admin, user, "x")
    assert user.active and user.check_password(PASSWORD)


def test_consortium_admin_creates_users_inside_the_consortium_only(ctx, world):
    admin = db.session.get(User, world.admin)
    user = auth_services.create_user(admin, username="second_admin", password="Second-admin-1", role="admin")
    assert user.consortium_id == world.consortium


def test_province_admin_still_manages_everyone(ctx, world, tenants):
    province = db.session.get(User, tenants["province"])
    for uid in (world.admin, tenants["other_admin"], tenants["other_ent"]):
        user = auth_services.get_user(province, uid)
        auth_services.update_user(province, user, display_name="ok")


def test_token_revocation_stays_inside_the_consortium(browser, world, tenants, app):
    with app.app_context():
        auth_services.issue_token(db.session.get(User, tenants["other_ent"]),
                                  db.session.get(User, tenants["other_ent"]), "erp")
        auth_services.issue_token(db.session.get(User, tenants["province"]),
                                  db.session.get(User, tenants["province"]), "ops")
        auth_services.issue_token(db.session.get(User, world.ent_user), db.session.get(User, world.ent_user), "own")
        db.session.commit()
        foreign = [t.id for t in db.session.query(ApiToken).filter(
            ApiToken.user_id.in_([tenants["other_ent"], tenants["province"]]))]
        own_consortium = db.session.query(ApiToken).filter_by(user_id=world.ent_user).one().id
    browser.login("admin")
    for token_id in foreign:
        r = browser.submit(f"/account/tokens/{token_id}/revoke", {}, form_url="/account/tokens")
        assert r.status_code == 404
    r = browser.submit(f"/account/tokens/{own_consortium}/revoke", {}, form_url="/account/tokens")
    assert r.status_code == 302
    browser.submit("/logout", {}, form_url="/")
    browser.login("ent_a")  # an enterprise user cannot revoke a colleague's token either
    with app.app_context():
        auth_services.issue_token(db.session.get(User, world.other_ent_user),
                                  db.session.get(User, world.other_ent_user), "b")
        db.session.commit()
        colleague = db.session.query(ApiToken).filter_by(user_id=world.other_ent_user).one().id
    assert browser.submit(f"/account/tokens/{colleague}/revoke", {}, form_url="/account/tokens").status_code == 404
    with app.app_context():
        assert all(db.session.get(ApiToken, t).revoked_at is None for t in [*foreign, colleague])
        assert db.session.get(ApiToken, own_consortium).revoked_at is not None
