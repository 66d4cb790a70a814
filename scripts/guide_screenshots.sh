#!/usr/bin/env bash
# Regenerate the user guide's screenshots (docs/guide/img/*.png): the guide's browser journeys
# (tests/e2e/test_guide.py) sign in as each demo account on a fresh demo consortium, check what every
# step shows and save the pictures. Needs Chromium at /usr/bin/chromium (Debian: apt-get install chromium
# chromium-l10n fonts-noto-cjk; chromium-l10n gives the browser's own file and date widgets Chinese words).
# Never edit the PNGs by hand: change the page or the journey and run this again.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/venv.sh requirements-dev.txt
if [ ! -f /usr/lib/chromium/locales/zh-CN.pak ]; then
  echo "note: chromium-l10n is not installed; file and date inputs will show English words in the pictures" >&2
fi
rm -f docs/guide/img/*.png
GUIDE_IMG=docs/guide/img REQUIRE_BROWSER=1 .venv/bin/python -m pytest tests/e2e/test_guide.py -p no:logging "$@"
ls docs/guide/img/*.png | wc -l | xargs echo "screenshots:"
du -ch docs/guide/img/*.png | tail -1
