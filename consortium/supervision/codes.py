"""Rotating check-in codes: pure functions of a secret, a site and the time (no Flask, no database).

A code is the HMAC-SHA256 of `"<site id>:<window>"` under a server secret, cut to 6 digits; the window
is the Unix time divided by 30 s. The mentor's page shows the current window's code; a student's code
is accepted when it is the code of the same site for the current window or the one before (so a code
read in the last seconds of its window still works), and refused when it belongs to another site, to a
window two or more steps old, or to the future.
"""
import hashlib
import hmac
import math
from datetime import datetime, timezone

WINDOW_SECONDS = 30
ACCEPTED_WINDOWS = 2  # the current window and the one before
DIGITS = 6


def window_of(moment: datetime) -> int:
    """The 30-second window number of an aware or naive-UTC datetime."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return int(moment.timestamp() // WINDOW_SECONDS)


def window_end(window: int) -> datetime:
    """When a window's code stops being the current one (UTC)."""
    return datetime.fromtimestamp((window + 1) * WINDOW_SECONDS, tz=timezone.utc)


def code_for(secret: bytes, site_id: int, window: int) -> str:
    """The 6-digit code of a site in a window."""
    digest = hmac.new(secret, f"{site_id}:{window}".encode(), hashlib.sha256).digest()
    number = int.from_bytes(digest[:8], "big") % (10 ** DIGITS)
    return f"{number:0{DIGITS}d}"


def code_is_valid(secret: bytes, site_id: int, code: str, now: datetime) -> bool:
    """True when `code` is this site's code for the current window or the one before."""
    code = (code or "").strip()
    if len(code) != DIGITS or not code.isdigit():
        return False
    current = window_of(now)
    ok = False
    for window in range(current - ACCEPTED_WINDOWS + 1, current + 1):
        # compare_digest for each candidate, without stopping early, so timing says nothing.
        ok |= hmac.compare_digest(code, code_for(secret, site_id, window))
    return ok


def distance_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance in metres (haversine, mean Earth radius)."""
    r = 6_371_000.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))
