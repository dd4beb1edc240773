"""The modules of a QR code of a short text, as segno makes them, a fast encoder.

A session page's QR code holds the page's URL (byte mode, some 40 to 200
characters). segno spends most of a code's time in Python loops over every
module that come out the same for every code of a version: which modules are
function patterns, where each data bit goes, each mask's modules, and (for
the best mask) the penalty scores counted module by module. Here the first
three are worked out once per version and level (a :class:`_Plan`); a code
then computes its codewords (Reed-Solomon remainders with a table per
generator polynomial, in one integer), places all their bits with one
:func:`operator.itemgetter` call into an integer of the whole symbol, masks it
with one XOR and scores a mask with a few dozen operations on such integers.

It covers versions 1 to :data:`MAX_VERSION` and reproduces segno's choices
exactly: the smallest version that holds the text at level M, the level then
raised to Q or H while the text still fits that version, segno's padding (a
zero codeword after the terminator, then the pad codewords), and for the best
mask segno's penalty scores (N3 found the way segno finds it, the format and
version information not yet in place) with the first of equal scores.
:func:`modules` returns ``None`` for a longer text, which is left to segno.
The tests compare the modules and the scores with segno's for every length.
"""

from __future__ import annotations

import bisect
import functools
import operator
from collections.abc import Callable


__all__ = ["MAX_VERSION", "modules"]

#: The largest version encoded here (URLs up to 213 characters at level M).
MAX_VERSION = 10

#: Error correction levels in the order they are raised: M, then Q, then H.
_LEVELS = ("M", "Q", "H")
#: The two format-information bits of each level (ISO/IEC 18004, table 12).
_LEVEL_BITS = {"L": 1, "M": 0, "Q": 3, "H": 2}

#: Per version and level: error correction codewords per block, then
#: (number of blocks, data codewords per block) for each group of blocks.
_BLOCKS: dict[tuple[int, str], tuple[int, tuple[tuple[int, int], ...]]] = {
    (1, "M"): (10, ((1, 16),)),
    (1, "Q"): (13, ((1, 13),)),
    (1, "H"): (17, ((1, 9),)),
    (2, "M"): (16, ((1, 28),)),
    (2, "Q"): (22, ((1, 22),)),
    (2, "H"): (28, ((1, 16),)),
    (3, "M"): (26, ((1, 44),)),
    (3, "Q"): (18, ((2, 17),)),
    (3, "H"): (22, ((2, 13),)),
    (4, "M"): (18, ((2, 32),)),
    (4, "Q"): (26, ((2, 24),)),
    (4, "H"): (16, ((4, 9),)),
    (5, "M"): (24, ((2, 43),)),
    (5, "Q"): (18, ((2, 15), (2, 16))),
    (5, "H"): (22, ((2, 11), (2, 12))),
    (6, "M"): (16, ((4, 27),)),
    (6, "Q"): (24, ((4, 19),)),
    (6, "H"): (28, ((4, 15),)),
    (7, "M"): (18, ((4, 31),)),
    (7, "Q"): (18, ((2, 14), (4, 15))),
    (7, "H"): (26, ((4, 13), (1, 14))),
    (8, "M"): (22, ((2, 38), (2, 39))),
    (8, "Q"): (22, ((4, 18), (2, 19))),
    (8, "H"): (26, ((4, 14), (2, 15))),
    (9, "M"): (22, ((3, 36), (2, 37))),
    (9, "Q"): (20, ((4, 16), (4, 17))),
    (9, "H"): (24, ((4, 12), (4, 13))),
    (10, "M"): (26, ((4, 43), (1, 44))),
    (10, "Q"): (24, ((6, 19), (2, 20))),
    (10, "H"): (28, ((6, 15), (2, 16))),
}
#: Centre rows and columns of the alignment patterns, per version.
_ALIGNMENT = {
    1: (),
    2: (6, 18),
    3: (6, 22),
    4: (6, 26),
    5: (6, 30),
    6: (6, 34),
    7: (6, 22, 38),
    8: (6, 24, 42),
    9: (6, 26, 46),
    10: (6, 28, 50),
}
#: The eight data masks: whether the module at row ``i``, column ``j`` is inverted.
_MASKS: tuple[Callable[[int, int], bool], ...] = (
    lambda i, j: (i + j) % 2 == 0,
    lambda i, j: i % 2 == 0,
    lambda i, j: j % 3 == 0,
    lambda i, j: (i + j) % 3 == 0,
    lambda i, j: (i // 2 + j // 3) % 2 == 0,
    lambda i, j: (i * j) % 2 + (i * j) % 3 == 0,
    lambda i, j: ((i * j) % 2 + (i * j) % 3) % 2 == 0,
    lambda i, j: ((i + j) % 2 + (i * j) % 3) % 2 == 0,
)
_PAD = b"\xec\x11"


def _data_codewords(version: int, level: str) -> int:
    _, groups = _BLOCKS[version, level]
    return sum(count * length for count, length in groups)


def _capacity(version: int, level: str) -> int:
    """How many bytes a symbol holds in byte mode (mode and count indicators take 12 or 20 bits)."""
    return (_data_codewords(version, level) * 8 - (12 if version < 10 else 20)) // 8


#: Per level, the bytes each version holds, version 1 first.
_CAPACITIES = {level: tuple(_capacity(v, level) for v in range(1, MAX_VERSION + 1)) for level in _LEVELS}


# --- Reed-Solomon over GF(256) with the polynomial x⁸ + x⁴ + x³ + x² + 1 -------------


def _gf_tables() -> tuple[list[int], list[int]]:
    exp, log = [0] * 512, [0] * 256
    value = 1
    for power in range(255):
        exp[power] = value
        log[value] = power
        value <<= 1
        if value & 0x100:
            value ^= 0x11D
    for power in range(255, 512):
        exp[power] = exp[power - 255]
    return exp, log


_EXP, _LOG = _gf_tables()


def _gf_multiply(a: int, b: int) -> int:
    return 0 if a == 0 or b == 0 else _EXP[_LOG[a] + _LOG[b]]


@functools.cache
def _remainder_table(degree: int) -> tuple[int, ...]:
    """For each byte ``f``: the generator polynomial's lower coefficients times ``f``, as one integer.

    The generator is the product of (x - 2^i) for i below ``degree``; its
    leading coefficient is 1.
    """
    generator = [1]
    for i in range(degree):
        root = _EXP[i]
        generator = [
            (generator[k] if k < len(generator) else 0) ^ (_gf_multiply(generator[k - 1], root) if k else 0)
            for k in range(len(generator) + 1)
        ]
    lower = generator[1:]
    return tuple(int.from_bytes(bytes(_gf_multiply(c, f) for c in lower), "big") for f in range(256))


def _remainder(block: bytes, degree: int, table: tuple[int, ...]) -> bytes:
    """The ``degree`` error correction codewords of ``block`` (a shift register kept in one integer)."""
    shift = 8 * (degree - 1)
    full = (1 << (8 * degree)) - 1
    register = 0
    for byte in block:
        register = ((register << 8) & full) ^ table[(register >> shift) ^ byte]
    return register.to_bytes(degree, "big")


# --- The symbol's layout, once per version, level and mask ------------------------


def _format_bits(level: str, mask: int) -> int:
    data = _LEVEL_BITS[level] << 3 | mask
    remainder = data
    for _ in range(10):
        remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537)
    return (data << 10 | remainder) ^ 0x5412


def _version_bits(version: int) -> int:
    remainder = version
    for _ in range(12):
        remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25)
    return version << 12 | remainder


def _function_modules(version: int) -> list[list[int | None]]:
    """The symbol's function patterns, the format and version information light; ``None`` where data goes.

    This is the symbol as segno scores the masks: the information (see
    :func:`_information`) comes after.
    """
    size = 17 + 4 * version
    grid: list[list[int | None]] = [[None] * size for _ in range(size)]
    for i in range(size):  # timing patterns
        grid[6][i] = grid[i][6] = 1 - i % 2
    for top, left in ((0, 0), (0, size - 7), (size - 7, 0)):  # finders with their separators
        for i in range(-1, 8):
            for j in range(-1, 8):
                if 0 <= top + i < size and 0 <= left + j < size:
                    ring = max(abs(i - 3), abs(j - 3))
                    grid[top + i][left + j] = int(ring != 2 and ring != 4)  # noqa: PLR1714
    centres = _ALIGNMENT[version]
    last = len(centres) - 1
    for a, row in enumerate(centres):
        for b, column in enumerate(centres):
            if (a, b) in ((0, 0), (0, last), (last, 0)):
                continue  # where a finder is
            for i in range(-2, 3):
                for j in range(-2, 3):
                    grid[row + i][column + j] = int(max(abs(i), abs(j)) != 1)
    for row, column in _information(version, "M", 0):
        grid[row][column] = 0
    return grid


def _information(version: int, level: str, mask: int) -> dict[tuple[int, int], int]:
    """The format information (twice), the dark module and the version information, by (row, column)."""
    size = 17 + 4 * version
    modules: dict[tuple[int, int], int] = {}
    bits = _format_bits(level, mask)
    for i in range(15):
        bit = bits >> i & 1
        # Around the top left finder.
        if i < 6:
            modules[i, 8] = bit
        elif i < 8:
            modules[i + 1, 8] = bit
        elif i == 8:
            modules[8, 7] = bit
        else:
            modules[8, 14 - i] = bit
        # Split between the other two.
        if i < 8:
            modules[8, size - 1 - i] = bit
        else:
            modules[size - 15 + i, 8] = bit
    modules[size - 8, 8] = 1  # the dark module
    if version >= 7:
        bits = _version_bits(version)
        for i in range(18):
            bit = bits >> i & 1
            modules[i // 3, size - 11 + i % 3] = modules[size - 11 + i % 3, i // 3] = bit
    return modules


def _placement(size: int) -> list[tuple[int, int]]:
    """The data modules (row, column) in the order the bit stream fills them (ISO/IEC 18004, 7.7.3)."""
    order: list[tuple[int, int]] = []
    right = size - 1
    while right > 0:
        if right == 6:
            right = 5  # the vertical timing pattern
        upwards = (right + 1) & 2 == 0
        for vertical in range(size):
            row = size - 1 - vertical if upwards else vertical
            order.extend((row, right - z) for z in range(2))
        right -= 2
    return order


#: Light modules after each row in :func:`modules`' string: N3 of a mask's
#: score looks four modules to either side of a pattern, and none may reach
#: the next row.
GAP = 4


class _Plan:
    """A version at a level: where every bit of its codewords goes, its masks and its information.

    The symbol is one integer, a bit a module, the top left one the highest,
    each row followed by :data:`GAP` light modules (zero bits). ``x << n``
    puts in each module's place the one ``n`` modules further on (to the
    right, or a row down for ``n`` a row's length), ``x >> n`` the one ``n``
    before.
    """

    def __init__(self, version: int, level: str) -> None:
        degree, groups = _BLOCKS[version, level]
        self.size = size = 17 + 4 * version
        self.data_length = _data_codewords(version, level)
        #: (start, end) of each block in the data codewords.
        self.blocks: list[tuple[int, int]] = []
        start = 0
        for count, length in groups:
            for _ in range(count):
                self.blocks.append((start, start + length))
                start += length
        self.degree = degree
        self.table = _remainder_table(degree)
        # The codewords in transmission order (ISO/IEC 18004, 7.6): the data
        # interleaved block by block, then the error correction the same way.
        # Each is named by its index in block order (the data, then each
        # block's remainder after the other).
        sent: list[int] = []
        longest = max(end - begin for begin, end in self.blocks)
        for k in range(longest):
            sent.extend(begin + k for begin, end in self.blocks if begin + k < end)
        for k in range(degree):
            sent.extend(self.data_length + b * degree + k for b in range(len(self.blocks)))
        self.bits = bit_count = 8 * len(sent)
        grid = _function_modules(version)
        light, dark = bit_count, bit_count + 1  # the two constants after the stream
        self.stride = stride = size + GAP
        length = size * stride
        # Where each module takes its value from: a bit of the stream or a constant.
        order = [light] * length
        data_modules = []
        placed = 0
        for row, column in _placement(size):
            if grid[row][column] is None:
                data_modules.append((row, column))
                if placed < bit_count:  # else a remainder bit: light
                    codeword, bit = divmod(placed, 8)
                    order[row * stride + column] = sent[codeword] * 8 + bit
                    placed += 1
        for row in range(size):
            for column in range(size):
                if grid[row][column]:
                    order[row * stride + column] = dark
        self.pick = operator.itemgetter(*order)
        self.length = length
        #: The modules of the symbol, every one of them a set bit.
        self.inside = int(("1" * size + "0" * GAP) * size, 2)
        #: Per mask: its set bits at the data modules it inverts, and the information.
        self.masks: list[int] = []
        self.information: list[int] = []
        for mask, inverted in enumerate(_MASKS):
            self.masks.append(
                sum(1 << (length - 1 - r * stride - c) for r, c in data_modules if inverted(r, c))
            )
            information = _information(version, level, mask).items()
            self.information.append(sum(bit << (length - 1 - r * stride - c) for (r, c), bit in information))

    def unmasked(self, data: bytes) -> int:
        """The symbol without mask and information, ``data`` being all its data codewords."""
        codewords = bytearray(data)
        for begin, end in self.blocks:
            codewords += _remainder(data[begin:end], self.degree, self.table)
        stream = int.from_bytes(codewords, "big")
        return int("".join(self.pick(f"{stream:0{self.bits}b}01")), 2)

    def penalty(self, masked: int) -> int:
        """The penalty score (ISO/IEC 18004, 7.8.3) of a masked symbol as segno counts it, lowest best."""
        score = _score(masked, self.inside & ~masked, self.size)
        # N4: 10 for each 5 % the dark modules are away from half.
        percent = float(masked.bit_count()) / (self.size**2)
        return score + 10 * int(abs(percent * 100 - 50) / 5)


def _score(dark: int, light: int, size: int) -> int:
    """The penalties N1, N2 and N3 of the modules ``dark`` and ``light`` (a :class:`_Plan`'s integers)."""
    score = 0
    alike: list[int] = []
    for step in (1, size + GAP):  # along the rows, then down the columns
        # N1: five or more modules of a colour in a line: 3, and 1 for each beyond five.
        same = dark & dark << step | light & light << step  # the next module is of the same colour
        alike.append(same)
        five = same & same << step & same << 2 * step & same << 3 * step
        score += five.bit_count() + 2 * (five & ~(same >> step)).bit_count()
        # N3: dark, light, 3 dark, light, dark with no dark module in the 4 before or after: 40.
        found = dark & light << step & dark << 2 * step & dark << 3 * step
        found &= dark << 4 * step & light << 5 * step & dark << 6 * step
        if found:
            before = dark >> step | dark >> 2 * step | dark >> 3 * step | dark >> 4 * step
            after = dark << 7 * step | dark << 8 * step | dark << 9 * step | dark << 10 * step
            counted = found & ~(before & after)
            if found & (found << 4 * step | found << 6 * step):
                score += 40 * _counted_in_turn(found, counted, step)
            else:
                score += 40 * counted.bit_count()
    # N2: each block of 2 by 2 modules of one colour: 3.
    across, down = alike
    return score + 3 * (across & down & down << 1).bit_count()


def _counted_in_turn(found: int, counted: int, step: int) -> int:
    """N3's count where two patterns overlap: segno looks for the next one after a counted one ends."""
    count = 0
    skipped = 0
    while found:
        place = 1 << (found.bit_length() - 1)  # the first still to look at
        found ^= place
        if not place & skipped and place & counted:
            count += 1
            skipped |= place >> 4 * step | place >> 6 * step
    return count


_plan = functools.cache(_Plan)


def modules(text: bytes, mask: int | None) -> tuple[int, str] | None:
    """The modules of a QR code of ``text`` in byte mode, as segno makes it with level M and ``mask``.

    ``mask=None`` takes the mask with the lowest penalty score, the first of
    equals, as segno does.

    Returns:
        The symbol's width and its modules, row by row, ``"1"`` dark and
        ``"0"`` light, each row followed by :data:`GAP` ``"0"``; ``None``
        when ``text`` needs a version above :data:`MAX_VERSION`.
    """
    unmasked = _unmasked(text)
    if unmasked is None:
        return None
    plan, symbol = unmasked
    if mask is None:
        mask = min(range(8), key=lambda candidate: plan.penalty(symbol ^ plan.masks[candidate]))
    symbol = symbol ^ plan.masks[mask] | plan.information[mask]
    return plan.size, f"{symbol:0{plan.length}b}"


def _unmasked(text: bytes) -> tuple[_Plan, int] | None:
    """The plan of the symbol for ``text`` and the symbol without mask and information."""
    length = len(text)
    version = bisect.bisect_left(_CAPACITIES["M"], length) + 1
    if version > MAX_VERSION:
        return None
    level = "M"
    for higher in _LEVELS[1:]:
        if length > _CAPACITIES[higher][version - 1]:
            break
        level = higher
    plan = _plan(version, level)
    count = 8 if version < 10 else 16
    # Mode indicator 0100, the count, the bytes, the terminator 0000.
    stream = ((4 << count | length) << 8 * length | int.from_bytes(text, "big")) << 4
    # segno then pads with a zero codeword (the terminator ends on a codeword's
    # boundary), then with the pad codewords.
    data = stream.to_bytes((count + 8 + 8 * length) // 8, "big") + b"\x00"
    padding = plan.data_length - len(data)
    if padding > 0:
        data += _PAD * (padding // 2) + _PAD[: padding % 2]
    return plan, plan.unmasked(data[: plan.data_length])
