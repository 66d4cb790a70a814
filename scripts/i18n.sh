#!/usr/bin/env bash
# Refresh the English catalog after UI strings change: extract, update, compile.
# Source strings are Chinese (the default locale, zh_Hans); English is the translation.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
"$PY" -m babel.messages.frontend extract -F babel.cfg -k _l -k lazy_gettext -o translations/messages.pot --no-location --sort-output . templates/_macros >/dev/null
if [ -f translations/en/LC_MESSAGES/messages.po ]; then
  "$PY" -m babel.messages.frontend update -i translations/messages.pot -d translations -l en --no-fuzzy-matching >/dev/null
else
  "$PY" -m babel.messages.frontend init -i translations/messages.pot -d translations -l en >/dev/null
fi
"$PY" -m babel.messages.frontend compile -d translations -f >/dev/null
grep -c '^msgid' translations/en/LC_MESSAGES/messages.po | xargs echo "messages:"
