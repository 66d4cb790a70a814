"""Security events of the accounts package (sign-ins, lockouts, user and token changes), published as a
signal. The audit package (above auth in the package order) records them; auth cannot import it."""
from blinker import Namespace

_signals = Namespace()
# Sent with: action, actor (User or None), outcome ("ok", "failed", "denied"), target (User or None),
# object_type, object_id, detail (text without personal data), separate (bool: write in its own
# transaction, because the request's will be rolled back — failures on a 401 answer).
account_event = _signals.signal("account-event")


def emit(action: str, *, actor=None, outcome: str = "ok", target=None, object_type: str | None = None,
         object_id=None, detail: str = "", separate: bool = False) -> None:
    account_event.send(None, action=action, actor=actor, outcome=outcome, target=target,
                       object_type=object_type or ("user" if target is not None else None),
                       object_id=object_id if object_id is not None else getattr(target, "id", None),
                       detail=detail, separate=separate)
