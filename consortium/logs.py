"""No ID number, phone or password reaches a log: every log record is redacted as it is made.

`install()` wraps the logging record factory, so the application's loggers, werkzeug, SQLAlchemy's statement
log and gunicorn's error and access logs (all in the worker's process) are redacted before any handler sees
them. `RedactingFilter` does the same as a filter, for a handler configured elsewhere (a logging config file).
"""
import logging
import re

# 18-character resident ID numbers (17 digits and a digit or X), not inside a longer run of digits or letters.
ID_NUMBER_RE = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
# Mainland mobiles (optionally +86, optionally split 3-4-4) and landlines written with their area code.
MOBILE_RE = re.compile(r"(?<![0-9])(?:\+?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?![0-9])")
LANDLINE_RE = re.compile(r"(?<![0-9])0\d{2,3}-\d{7,8}(?![0-9])")
# `password=…`, `"password": "…"` and the like (form bodies, query strings, JSON, reprs).
SECRET_RE = re.compile(r"""(?i)((?:password|passwd|pwd|passphrase|secret|token)[\w-]*["']?\s*(?:=|:)\s*["']?)"""
                       r"""([^&\s"',;}]+)""")

REDACTED = "[redacted]"


def redact(text: str) -> str:
    """The text with ID numbers, phones and password values replaced."""
    if not text:
        return text
    text = ID_NUMBER_RE.sub("[ID]", text)
    text = MOBILE_RE.sub("[PHONE]", text)
    text = LANDLINE_RE.sub("[PHONE]", text)
    return SECRET_RE.sub(lambda m: m.group(1) + REDACTED, text)


def redact_record(record: logging.LogRecord) -> logging.LogRecord:
    """Replace the record's message (and its exception text) by their redacted form, in place."""
    if getattr(record, "_redacted", False):
        return record
    try:
        message = record.getMessage()
    except Exception:  # a malformed call: keep what can be kept, never fail the caller
        message = str(record.msg)
    record.msg, record.args = redact(message), None
    if record.exc_info and not record.exc_text:
        record.exc_text = logging.Formatter().formatException(record.exc_info)
    if record.exc_text:
        record.exc_text = redact(record.exc_text)
    if record.stack_info:
        record.stack_info = redact(record.stack_info)
    record._redacted = True
    return record


class RedactingFilter(logging.Filter):
    """A logging filter that redacts every record it passes (and drops none)."""

    def filter(self, record: logging.LogRecord) -> bool:
        redact_record(record)
        return True


_installed = False


def install() -> None:
    """Redact every record the process makes from now on (idempotent)."""
    global _installed
    if _installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args, **kwargs):
        return redact_record(previous(*args, **kwargs))

    logging.setLogRecordFactory(factory)
    _installed = True
