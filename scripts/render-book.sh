#!/usr/bin/env bash
# Render a book DOCX to PDF and PNG pages with LibreOffice, to compare it page by page with annex 2.
# usage: scripts/render-book.sh BOOK.docx OUTDIR [DPI]
# Needs libreoffice-writer (soffice) and poppler-utils (pdftoppm). Where 仿宋_GB2312 is not installed,
# scripts/book-fonts.conf maps it to a Chinese serif face for this render only.
set -euo pipefail
docx="$1"; out="$2"; dpi="${3:-80}"
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$out"
FONTCONFIG_FILE="$here/book-fonts.conf" timeout 300 soffice --headless --convert-to pdf --outdir "$out" "$docx" >/dev/null
pdf="$out/$(basename "${docx%.*}").pdf"
pdftoppm -r "$dpi" -png "$pdf" "$out/$(basename "${docx%.*}")-page"
pdfinfo "$pdf" | grep Pages
