"""The shared request parameters: one year rule, one page rule, one filter rule for pages, API and exports."""
import pytest

from consortium.errors import ValidationError
from consortium.timeutil import today
from consortium.web import PAGE_MAX, filter_args, page_arg, year_arg


def test_year_defaults_to_the_consortium_year_or_the_given_default(app):
    with app.test_request_context("/"):
        assert year_arg() == today().year
        assert year_arg(default=2023) == 2023
    with app.test_request_context("/?year=2024"):
        assert year_arg(default=2023) == 2024


@pytest.mark.parametrize("raw", ["abc", "10000", "1899", "-5", "99999999999999999999"])
def test_a_bad_year_is_refused_naming_the_parameter(app, raw):
    with app.test_request_context(f"/?year={raw}"):
        with pytest.raises(ValidationError) as caught:
            year_arg()
    assert "year" in caught.value.fields


@pytest.mark.parametrize("raw", ["0", "abc", "-1", str(PAGE_MAX + 1), "99999999999999999999"])
def test_a_bad_page_is_refused(app, raw):
    with app.test_request_context(f"/?page={raw}"):
        with pytest.raises(ValidationError):
            page_arg()


def test_page_defaults_to_one(app):
    with app.test_request_context("/"):
        assert page_arg() == 1
    with app.test_request_context("/?page=3"):
        assert page_arg() == 3


def test_filters_drop_blanks_and_refuse_unknown_choices(app):
    with app.test_request_context("/?kind=internship&q=+%20&status=bogus"):
        assert filter_args("kind", "q") == {"kind": "internship"}
        with pytest.raises(ValidationError) as caught:
            filter_args("status", choices={"status": {"open", "closed"}})
    assert "status" in caught.value.fields


def test_a_huge_page_number_on_a_list_page_is_a_clear_error_not_a_500(client, world):
    from ..conftest import csrf_from
    from .. import factories

    page = client.get("/login")
    client.post("/login", data={"username": "admin", "password": factories.PASSWORD,
                                "csrf_token": csrf_from(page.text)})
    assert client.get("/members?page=99999999999999999999").status_code == 422
