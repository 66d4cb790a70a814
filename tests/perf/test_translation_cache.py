"""Translations are resolved once per request and locale, and a forced locale still gets its own language."""
from flask_babel import force_locale, gettext

from consortium.extensions import babel


def test_catalogue_resolved_once_per_request(app, monkeypatch):
    calls = []
    domain = babel.domain_instance
    original = type(domain).__mro__[1].get_translations

    def counted(self):
        calls.append(1)
        return original(self)

    monkeypatch.setattr(type(domain).__mro__[1], "get_translations", counted)
    with app.test_request_context("/", headers={"Accept-Language": "zh-CN"}):
        for _ in range(50):
            gettext("学生")
        assert len(calls) == 1
        with force_locale("en"):
            assert gettext("学生") == "Student"
        assert gettext("学生") == "学生"
        assert len(calls) <= 3


def test_english_page_still_english(client, world):
    from ..conftest import Browser

    b = Browser(client)
    b.login("admin")
    b.get("/lang/en")
    assert ">Student" in b.get("/students").text
