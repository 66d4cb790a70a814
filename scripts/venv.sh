# Sourced by serve.sh and test.sh: create .venv and install the pinned requirements file given,
# skipping pip when that file has not changed since the last install.
REQ=${1:-requirements.txt}
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=".venv/.installed-$(basename "$REQ")"
sum=$(cat requirements*.txt | sha256sum | cut -c1-16)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$sum" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$REQ"
  echo "$sum" > "$stamp"
fi
