"""The English catalog is complete and safe: every msgid has a translation, with the same placeholders, and the
translation formats with the values the code passes (a stray '%' once turned a page into a 500)."""
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

PO = Path(__file__).resolve().parents[2] / "translations" / "en" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|%[sdif]|%%")


def catalog():
    with PO.open("rb") as handle:
        return read_po(handle)


def entries():
    for message in catalog():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strs = message.string if isinstance(message.string, tuple) else (message.string,)
        yield message, ids, strs


def placeholders(text: str) -> list[str]:
    return sorted(m.group(0) for m in PLACEHOLDER.finditer(text))


def test_every_msgid_is_translated():
    missing = [ids[0] for message, ids, strs in entries() if not all(strs)]
    assert not missing, f"{len(missing)} untranslated, e.g. {missing[:10]}"


def test_translations_keep_the_placeholders():
    wrong = []
    for message, ids, strs in entries():
        for text in strs:
            if text and placeholders(text) != placeholders(ids[0]):
                wrong.append((ids[0], text))
    assert not wrong, wrong[:10]


def test_translations_format_with_the_values_the_code_passes():
    broken = []
    for message, ids, strs in entries():
        # Templates format every translation (newstyle gettext), even one without placeholders.
        values = {m.group(1): 1 for m in PLACEHOLDER.finditer(ids[0]) if m.group(1)}
        for text in strs:
            try:
                ids[0] % values
                text % values
            except (ValueError, TypeError, KeyError) as exc:
                broken.append((ids[0], text, str(exc)))
    assert not broken, broken[:10]


@pytest.mark.parametrize("bad", ["Delivered %(pct)s %", "%(n)s item", "Delivered %"])
def test_the_check_catches_a_broken_translation(bad):
    msgid = "完成 %(pct)s"
    assert placeholders(bad) != placeholders(msgid) or _fails(bad, {"pct": 1})


def _fails(text, values):
    try:
        text % values
    except (ValueError, TypeError, KeyError):
        return True
    return False


def test_the_training_plan_renders_in_english(app, world, client):
    """The page whose '完成率' once translated to a bare 'Delivered %' and gave a 500 in English."""
    from .. import factories
    from ..conftest import csrf_from

    page = client.get("/login")
    client.post("/login", data={"username": "admin", "password": factories.PASSWORD,
                                "csrf_token": csrf_from(page.text)})
    client.get("/lang/en")
    response = client.get("/training/plan")
    assert response.status_code == 200 and "Completion rate" in response.text


TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
LITERAL = re.compile(r"""\b_\(\s*(?:'([^']*)'|"([^"]*)")""")


def template_msgids(root: Path = TEMPLATES) -> dict[str, str]:
    """Every literal string a template passes to _(), with the file it is in, in every folder (_macros too)."""
    found = {}
    for path in sorted(root.rglob("*.html")):
        for match in LITERAL.finditer(path.read_text(encoding="utf-8")):
            found.setdefault(match.group(1) or match.group(2), str(path.relative_to(root)))
    return found


def test_every_template_string_is_in_the_catalog():
    """Extraction walks every template folder: babel skips folders starting with '_' unless told, and the
    pager's '共 %(n)d 条' and the forms' '取消' stayed Chinese on English pages that way."""
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog() if m.id}
    missing = {text: where for text, where in template_msgids().items() if text not in ids}
    assert not missing, f"not in the catalog (run scripts/i18n.sh): {missing}"
    assert "共 %(n)d 条" in template_msgids() and "取消" in template_msgids()  # the scan sees _macros/
