"""Signing in and out, passwords, user management and API tokens."""
from consortium.auth.models import User
from consortium.extensions import db

from ..conftest import csrf_from
from ..factories import PASSWORD


def test_login_page_is_chinese(client):
    r = client.get("/login")
    assert r.status_code == 200 and "登录" in r.text and "用户名" in r.text


def test_pages_need_login(client):
    r = client.get("/members")
    assert r.status_code == 302 and "/login" in r.headers["Location"]


def test_login_logout(browser, world):
    r = browser.login("admin")
    assert r.status_code == 302
    home = browser.get("/")
    assert home.status_code == 200 and "秘书处工作台" in home.text
    r = browser.submit("/logout", {}, form_url="/")
    assert r.status_code == 302
    assert browser.get("/").status_code == 302


def test_wrong_password_is_refused_with_message(browser, world):
    r = browser.login("admin", "wrong-password")
    assert r.status_code == 200 and "用户名或密码不正确" in r.text
    assert browser.get("/").status_code == 302


def test_login_without_csrf_token_is_refused(client, world):
    r = client.post("/login", data={"username": "admin", "password": PASSWORD})
    assert r.status_code == 400


def test_open_redirect_is_not_followed(browser, world):
    page = browser.client.get("/login?next=https://evil.example/")
    r = browser.client.post("/login?next=https://evil.example/", data={
        "username": "admin", "password": PASSWORD, "csrf_token": csrf_from(page.text)})
    assert r.headers["Location"] == "/"


def test_inactive_user_cannot_login(browser, world, app):
    with app.app_context():
        db.session.get(User, world.ent_user).active = False
        db.session.commit()
    assert browser.login("ent_a").status_code == 200


def test_passwords_are_hashed(world, app):
    with app.app_context():
        user = db.session.get(User, world.admin)
        assert PASSWORD not in user.password_hash and user.check_password(PASSWORD)


def test_change_password(browser, world):
    browser.login("ent_a")
    r = browser.submit("/account/password", {"old_password": "bad", "new_password": "new-password-1",
                                             "confirm": "new-password-1"})
    assert "原密码不正确" in r.text
    r = browser.submit("/account/password", {"old_password": PASSWORD, "new_password": "short",
                                             "confirm": "short"})
    assert "密码至少需要 8 位" in r.text
    r = browser.submit("/account/password", {"old_password": PASSWORD, "new_password": "new-password-1",
                                             "confirm": "new-password-1"})
    assert r.status_code == 302
    browser.submit("/logout", {}, form_url="/")
    assert browser.login("ent_a", "new-password-1").status_code == 302


def test_admin_creates_enterprise_user(browser, world, app):
    browser.login("admin")
    r = browser.submit("/users/new", {"username": "ent_c", "display_name": "王经理", "role": "enterprise",
                                      "member_id": world.enterprise, "password": "password-123"})
    assert r.status_code == 302
    with app.app_context():
        user = db.session.query(User).filter_by(username="ent_c").one()
        assert user.member_id == world.enterprise and user.consortium_id == world.consortium


def test_user_form_errors_write_nothing(browser, world, app):
    browser.login("admin")
    r = browser.submit("/users/new", {"username": "admin", "role": "enterprise", "member_id": 0,
                                      "password": "password-123"})
    assert r.status_code == 200
    assert "用户名已存在" in r.text and "企业和学校账号必须指定所属成员单位" in r.text
    r = browser.submit("/users/new", {"username": "new_school", "role": "school", "member_id": world.enterprise,
                                      "password": "password-123"})
    assert "学校账号必须属于学校类成员单位" in r.text
    with app.app_context():
        assert db.session.query(User).count() == 6


def test_non_admin_cannot_manage_users(browser, world):
    for username in ("ent_a", "school", "stu", "tea"):
        browser.login(username)
        assert browser.get("/users").status_code == 403
        assert browser.get("/users/new").status_code == 403
        assert browser.get(f"/users/{world.admin}/edit").status_code == 403
        browser.submit("/logout", {}, form_url="/")


def test_admin_deactivates_and_resets(browser, world, app):
    browser.login("admin")
    r = browser.submit(f"/users/{world.ent_user}/edit", {"display_name": "甲", "new_password": "reset-pass-1"})
    assert r.status_code == 302
    with app.app_context():
        user = db.session.get(User, world.ent_user)
        assert not user.active and user.check_password("reset-pass-1")


def test_admin_cannot_deactivate_self(browser, world):
    browser.login("admin")
    r = browser.submit(f"/users/{world.admin}/edit", {"display_name": "x"})
    assert "不能停用自己的账号" in r.text


def test_tokens_page_issues_and_revokes(browser, world, client):
    browser.login("ent_a")
    r = browser.submit("/account/tokens", {"name": "ERP"})
    token = r.text.split('id="new-token">')[1].split("<")[0]
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).json["username"] == "ent_a"
    page = browser.get("/account/tokens")
    token_id = page.text.split("/account/tokens/")[1].split("/")[0]
    browser.submit(f"/account/tokens/{token_id}/revoke", {}, form_url="/account/tokens")
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_cli_user_create(runner, world, app):
    r = runner.invoke(args=["user", "create", "clerk", "--role", "school", "--org", "郑州测试职业技术学院",
                            "--password", "desk-pass-1"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(args=["user", "create", "clerk2", "--role", "school", "--org", "无此单位",
                            "--password", "desk-pass-1"])
    assert r.exit_code != 0 and "unknown member organization" in r.output
    r = runner.invoke(args=["user", "create", "clerk3", "--role", "school", "--org", "甲智能装备有限公司",
                            "--password", "desk-pass-1"])
    assert r.exit_code != 0
    r = runner.invoke(args=["user", "create", "boss", "--role", "admin"], input="chief-pass-12\nchief-pass-12\n")
    assert r.exit_code == 0, r.output
    with app.app_context():
        assert db.session.query(User).filter_by(username="boss").one().check_password("chief-pass-12")
