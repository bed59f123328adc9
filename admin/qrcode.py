"""QR codes of public page URLs, as small inline SVG made at build time.

Every detail page carries one: a county build makes 16,000. A code of a given version,
level, mask and data length is affine in its data bits over GF(2) (Reed-Solomon is
linear; placement and mask are fixed), so for the URLs' versions (ASCII with a lower-case
letter: byte mode) the modules are the code of as many zero bytes with, per URL byte,
that value's precomputed flips at that position XORed in. The plain encoder below makes
those tables and encodes larger versions; segno encodes all other text. The SVG is drawn
as segno's writer draws it: tests/site/test_site_qrcode.py compares matrix and bytes.
"""

from __future__ import annotations

from functools import cache, lru_cache, partial, reduce
from itertools import chain, compress, zip_longest
from operator import is_not, xor

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
#: Versions encoded with per-byte tables (URLs up to 122 characters). A version's tables
#: take 0.2-5 MB and 2-50 ms to make, when a URL first needs them; beyond this the plain
#: encoder (twice as slow) is fast enough for the rare URL and keeps memory small.
TABLED_VERSIONS = 7
#: Mode indicator of byte mode (ISO/IEC 18004 table 2).
_BYTE_MODE = 0b0100
#: Pad codewords, alternately, after the data (ISO/IEC 18004 7.4.10), enough for any version.
_PADDING = bytes((0xEC, 0x11)) * 1200
#: Turn the text of a bit string into bytes 0 and 1, and back.
_BIT_VALUES = bytes.maketrans(b"01", b"\x00\x01")
_BIT_TEXT = bytes.maketrans(b"\x00\x01", b"01")
#: Ends every row but the last when drawing: a light module, then a mark of the row's end.
_ROW_END = "0\n"


@lru_cache(maxsize=4096)
def qr_svg(url: str, size_px: int = 148) -> Markup:
    """Return an inline ``<svg>`` QR code of ``url`` (same URL, same bytes)."""
    rows = _module_rows(url)
    width = len(rows) + 2 * BORDER
    # Every run of dark modules ends in "10" once each row ends in a light "0", so this
    # splits the matrix into runs, each with the gap before it (less the gap's first
    # "0"); "S" marks the first. Faster than finding the runs with a regular expression.
    runs = f"S{_ROW_END.join(rows)}0".split("10")
    runs.pop()  # the light modules after the last run
    path = "".join(map(_run_commands(len(rows)).__getitem__, runs))
    # A fixed size keeps the page from reflowing before the stylesheet arrives, and
    # role="img" names it for screen readers.
    return Markup(
        f'<svg role="img" width="{size_px}" height="{size_px}" viewBox="0 0 {width} {width}"'
        f' class="qr"><title>{QR_TITLE}</title><path stroke="#000" d="{path}"/></svg>'
    )


def qr_matrix(text: str) -> tuple[bytearray, ...]:
    """Return the modules of the QR code of ``text`` (level M, mask 0), rows of 0 and 1."""
    return tuple(bytearray(row, "ascii").translate(_BIT_VALUES) for row in _module_rows(text))


def _module_rows(text: str) -> list[str]:
    """Return the modules of the code of ``text``, rows of "0" and "1"."""
    # Lower case rules out numeric and alphanumeric mode: segno would choose byte mode.
    plain = text.isascii() and text != text.upper()
    version = _byte_mode_version(len(text)) if plain else None
    if version is None:
        # segno picks numeric, alphanumeric or kanji mode for such text, or refuses it.
        code = segno.make(text, error=ERROR_LEVEL, micro=False, boost_error=False, mask=MASK)
        rows = [bytes(1 if module else 0 for module in row) for row in code.matrix]
        return [row.translate(_BIT_TEXT).decode() for row in rows]
    size = _size(version)
    data = text.encode("ascii")
    if version <= TABLED_VERSIONS:
        flips = map(tuple.__getitem__, _byte_flips(version), data)
        modules = reduce(xor, flips, _zero_code(version, len(data)))
        bits = format(modules, f"0{size * size}b")
    else:
        bits = _place(_data_stream(data, version), version)
    return [bits[start : start + size] for start in range(0, size * size, size)]


class _RunCommands(dict[str, str]):
    """The path commands of segno's SVG writer for one size of code, keyed by a run of dark
    modules and the gap before it as ``qr_svg`` splits them; made as keys first appear.

    segno draws each run as a relative move from the end of the run before (the first
    absolute) and a horizontal line through the middle of its row; its generic writer
    made the same string five times slower.
    """

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def __missing__(self, key: str) -> str:
        # The split took the last "1" of the run and the first "0" of the gap.
        gap = key.rstrip("1")
        run = len(key) - len(gap) + 1
        rows = gap.count("\n")
        # Where the run starts in its row: the light modules after the last row end.
        start = len(gap) - gap.rindex("\n") - 1 if rows else len(gap.lstrip("S"))
        if gap.startswith("S"):
            command = f"M{BORDER + start} {BORDER + 0.5 + rows}h{run}"
        elif not rows:
            command = f"m{start + 1} 0h{run}"
        else:
            # Back from the end of the row before (its trailing "0"s, then _ROW_END).
            end = self.size - gap.index("\n")
            command = f"m{start - end} {rows}h{run}"
        if len(self) < 100_000:  # a bound for a long-lived process; codes need far fewer
            self[key] = command
        return command


@cache
def _run_commands(size: int) -> _RunCommands:
    return _RunCommands(size)


@cache
def _byte_flips(version: int) -> tuple[tuple[int, ...], ...]:
    """Return, for each byte position of the data, the modules (as bits of an integer,
    the top-left module highest) that each ASCII byte value there flips."""
    capacity = 8 * _data_codewords(version)
    flips = []
    for position in range((capacity - 4 - _count_bits(version)) // 8):
        # This byte's lowest bit is this far from the end of the data codewords.
        shift = capacity - 4 - _count_bits(version) - 8 * (position + 1)
        units = [
            int(_place((1 << shift + bit).to_bytes(capacity // 8, "big"), version, fixed=False), 2)
            for bit in range(7)
        ]
        table = [0]
        for value in range(1, 128):
            lowest = value & -value
            table.append(table[value ^ lowest] ^ units[lowest.bit_length() - 1])
        flips.append(tuple(table))
    return tuple(flips)


@cache
def _zero_code(version: int, length: int) -> int:
    """Return the modules of the code of ``length`` zero bytes, as bits of an integer."""
    return int(_place(_data_stream(bytes(length), version), version), 2)


def _place(stream: bytes, version: int, *, fixed: bool = True) -> str:
    """Return the modules of the data codewords ``stream``, row after row, as "0" and "1".

    Without the ``fixed`` parts (patterns, format information, mask) it is the part the
    data adds, which is linear in the data.
    """
    template, order = _layout(version)
    modules = bytearray(template) if fixed else bytearray(len(template))
    message = _final_message(stream, version)
    bits = format(int.from_bytes(message, "big"), f"0{8 * len(message)}b")
    for position in compress(order, bits.encode().translate(_BIT_VALUES)):
        modules[position] ^= 1  # a 1 bit: the opposite of the masked 0 in the template
    return modules.translate(_BIT_TEXT).decode()


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


def _data_stream(data: bytes, version: int) -> bytes:
    """Return the data codewords of ``data`` in byte mode: mode, count, data, terminator, pad."""
    count_bits = _count_bits(version)
    value = (_BYTE_MODE << count_bits | len(data)) << 8 * len(data) | int.from_bytes(data, "big")
    # Mode and count take 4 bits more than whole bytes; a 4-bit terminator always fits (the
    # capacity is whole bytes). Then, as segno does, a whole zero codeword (readers stop at
    # the terminator either way) and the pad, all cut to the capacity.
    head = (value << 4).to_bytes(1 + count_bits // 8 + len(data), "big")
    return (head + b"\x00" + _PADDING)[: _data_codewords(version)]


def _final_message(stream: bytes, version: int) -> bytes:
    """Return the final message: data and error correction codewords, interleaved."""
    data_blocks, ec_blocks, start = [], [], 0
    for ec in consts.ECC[version][consts.ERROR_LEVEL_M]:
        for _ in range(ec.num_blocks):
            block = stream[start : start + ec.num_data]
            start += ec.num_data
            data_blocks.append(block)
            ec_blocks.append(_error_codewords(block, ec.num_total - ec.num_data))
    return _interleave(data_blocks) + _interleave(ec_blocks)


def _interleave(blocks: list[bytes]) -> bytes:
    # The first codeword of every block, then the second...; shorter blocks run out first.
    return bytes(filter(partial(is_not, None), chain.from_iterable(zip_longest(*blocks))))


def _error_codewords(block: bytes, degree: int) -> bytes:
    """Return the Reed-Solomon remainder of ``block`` (a shift register on one integer)."""
    table = _generator_products(degree)
    top, mask = 8 * (degree - 1), (1 << 8 * degree) - 1
    remainder = 0
    for codeword in block:
        remainder = (remainder << 8 & mask) ^ table[codeword ^ remainder >> top]
    return remainder.to_bytes(degree, "big")


@cache
def _generator_products(degree: int) -> tuple[int, ...]:
    """Return, for every byte, its product with the generator polynomial (no leading 1).

    segno's tables give GF(256) (exponents and logarithms, the exponents doubled so that
    a sum of two needs no modulo) and each generator's coefficients as exponents.
    """
    exp, log = consts.GALIOS_EXP, consts.GALIOS_LOG
    exponents = consts.GEN_POLY[degree]
    return tuple(
        int.from_bytes(bytes(exp[e + log[byte]] if byte else 0 for e in exponents), "big")
        for byte in range(256)
    )


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
