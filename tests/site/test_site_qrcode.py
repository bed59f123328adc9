"""QR codes: the site's encoder gives segno's modules and SVG for every URL, at every version."""

from __future__ import annotations

import io
import random
import string

import pytest
import segno
from segno import DataOverflowError, writers

from admin.qrcode import (
    BORDER,
    ERROR_LEVEL,
    MASK,
    QR_TITLE,
    TABLED_VERSIONS,
    qr_matrix,
    qr_svg,
)

#: Path characters of the site's URLs (lower case forces byte mode, as in real URLs).
PATH_CHARS = string.ascii_lowercase + string.digits + "-/._"
#: Every ASCII character, control characters included.
ASCII = "".join(map(chr, range(128)))


def segno_matrix(text: str) -> tuple[bytearray, ...]:
    """Return segno's modules of ``text`` with the site's settings, rows of 0 and 1."""
    code = segno.make(text, error=ERROR_LEVEL, micro=False, boost_error=False, mask=MASK)
    return tuple(bytearray(1 if module else 0 for module in row) for row in code.matrix)


def url_of_length(length: int, seed: int) -> str:
    """Return a URL of ``length`` characters with random path characters."""
    base = "https://dzc.example.gov.cn/"
    chooser = random.Random(seed)
    return base + "".join(chooser.choice(PATH_CHARS) for _ in range(length - len(base)))


@pytest.mark.parametrize("length", range(27, 420))
def test_matrix_equals_segnos_at_every_length(length: int) -> None:
    # Every length up to version 14 meets each boundary case: a terminator cut short,
    # data ending on a codeword boundary, one or two block groups, version information.
    url = url_of_length(length, seed=length)
    assert qr_matrix(url) == segno_matrix(url)


@pytest.mark.parametrize("length", [600, 901, 1250, 1600, 2000, 2331])
def test_matrix_equals_segnos_for_the_largest_versions(length: int) -> None:
    url = url_of_length(length, seed=length)
    assert qr_matrix(url) == segno_matrix(url)


@pytest.mark.parametrize(
    "text", ["HTTPS://DZC.EXAMPLE.GOV.CN/A/", "2021000115", "https://例子.政务.cn/penalties/"]
)
def test_text_segno_would_not_encode_in_byte_mode_is_encoded_by_segno(text: str) -> None:
    assert qr_matrix(text) == segno_matrix(text)


def test_text_too_long_for_any_version_is_refused_as_segno_refuses_it() -> None:
    with pytest.raises(DataOverflowError):
        qr_matrix(url_of_length(2400, seed=1))


def segno_svg(text: str, size_px: int = 148) -> str:
    """Return the code of ``text`` drawn by segno's own SVG writer with the site's options."""
    matrix = segno_matrix(text)
    out = io.BytesIO()
    writers.write_svg(
        matrix,
        (len(matrix), len(matrix)),
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


@pytest.mark.parametrize("length", [27, 40, 58, 77, 120, 300, 901])
def test_svg_equals_segnos_drawing(length: int) -> None:
    url = url_of_length(length, seed=length)
    assert str(qr_svg(url)) == segno_svg(url)
    assert str(qr_svg(url, 96)) == segno_svg(url, 96)


@pytest.mark.parametrize("text", ["HTTPS://DZC.EXAMPLE.GOV.CN/A/", "2021000115"])
def test_svg_of_text_segno_encodes_equals_segnos_drawing(text: str) -> None:
    assert str(qr_svg(text)) == segno_svg(text)


#: The largest number of bytes each version holds at level M in byte mode (index: version).
BYTE_CAPACITY = [0, 14, 26, 42, 62, 84, 106, 122, 152]


@pytest.mark.parametrize("version", range(1, TABLED_VERSIONS + 2))
def test_random_text_of_every_length_equals_segnos_matrix_and_drawing(version: int) -> None:
    # The tabled versions build each code from per-byte tables, the next one with the
    # plain encoder: 60 texts per version, of random lengths across its whole range, of
    # random ASCII (any of the 128 values at any position, with one lower-case letter so
    # that it is byte mode), half of them URL-like.
    chooser = random.Random(version)
    for _ in range(60):
        length = chooser.randint(BYTE_CAPACITY[version - 1] + 1, BYTE_CAPACITY[version])
        alphabet = chooser.choice([PATH_CHARS, ASCII])
        chars = [chooser.choice(alphabet) for _ in range(length)]
        chars[chooser.randrange(length)] = "q"
        text = "".join(chars)
        code = segno.make(text, error=ERROR_LEVEL, micro=False, boost_error=False)
        assert code.version == version
        assert qr_matrix(text) == segno_matrix(text), text
        assert str(qr_svg.__wrapped__(text)) == segno_svg(text), text
