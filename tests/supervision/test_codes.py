"""The rotating check-in code: its 30-second window and its binding to one site (pure, no app)."""
from datetime import datetime, timedelta, timezone

from consortium.supervision import codes

SECRET = b"test-secret"
T0 = datetime(2026, 3, 2, 1, 0, 5, tzinfo=timezone.utc)


def test_code_is_six_digits_and_changes_every_window():
    w = codes.window_of(T0)
    assert codes.window_of(T0 + timedelta(seconds=24)) == w  # 01:00:05 → 01:00:29 same window
    assert codes.window_of(T0 + timedelta(seconds=25)) == w + 1
    a, b = codes.code_for(SECRET, 7, w), codes.code_for(SECRET, 7, w + 1)
    assert len(a) == 6 and a.isdigit() and a != b


def test_code_is_accepted_in_its_window_and_the_next_only():
    code = codes.code_for(SECRET, 7, codes.window_of(T0))
    assert codes.code_is_valid(SECRET, 7, code, T0)
    assert codes.code_is_valid(SECRET, 7, code, T0 + timedelta(seconds=30))  # one window later
    assert not codes.code_is_valid(SECRET, 7, code, T0 + timedelta(seconds=60))  # two windows later: stale
    assert not codes.code_is_valid(SECRET, 7, code, T0 - timedelta(seconds=30))  # a code from the future


def test_code_is_bound_to_its_site_and_secret():
    code = codes.code_for(SECRET, 7, codes.window_of(T0))
    others = [codes.code_for(SECRET, site, codes.window_of(T0)) for site in range(8, 40)]
    assert code not in others  # 32 other sites, none shares this code in this window
    assert not codes.code_is_valid(SECRET, 8, code, T0)
    assert not codes.code_is_valid(b"another-server", 7, code, T0)
    assert not codes.code_is_valid(SECRET, 7, "12345", T0) and not codes.code_is_valid(SECRET, 7, "abcdef", T0)


def test_expiry_is_the_end_of_the_window():
    w = codes.window_of(T0)
    assert codes.window_end(w) == datetime(2026, 3, 2, 1, 0, 30, tzinfo=timezone.utc)


def test_distance():
    # 郑州 二七塔 to 郑州东站, about 9.6 km
    d = codes.distance_m(34.7533, 113.6669, 34.7597, 113.7722)
    assert 9_500 < d < 9_800
