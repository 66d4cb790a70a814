"""2 KB workbooks that name cell XFD1048576 or merge A3:XFD1048576 are refused before any grid is built,
by the fast reader and by the openpyxl fallback alike, and the reading process stays small."""
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

_CT = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
       b'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
       b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
       b'"/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.'
       b'main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
       b'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
_ROOT_RELS = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
              b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
              b'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WB = (b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
       b'2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
       b'<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WB_RELS = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            b'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
_HEAD = (b'<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c><c r="B1" t="inlineStr"><is><t>city</t>'
         b'</is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></c></row>')


def _workbook(sheet_data: bytes, after: bytes = b"", dimension: bytes = b"") -> bytes:
    sheet = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             b'spreadsheetml/2006/main">' + dimension + b"<sheetData>" + sheet_data + b"</sheetData>" + after
             + b"</worksheet>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in (("[Content_Types].xml", _CT), ("_rels/.rels", _ROOT_RELS), ("xl/workbook.xml", _WB),
                           ("xl/_rels/workbook.xml.rels", _WB_RELS), ("xl/worksheets/sheet1.xml", sheet)):
            zf.writestr(name, data)
    return out.getvalue()


BOMBS = {
    "far_cell": _workbook(_HEAD + b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'),
    "merge": _workbook(_HEAD, b'<mergeCells count="1"><mergeCell ref="A3:XFD1048576"/></mergeCells>'),
    "dimension": _workbook(_HEAD, dimension=b'<dimension ref="A1:XFD1048576"/>'),
    "wide_row": _workbook(_HEAD + b'<row r="3"><c r="XFD3"><v>1</v></c></row>'),
}

# Runs in a child process whose address space is capped at 1.5 GB: a reader that builds the grid fails
# there (MemoryError) instead of taking the test machine down.
_CHILD = r"""
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (1536 * 1024 * 1024, 1536 * 1024 * 1024))
from consortium.tables import readers
data = sys.stdin.buffer.read()
mode = sys.argv[1]
started = time.perf_counter()
try:
    if mode == "openpyxl":
        readers._load_with_openpyxl(data, readers._check_zip(data), ())
    else:
        readers.read_table(data, "bomb.xlsx")
    message = None
except readers.ImportFileError as exc:
    message = str(exc)
except MemoryError:
    message = "MemoryError"
# VmHWM is this process's own peak (ru_maxrss can carry the forking parent's peak across exec).
hwm = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
print(json.dumps({"message": message, "seconds": time.perf_counter() - started, "maxrss_mb": hwm / 1024}))
"""


def _read_in_child(data: bytes, mode: str) -> dict:
    proc = subprocess.run([sys.executable, "-c", _CHILD, mode], input=data, capture_output=True, cwd=ROOT,
                          timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]
    return json.loads(proc.stdout.decode().strip().splitlines()[-1])


@pytest.mark.parametrize("bomb", sorted(BOMBS))
@pytest.mark.parametrize("mode", ["fast", "openpyxl"])
def test_bomb_is_refused_and_the_process_stays_small(bomb, mode):
    data = BOMBS[bomb]
    assert len(data) < 2048
    result = _read_in_child(data, mode)
    assert result["message"] and "工作表范围过大" in result["message"], result
    assert result["maxrss_mb"] < 300, result
    assert result["seconds"] < 10, result


def test_fast_reader_refuses_before_building(monkeypatch):
    from consortium.tables import xlsx_fast

    built = []
    monkeypatch.setattr(xlsx_fast, "_assemble", lambda *a: built.append(a))
    for name in ("far_cell", "merge", "dimension"):
        with pytest.raises(xlsx_fast.TooLarge):
            xlsx_fast.load_sheet(zipfile.ZipFile(io.BytesIO(BOMBS[name])), ())
    assert built == []


def test_sheet_within_the_limits_still_reads():
    from consortium.tables.readers import read_table

    row3 = '<row r="3"><c r="A3"><v>7</v></c><c r="B3" t="inlineStr"><is><t>郑州</t></is></c></row>'.encode()
    table = read_table(_workbook(_HEAD + row3, b'<mergeCells count="1"><mergeCell ref="A5:B9"/></mergeCells>',
                                 b'<dimension ref="A1:B9"/>'))
    assert table.headers == ["name", "city"] and [r.values for r in table.rows] == [["x", None], [7, "郑州"]]
