"""Personal data at rest: ID numbers and phones encrypted with AES-GCM, and keyed hashes beside them for look-ups.

The key is `DATA_KEY` (URL-safe base64 of 32 bytes) from the environment, or the file `data_key` of the instance
folder, created on first run like the secret key. Columns declared with `Encrypted` are encrypted on the way into
the database and decrypted on the way out, so services and templates keep reading plaintext. A column declared
with ``info={"blind_index_of": "<column>"}`` holds HMAC-SHA256 of that column's value under a key derived from
DATA_KEY: equal numbers give equal hashes, so uniqueness checks and look-ups filter on the hash (the ciphertext
differs on every write). `keep_blind_indexes` keeps the hashes in step on every ORM write; a bulk
``insert(Model)`` fills them with `with_blind_indexes`.
"""
import base64
import hashlib
import hmac
import os

from sqlalchemy import event
from sqlalchemy.types import String, TypeDecorator

from .config import instance_key

PREFIX = "v1:"
NONCE_BYTES = 12
# "v1:" + base64(nonce 12 + up to 50 bytes of text + tag 16): room for every value these columns hold.
STORED_LENGTH = 120
HASH_LENGTH = 64
_INDEX_LABEL = b"consortium/blind-index/v1"


def new_data_key() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode()


def parse_data_key(text: str) -> bytes:
    """The 32 raw bytes of a DATA_KEY; ValueError with a message that says what is expected."""
    value = (text or "").strip()
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (ValueError, TypeError) as exc:
        raise ValueError("DATA_KEY must be the URL-safe base64 of 32 random bytes") from exc
    if len(raw) != 32:
        raise ValueError("DATA_KEY must be the URL-safe base64 of 32 random bytes")
    return raw


def instance_data_key(instance_path: str) -> str:
    """The data key kept in the instance folder, written once (mode 0600) when there is none."""
    return instance_key(instance_path, "data_key", new_data_key)


class DataKey:
    """Encrypts, decrypts and hashes personal values with one DATA_KEY."""

    def __init__(self, text: str):
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        raw = parse_data_key(text)
        self._aead = AESGCM(raw)
        self._index_key = hmac.new(raw, _INDEX_LABEL, hashlib.sha256).digest()

    def encrypt(self, value: str, context: str) -> str:
        """`v1:` + base64(nonce + ciphertext + tag); `context` (table.column) is authenticated, so a value
        copied into another column does not decrypt."""
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, value.encode("utf-8"), context.encode())
        return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode()

    def decrypt(self, token: str, context: str) -> str:
        from cryptography.exceptions import InvalidTag

        if not token.startswith(PREFIX):
            raise ValueError(f"{context}: the stored value is not encrypted (run the migrations)")
        blob = base64.urlsafe_b64decode(token[len(PREFIX):])
        try:
            return self._aead.decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], context.encode()).decode("utf-8")
        except InvalidTag as exc:
            raise ValueError(f"{context}: cannot decrypt (is DATA_KEY the key the data was written with?)") from exc

    def blind_index(self, value: str) -> str:
        """HMAC-SHA256 (hex) of the normalised value: the same number always gives the same hash."""
        normal = value.strip().upper()
        return hmac.new(self._index_key, normal.encode("utf-8"), hashlib.sha256).hexdigest()


def current_key() -> DataKey:
    """The application's key, from its DATA_KEY setting (create_app fills it), built once per app."""
    from flask import current_app

    text = current_app.config.get("DATA_KEY")
    if not text:
        raise RuntimeError("DATA_KEY is not configured")
    cached = current_app.extensions.get("data_key")
    if cached is None or cached[0] != text:
        cached = (text, DataKey(text))
        current_app.extensions["data_key"] = cached
    return cached[1]


def blind_index(value: str | None) -> str | None:
    """The keyed hash a look-up compares with a `*_hash` column; None for an empty value."""
    if value is None or not str(value).strip():
        return None
    return current_key().blind_index(str(value))


class Encrypted(TypeDecorator):
    """A text column stored encrypted. `plain_length` is the longest plaintext (what forms, the API and the
    import check); the database column is wider, for the ciphertext. Never filter on it: filter on its hash."""

    impl = String
    cache_ok = True

    def __init__(self, plain_length: int, context: str):
        self.plain_length = plain_length
        self.context = context
        super().__init__(length=STORED_LENGTH)

    def process_bind_param(self, value, dialect):
        if value is None or value == "":
            return None
        return current_key().encrypt(str(value), self.context)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return current_key().decrypt(value, self.context)


def plain_length(column) -> int | None:
    """The longest text a String or Encrypted column accepts."""
    kind = getattr(column, "type", None)
    if isinstance(kind, Encrypted):
        return kind.plain_length
    return kind.length if isinstance(kind, String) else None


def blind_index_columns(model) -> dict[str, str]:
    """{hashed column: hash column} of a model, from the hash columns' ``blind_index_of`` info."""
    return {c.info["blind_index_of"]: c.key for c in model.__table__.columns if c.info.get("blind_index_of")}


def with_blind_indexes(model, values: dict) -> dict:
    """`values` plus the hash of every hashed column it sets (for a bulk INSERT, which skips ORM events)."""
    for source, target in blind_index_columns(model).items():
        if source in values:
            values[target] = blind_index(values[source])
    return values


def keep_blind_indexes(model):
    """Class decorator: setting a hashed attribute sets its hash column too."""
    for source, target in blind_index_columns(model).items():
        def on_set(obj, value, _old, _initiator, target=target):
            setattr(obj, target, blind_index(value))

        event.listen(getattr(model, source), "set", on_set)
    return model
