"""Schemathesis hooks for tests/api/fuzz.py: a valid request must not be refused for its shape."""
import schemathesis


@schemathesis.check
def valid_shape_accepted(ctx, response, case):
    """Positive data answered 422 must carry a business rule's code (`validation_error`), never `invalid_input`."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or response.status_code != 422:
        return None
    try:
        code = response.json()["error"]["code"]
    except Exception:  # noqa: BLE001  (a body that is not the envelope is another check's failure)
        return None
    if code == "invalid_input":
        raise AssertionError(f"Valid request refused by its declared shape: {response.text[:300]}")
    return None
