"""The export opened by a real spreadsheet: LibreOffice must not turn any cell into a formula."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.export_helpers import newsroom
from tests.factories import make_evidence

openpyxl = pytest.importorskip("openpyxl", reason="openpyxl is in requirements-dev.txt")
SOFFICE = shutil.which("soffice")
DANGEROUS = ["=1+1", "==1+1", "-1+1", "+1", "@SUM(A1)", '=HYPERLINK("http://x.example","y")', "\t=1+1"]


def _convert(csv_path, tmp_path):
    """Convert CSV to xlsx with LibreOffice, reading UTF-8 and commas, in a private profile."""
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--infilter=CSV:44,34,76,1",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(tmp_path),
            str(csv_path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return openpyxl.load_workbook(tmp_path / (csv_path.stem + ".xlsx")).active


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is absent: apt-get install libreoffice-calc-nogui")
def test_libreoffice_reads_no_formulas(client, auth, session, tmp_path):
    data = newsroom(session)
    claim = data["published"]
    claim.restated, claim.claimant = DANGEROUS[0], DANGEROUS[1]
    make_evidence(
        session, claim, title=DANGEROUS[2], publisher=DANGEROUS[3], passage=DANGEROUS[4], reference_value=-3.5
    )
    make_evidence(session, claim, title=DANGEROUS[5], publisher=DANGEROUS[6])
    session.commit()
    auth.login(data["editor"])
    (tmp_path / "claims.csv").write_bytes(client.get("/export/claims.csv").data)
    (tmp_path / "evidence.csv").write_bytes(client.get("/export/evidence.csv").data)

    seen = set()
    for name in ("claims", "evidence"):
        sheet = _convert(tmp_path / f"{name}.csv", tmp_path)
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{name} {cell.coordinate} became a formula: {cell.value!r}"
                if isinstance(cell.value, str) and cell.value.lstrip("'") in DANGEROUS:
                    assert cell.value.startswith("'"), cell.value
                    seen.add(cell.value[1:])
        if name == "evidence":
            header = [c.value for c in sheet[1]]
            value = sheet.cell(row=2, column=header.index("reference_value") + 1)
            # A negative number in a numeric column stays a number.
            assert value.data_type == "n" and value.value == -3.5
    assert seen == set(DANGEROUS)
