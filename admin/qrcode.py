"""QR codes of public page URLs, as small inline SVG made at build time.

Every detail page carries one, so making them was a third of a county build's render
time. Codes of the site's URLs (ASCII with a lower-case letter: byte mode) are encoded
here with the symbol's fixed parts laid out once per version, and drawn as segno's SVG
writer draws them; segno, which checks and reports everything for any input, encodes
all other text. Both give the same matrix and the same SVG for the same URL
(tests/site/test_site_qrcode.py).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from itertools import compress

import segno
from markupsafe import Markup
from segno import consts

#: The accessible name of every code; the URL itself is printed beside it on the page.
QR_TITLE = "本页网址的二维码"
#: Error level M survives a smudged print-out.
ERROR_LEVEL = "m"
#: The mask is fixed: choosing the best of the eight costs five times as long, and every
#: mask is valid to every reader; 0 breaks up long runs well.
MASK = 0
#: The standard quiet zone: phone scanners need all four modules.
BORDER = 4
#: Mode indicator of byte mode (ISO/IEC 18004 table 2).
_BYTE_MODE = 0b0100
#: Pad codewords, alternately, after the data (ISO/IEC 18004 7.4.10).
_PAD = (0xEC, 0x11)
#: A run of dark modules in a row of the matrix.
_DARK_RUN = re.compile(b"\x01+")
#: Turns the text of a bit string into bytes 0 and 1.
_BIT_VALUES = bytes.maketrans(b"01", b"\x00\x01")


@lru_cache(maxsize=4096)
def qr_svg(url: str, size_px: int = 148) -> Markup:
    """Return an inline ``<svg>`` QR code of ``url`` (same URL, same bytes)."""
    matrix = qr_matrix(url)
    width = len(matrix) + 2 * BORDER
    # A fixed size keeps the page from reflowing before the stylesheet arrives, and
    # role="img" names it for screen readers.
    return Markup(
        f'<svg role="img" width="{size_px}" height="{size_px}" viewBox="0 0 {width} {width}"'
        f' class="qr"><title>{QR_TITLE}</title><path stroke="#000" d="{_path(matrix)}"/></svg>'
    )


def _path(matrix: tuple[bytearray, ...]) -> str:
    """Draw the dark modules as segno's SVG writer does: one horizontal line per run.

    Each run is a relative move from the end of the one before (the first absolute) and
    a horizontal line through the middle of its row; segno's generic writer made the same
    string five times slower (tests/site/test_site_qrcode.py compares the two).
    """
    parts: list[str] = []
    x, y = 0, 0.0
    for index, row in enumerate(matrix):
        row_y = BORDER + 0.5 + index
        for run in _DARK_RUN.finditer(row):
            start, end = BORDER + run.start(), BORDER + run.end()
            dy = row_y - y
            move = "m" if parts else "M"
            parts.append(f"{move}{start - x} {int(dy) if dy == int(dy) else dy}h{end - start}")
            x, y = end, row_y
    return "".join(parts)


def qr_matrix(text: str) -> tuple[bytearray, ...]:
    """Return the modules of the QR code of ``text`` (level M, mask 0), rows of 0 and 1."""
    # Lower case rules out numeric and alphanumeric mode: segno would choose byte mode.
    plain = text.isascii() and text != text.upper()
    version = _byte_mode_version(len(text)) if plain else None
    if version is None:
        # segno picks numeric, alphanumeric or kanji mode for such text, or refuses it.
        code = segno.make(text, error=ERROR_LEVEL, micro=False, boost_error=False, mask=MASK)
        return tuple(bytearray(1 if module else 0 for module in row) for row in code.matrix)
    template, order = _layout(version)
    modules = bytearray(template)
    codewords = _codewords(text.encode("ascii"), version)
    bits = "".join(f"{codeword:08b}" for codeword in codewords).encode().translate(_BIT_VALUES)
    for position in compress(order, bits):
        modules[position] ^= 1  # a 1 bit: the opposite of the masked 0 in the template
    size = _size(version)
    return tuple(modules[row : row + size] for row in range(0, size * size, size))


def _size(version: int) -> int:
    return 17 + 4 * version


@cache
def _data_codewords(version: int) -> int:
    return sum(ec.num_blocks * ec.num_data for ec in consts.ECC[version][consts.ERROR_LEVEL_M])


def _count_bits(version: int) -> int:
    return 8 if version < 10 else 16


@cache
def _byte_mode_version(length: int) -> int | None:
    """Return the smallest version whose level-M capacity holds ``length`` bytes, or None."""
    for version in range(1, 41):
        if 4 + _count_bits(version) + 8 * length <= 8 * _data_codewords(version):
            return version
    return None


def _codewords(data: bytes, version: int) -> list[int]:
    """Return the final message: data and error correction codewords, interleaved."""
    capacity = 8 * _data_codewords(version)
    bits = f"{_BYTE_MODE:04b}{len(data):0{_count_bits(version)}b}" + "".join(
        f"{byte:08b}" for byte in data
    )
    bits += "0" * min(4, capacity - len(bits))  # the terminator
    # Up to the next codeword boundary, as segno does: a whole zero codeword when the
    # bits already end on one (readers stop at the terminator either way).
    bits += "0" * (8 - len(bits) % 8)
    stream = [int(bits[i : i + 8], 2) for i in range(0, len(bits), 8)]
    stream += [_PAD[i % 2] for i in range(capacity // 8 - len(stream))]
    data_blocks, ec_blocks = [], []
    for ec in consts.ECC[version][consts.ERROR_LEVEL_M]:
        for _ in range(ec.num_blocks):
            block, stream = stream[: ec.num_data], stream[ec.num_data :]
            data_blocks.append(block)
            ec_blocks.append(_error_codewords(block, ec.num_total - ec.num_data))
    return _interleave(data_blocks) + _interleave(ec_blocks)


def _interleave(blocks: list[list[int]]) -> list[int]:
    longest = max(len(block) for block in blocks)
    return [block[i] for i in range(longest) for block in blocks if i < len(block)]


def _error_codewords(block: list[int], degree: int) -> list[int]:
    """Return the Reed-Solomon remainder of ``block`` (a shift register on one integer)."""
    table = _generator_products(degree)
    top, mask = 8 * (degree - 1), (1 << 8 * degree) - 1
    remainder = 0
    for codeword in block:
        remainder = (remainder << 8 & mask) ^ table[codeword ^ remainder >> top]
    return list(remainder.to_bytes(degree, "big"))


@cache
def _generator_products(degree: int) -> tuple[int, ...]:
    """Return, for every byte, its product with the generator polynomial (no leading 1)."""
    exp, log = _galois_tables()
    generator = [1]
    for power in range(degree):
        # Multiply by (x - a^power); in GF(256) minus is plus.
        factor = exp[power]
        generator = [
            (generator[i] if i < len(generator) else 0)
            ^ (_multiply(generator[i - 1], factor, exp, log) if i > 0 else 0)
            for i in range(len(generator) + 1)
        ]
    coefficients = generator[1:]
    return tuple(
        int.from_bytes(bytes(_multiply(c, byte, exp, log) for c in coefficients), "big")
        for byte in range(256)
    )


def _multiply(a: int, b: int, exp: list[int], log: list[int]) -> int:
    return 0 if a == 0 or b == 0 else exp[(log[a] + log[b]) % 255]


@lru_cache(maxsize=1)
def _galois_tables() -> tuple[list[int], list[int]]:
    """Return exp and log tables of GF(256) with the QR polynomial x^8+x^4+x^3+x^2+1."""
    exp, log = [0] * 255, [0] * 256
    value = 1
    for power in range(255):
        exp[power], log[value] = value, power
        value <<= 1
        if value & 0x100:
            value ^= 0x11D
    return exp, log


@cache
def _layout(version: int) -> tuple[bytes, tuple[int, ...]]:
    """Return a version's modules with all data bits 0 (masked) and the data positions.

    The fixed parts (finders, timing, alignment, format and version information) are
    taken from segno's own code of a one-digit text, so they are segno's exactly; the
    positions follow the two-module columns from the bottom right (ISO/IEC 18004 7.7.3).
    """
    size = _size(version)
    blank = segno.make("0", version=version, error=ERROR_LEVEL, boost_error=False, mask=MASK)
    template = bytearray(1 if module else 0 for row in blank.matrix for module in row)
    reserved = _function_modules(version)
    order = []
    for right in range(size - 1, 0, -2):
        if right <= 6:
            right -= 1  # the vertical timing pattern takes column 6 out
        upwards = (right & 2 == 0) != (right < 6)
        rows = range(size - 1, -1, -1) if upwards else range(size)
        for row in rows:
            for column in (right, right - 1):
                if (row, column) not in reserved:
                    order.append(row * size + column)
    for position in order:
        row, column = divmod(position, size)
        template[position] = 1 if (row + column) % 2 == 0 else 0  # a 0 bit under mask 0
    return bytes(template), tuple(order)


def _function_modules(version: int) -> set[tuple[int, int]]:
    """Return the (row, column) of every module that carries no data."""
    size = _size(version)
    taken = set()
    for top, left in ((0, 0), (0, size - 8), (size - 8, 0)):
        # Finder pattern, separator and format information around it.
        taken |= {(top + r, left + c) for r in range(8) for c in range(8)}
    taken |= {(8, c) for c in range(9)} | {(r, 8) for r in range(9)}
    taken |= {(8, size - 1 - c) for c in range(8)} | {(size - 1 - r, 8) for r in range(8)}
    taken |= {(6, i) for i in range(size)} | {(i, 6) for i in range(size)}
    centres = consts.ALIGNMENT_POS[version - 2] if version > 1 else ()
    for row in centres:
        for column in centres:
            if (row, column) in ((6, 6), (6, size - 7), (size - 7, 6)):
                continue  # where a finder pattern already is
            taken |= {(row + r, column + c) for r in range(-2, 3) for c in range(-2, 3)}
    if version >= 7:
        taken |= {(r, size - 11 + c) for r in range(6) for c in range(3)}
        taken |= {(size - 11 + r, c) for r in range(3) for c in range(6)}
    return taken
