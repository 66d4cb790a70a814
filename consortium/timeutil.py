"""Time where the consortia are: stored times are naive UTC, people see Asia/Shanghai, "today" is the consortium's day."""
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


def utcnow() -> datetime:
    """Now as a naive UTC datetime, the form every timestamp column stores."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def today() -> date:
    """Today in Asia/Shanghai, where the consortium's days and years begin and end."""
    return datetime.now(SHANGHAI).date()


def current_year() -> int:
    """The consortium's current calendar year."""
    return today().year


def to_local(value: datetime | None) -> datetime | None:
    """A stored time (naive UTC, or aware) as an aware Asia/Shanghai datetime."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(SHANGHAI)
