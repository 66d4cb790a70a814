"""Password profiles (MLPS default, ASVS), the shipped common-password list, 64-character passwords,
admin one-time reset links and `flask user set-password`."""
from datetime import timedelta

import pytest

from consortium.auth import services as auth_services
from consortium.auth.models import ApiToken, PasswordReset, User
from consortium.auth.passwords import common_passwords, password_problems
from consortium.errors import ValidationError
from consortium.extensions import db
from consortium.timeutil import utcnow

from ..factories import PASSWORD


@pytest.mark.parametrize("password", ["12345678", "password", "Password1!", "ent_a-2024x", "abcdefgh",
                                      "ABCDEFGH12", "short1!"])
def test_mlps_refuses_weak_passwords(ctx, password):
    assert password_problems(password, username="ent_a", profile="mlps")


@pytest.mark.parametrize("password", ["Correct-horse-42", "学习强国-2024a", "x" * 40 + "A1!"])
def test_mlps_accepts_strong_ones(ctx, password):
    assert password_problems(password, username="ent_a", profile="mlps") == []


def test_asvs_wants_length_not_composition(ctx):
    assert password_problems("correcthorsebattery", profile="asvs") == []
    assert password_problems("Abc-1234", profile="asvs")           # 8 characters is too short for ASVS
    assert password_problems("qwertyuiop", profile="asvs")          # common, and short
    assert password_problems("1q2w3e4r5t", profile="mlps")


def test_common_list_is_shipped_and_refused_by_both_profiles(ctx):
    common = common_passwords()
    assert {"12345678", "password", "woaini1314", "p@ssw0rd"} <= common and len(common) > 100
    for profile in ("mlps", "asvs"):
        assert any("常见密码" in p for p in password_problems("Password@123", profile=profile))


def test_services_apply_the_profile(ctx, world, monkeypatch):
    user = db.session.get(User, world.ent_user)
    for bad in ("12345678", "password", "ent_a", "ent_a-Pass1"):
        with pytest.raises(ValidationError):
            auth_services.change_password(user, user, old_password=PASSWORD, new_password=bad)
    monkeypatch.setitem(ctx.config, "PASSWORD_POLICY", "asvs")
    with pytest.raises(ValidationError):
        auth_services.change_password(user, user, old_password=PASSWORD, new_password="Abc-12345")
    auth_services.change_password(user, user, old_password=PASSWORD, new_password="long enough passphrase")


def test_web_form_shows_the_reason(browser, world):
    browser.login("ent_a")
    r = browser.submit("/account/password", {"old_password": PASSWORD, "new_password": "12345678",
                                             "confirm": "12345678"})
    assert r.status_code == 200 and "三类" in r.text and "常见密码" in r.text


def test_a_64_character_password_works(browser, world):
    long_password = ("Aa1-" * 16)
    assert len(long_password) == 64
    browser.login("ent_a")
    r = browser.submit("/account/password", {"old_password": PASSWORD, "new_password": long_password,
                                             "confirm": long_password})
    assert r.status_code == 302
    browser.submit("/logout", {}, form_url="/")
    assert browser.login("ent_a", long_password).status_code == 302


def _issue_link(browser, user_id):
    page = browser.get(f"/users/{user_id}/edit")
    from ..conftest import csrf_from

    r = browser.client.post(f"/users/{user_id}/reset-link", data={"csrf_token": csrf_from(page.text)})
    assert r.status_code == 200
    return r.text.split('id="reset-link">')[1].split("<")[0].replace("http://localhost", "")


def test_reset_link_works_once_and_ends_sessions(app, browser, world):
    from ..conftest import Browser

    victim = Browser(app.test_client())
    victim.login("ent_a")
    browser.login("admin")
    link = _issue_link(browser, world.ent_user)
    assert link.startswith("/reset/")
    other = Browser(app.test_client())
    assert other.get(link).status_code == 200
    r = other.submit(link, {"new_password": "12345678", "confirm": "12345678"})
    assert r.status_code == 200 and "常见密码" in r.text      # a refused password keeps the link usable
    r = other.submit(link, {"new_password": "Fresh-start-77", "confirm": "Fresh-start-77"})
    assert r.status_code == 302
    assert other.get(link).status_code == 404                   # single use
    assert victim.get("/").status_code == 302                   # old sessions ended
    assert other.login("ent_a", "Fresh-start-77").status_code == 302


def test_reset_link_expires_and_is_scoped(app, browser, world):
    browser.login("admin")
    link = _issue_link(browser, world.ent_user)
    with app.app_context():
        row = db.session.query(PasswordReset).one()
        row.expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    assert browser.get(link).status_code == 404
    browser.submit("/logout", {}, form_url="/")
    browser.login("ent_a")
    assert browser.submit(f"/users/{world.admin}/reset-link", {}, form_url="/").status_code == 403
    with app.app_context():
        assert db.session.query(PasswordReset).count() == 1
        assert db.session.query(PasswordReset).one().token_hash not in link  # only the digest is stored


def test_cli_set_password(runner, world, app):
    with app.app_context():
        user = db.session.get(User, world.ent_user)
        auth_services.issue_token(user, user, "erp")
        db.session.commit()
    r = runner.invoke(args=["user", "set-password", "ent_a"], input="Cli-chosen-55\nCli-chosen-55\n")
    assert r.exit_code == 0, r.output
    r = runner.invoke(args=["user", "set-password", "ent_a", "--password", "12345678"])
    assert r.exit_code != 0 and "常见密码" in r.output
    r = runner.invoke(args=["user", "set-password", "nobody", "--password", "Cli-chosen-55"])
    assert r.exit_code != 0
    with app.app_context():
        user = db.session.get(User, world.ent_user)
        assert user.check_password("Cli-chosen-55")
        assert db.session.query(ApiToken).one().revoked_at is not None
