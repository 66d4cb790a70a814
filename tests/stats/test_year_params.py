"""The year and the list filters of the book, training, teacher-exchange and records pages and API: one rule
(web.year_arg / optional_year_arg / filter_args), a bad value refused with 422 naming the parameter."""
import pytest

from consortium.timeutil import current_year


@pytest.mark.parametrize("url", ["/stats/year?year=abc", "/stats/year?compare=1800", "/stats/dashboard?year=2101",
                                 "/stats/download/json?year=2024&year=x", "/stats/province?year=99999",
                                 "/training?year=abc", "/training/plan?year=1899", "/training/sessions?year=x",
                                 "/training/certificates?year=3000", "/exchange?year=abc",
                                 "/engagements?year=abc", "/engagements?side=elsewhere",
                                 "/records/resources?year=20x4", "/records/resources?kind=nonsense",
                                 "/records/rd?converted=maybe", "/records/reports?status=secret"])
def test_a_bad_year_or_filter_on_a_page_is_a_422(browser, world, url):
    browser.login("admin")
    assert browser.get(url).status_code == 422


def test_the_book_pages_default_to_the_last_complete_year(browser, world):
    browser.login("admin")
    page = browser.get("/stats/year")  # the book's own years, not a selector's (docs/book.md)
    assert page.status_code == 200 and "2022 年（实际）/ 2023 年（承诺）" in page.text
    assert browser.get("/stats/year?year=2024&compare=2023").status_code == 200
    download = browser.get("/stats/download/json?year=2024&year=2023")
    assert download.status_code == 200 and [y["year"] for y in download.json["years"]] == [2023, 2024]


@pytest.mark.parametrize("url", ["/api/v1/resources?year=abc", "/api/v1/rd-projects?year=1800",
                                 "/api/v1/outputs?year=x", "/api/v1/demand-reports?year=2101",
                                 "/api/v1/engagements?year=abc", "/api/v1/training/sessions?year=abc",
                                 "/api/v1/training/certificates?year=0", "/api/v1/training/figures?year=abc"])
def test_a_bad_year_in_the_api_is_a_422_naming_it(api, world, url):
    r = api("admin").get(url)
    assert r.status_code == 422, url
    assert "year" in r.json["error"]["fields"]


def test_the_api_year_filter_still_filters(api, world):
    admin = api("admin")
    assert admin.get("/api/v1/training/figures").json["year"] == current_year()
    assert admin.get("/api/v1/training/figures?year=2023").json["year"] == 2023
    assert admin.get("/api/v1/resources?year=2024").status_code == 200
