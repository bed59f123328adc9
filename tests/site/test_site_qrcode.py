"""QR codes: segno draws them; a build keeps each drawing by URL for the next build."""

from __future__ import annotations

import hashlib
import io
import subprocess
import sys
from pathlib import Path

import pytest
import segno
from segno import writers

from admin.site import keptfiles, qrcode
from admin.site.keptfiles import keeping, kept_folder
from admin.site.qrcode import BORDER, ERROR_LEVEL, KEPT_KIND, MASK, QR_TITLE, qr_svg

URL = "https://dzc.example.gov.cn/penalties/2021-015-zhang-mou-mou/"


def segno_svg(text: str, size_px: int = 148) -> str:
    """Return the code of ``text`` drawn by segno's own SVG writer with the site's options."""
    code = segno.make(text, error=ERROR_LEVEL, micro=False, boost_error=False, mask=MASK)
    out = io.BytesIO()
    writers.write_svg(
        code.matrix,
        code.symbol_size(scale=1, border=0),
        out,
        scale=1,
        border=BORDER,
        omitsize=True,
        svgclass="qr",
        lineclass=None,
        title=QR_TITLE,
        xmldecl=False,
        svgns=False,
        nl=False,
    )
    svg = out.getvalue().decode("utf-8")
    return svg.replace("<svg ", f'<svg role="img" width="{size_px}" height="{size_px}" ', 1)


@pytest.mark.parametrize("url", [URL, URL + "x" * 90, "HTTPS://DZC.EXAMPLE.GOV.CN/A/"])
def test_the_code_is_segnos_drawing_with_a_fixed_size_and_a_name(url: str) -> None:
    svg = str(qr_svg.__wrapped__(url))
    assert svg == segno_svg(url)
    assert str(qr_svg.__wrapped__(url, 96)) == segno_svg(url, 96)
    assert svg.startswith('<svg role="img" width="148" height="148" viewBox="0 0 ')
    assert f"<title>{QR_TITLE}</title>" in svg
    assert "style" not in svg and "<script" not in svg  # nothing a CSP would block


def test_the_same_url_gives_the_same_bytes_in_another_process() -> None:
    program = f"from admin.site.qrcode import qr_svg; print(qr_svg({URL!r}), end='')"
    other = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    ).stdout
    assert other == str(qr_svg.__wrapped__(URL))


def kept_files(out: Path) -> list[Path]:
    return sorted(p for p in (kept_folder(out) / KEPT_KIND).glob("*") if p.is_file())


def test_a_build_keeps_each_drawing_and_the_next_reads_it(tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "site"
    with keeping(out, [KEPT_KIND]):
        first = str(qr_svg.__wrapped__(URL))
    [kept] = kept_files(out)
    assert f"qr-segno-{segno.__version__}" == KEPT_KIND
    assert kept.name == hashlib.sha256(URL.encode()).hexdigest()[:40]

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("drawn again")

    monkeypatch.setattr(segno, "make", refuse)
    with keeping(out, [KEPT_KIND]):
        assert str(qr_svg.__wrapped__(URL)) == first


@pytest.mark.parametrize(
    "damage",
    [
        lambda svg: svg[:-10],  # cut short
        lambda svg: svg.replace("</title>", "</title><script>alert(1)</script>"),
        lambda svg: svg.replace('d="M', 'style="x" d="M'),
        lambda svg: "",
    ],
)
def test_a_damaged_kept_drawing_is_drawn_again(tmp_path: Path, damage) -> None:
    out = tmp_path / "site"
    with keeping(out, [KEPT_KIND]):
        first = str(qr_svg.__wrapped__(URL))
    [kept] = kept_files(out)
    kept.write_text(damage(kept.read_text("utf-8")), encoding="utf-8")
    with keeping(out, [KEPT_KIND]):
        assert str(qr_svg.__wrapped__(URL)) == first
    assert kept.read_text("utf-8") == qrcode.qr_drawing(URL)


def test_kinds_a_build_no_longer_uses_are_removed(tmp_path: Path) -> None:
    out = tmp_path / "site"
    old = kept_folder(out) / "qr-segno-0.1"
    old.mkdir(parents=True)
    (old / "x").write_text("old", encoding="utf-8")
    with keeping(out, [KEPT_KIND]):
        qr_svg.__wrapped__(URL)
    assert not old.exists()
    assert len(kept_files(out)) == 1


def test_a_folder_it_cannot_write_costs_only_the_drawing(tmp_path: Path) -> None:
    out = tmp_path / "site"
    kept_folder(out).write_text("a file where the folder goes")
    with keeping(out, [KEPT_KIND]):
        assert str(qr_svg.__wrapped__(URL)) == segno_svg(URL)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site-kept"]  # no temporary left


def test_outside_a_build_nothing_is_kept(tmp_path: Path) -> None:
    assert keptfiles._folder is None
    qr_svg.__wrapped__(URL)
    assert not list(tmp_path.iterdir())
