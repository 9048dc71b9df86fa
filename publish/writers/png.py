"""Write an RGB picture as a PNG, deflating only the rows that are not a copy of the one above.

A PNG's pixels are one zlib stream of rows, each led by its filter (RFC 2083). Here a row
that repeats the row above is filtered "Up" (its filter byte 2, then zeros), any other row is
left unfiltered (0), the rows Pillow decodes to the same pixels. The drawn cover is mostly
flat: about three rows in four repeat the one above, in runs of tens or hundreds of rows
(the bands, the space between lines of text). zlib spent most of its time on those runs,
sliding its window over megabytes of zeros, and still wrote about 20 bytes a row.

So a long run of repeated rows never reaches zlib: it is written as one deflate block built
here (RFC 1951, 3.2.7), whose own Huffman code makes each row the same few bits (the filter
byte and one zero as literals, the other zeros as copies of the byte before: about 6 bytes a
row). The other rows go through zlib in segments, each deflated by a fresh compressor given
the last 32 KB of the stream before it as its dictionary (what a decoder holds at that
point, so a copy may reach back into the previous segment or run). Every segment and block
ends on a byte (an empty stored block, as a zlib sync flush writes), so the pieces are
joined as they are; an empty final block closes the stream and the Adler-32 of the rows
(that of a run computed from its length) ends it.
"""

from __future__ import annotations

import functools
import struct
import zlib
from collections.abc import Iterator

from PIL import Image

COMPRESS_LEVEL = 3
"""zlib's level for the rows it deflates (with `MEM_LEVEL` 9: its largest hash tables)."""
MEM_LEVEL = 9
LONG_RUN = 8
"""Repeated rows in a run, at least, for the run to be written as a block of its own; a
shorter run stays with the rows about it (a new segment costs a compressor's start)."""
WINDOW = 32768
"""How far back a deflate copy may reach: the dictionary given to each segment."""

ZLIB_HEADER = b"\x78\x5e"
"""Deflate with a 32 KB window, compression level "fast" (RFC 1950, 2.2: the header zlib
writes at levels 2 to 5)."""
SYNC = b"\x00\x00\xff\xff"
"""The length (0) and its complement of the empty stored block that ends each piece."""
FINAL = b"\x03\x00"
"""An empty final block (fixed codes, then the end-of-block code): the stream's end."""
ADLER = 65521


def png_rgb(image: Image.Image) -> bytes:
    """Return the RGB IMAGE as a PNG (`png_rows` of its rows)."""
    width, height = image.size
    stride = width * 3
    data = image.tobytes()
    return png_rows(width, [data[top : top + stride] for top in range(0, height * stride, stride)])


def png_rows(width: int, rows: list[bytes]) -> bytes:
    """Return the RGB picture of ROWS (each WIDTH pixels, 3 bytes a pixel) as a PNG: each row
    filtered "Up" when it repeats the row above (a row of zeros), else left unfiltered; runs
    of repeated rows written by `_run_block`, the rest deflated by zlib at COMPRESS_LEVEL.

    Pillow tries every filter on every row (half its ~90 ms on a cover of 8.8 MB of rows);
    the cover's rows are flat panels or anti-aliased text in ~470 colours (too many for a
    palette). Decoded, the pixels are Pillow's; the same rows give the same bytes. A row
    given twice as the same object is known to repeat without comparing its bytes."""
    stride = width * 3
    height = len(rows)
    # Whether each row repeats the row above (`==` on the same object is true at once).
    same = [False] + [rows[y] == rows[y - 1] for y in range(1, height)]
    up = b"\x02" + bytes(stride)
    pieces = [ZLIB_HEADER]
    window = b""  # the stream's last WINDOW bytes so far
    adler = 1
    for first, end, repeated in _runs(same):
        if repeated:
            pieces.append(_run_block(stride, end - first))
            window = (window + up * min(end - first, WINDOW // len(up) + 1))[-WINDOW:]
            adler = _adler_of_run(adler, len(up), end - first)
            continue
        segment = b"".join(up if same[y] else b"\x00" + rows[y] for y in range(first, end))
        # Raw deflate (no header of its own), primed with what a decoder holds by now.
        deflate = zlib.compressobj(COMPRESS_LEVEL, zlib.DEFLATED, -15, MEM_LEVEL, zdict=window)
        pieces += (deflate.compress(segment), deflate.flush(zlib.Z_SYNC_FLUSH))
        window = (window + segment[-WINDOW:])[-WINDOW:]
        adler = zlib.adler32(segment, adler)
    pieces += (FINAL, struct.pack(">I", adler))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + b"".join(
        _chunk(kind, data)
        for kind, data in ((b"IHDR", header), (b"IDAT", b"".join(pieces)), (b"IEND", b""))
    )


def _runs(same: list[bool]) -> Iterator[tuple[int, int, bool]]:
    """Yield (first row, row after the last, repeated) of the picture whose rows repeat the
    row above where SAME says, in order: each run of at least LONG_RUN repeated rows
    (repeated), and the rows between them (not)."""
    start = 0  # the first row not yet yielded
    y = 0
    while y < len(same):
        if not same[y]:
            y += 1
            continue
        end = y + 1
        while end < len(same) and same[end]:
            end += 1
        if end - y >= LONG_RUN:
            if start < y:
                yield start, y, False
            yield y, end, True
            start = end
        y = end
    if start < len(same):
        yield start, len(same), False


def _adler_of_run(adler: int, length: int, count: int) -> int:
    """Return the Adler-32 ADLER continued over COUNT rows filtered "Up" (of LENGTH bytes:
    the filter byte 2, then zeros), computed rather than summed.

    Each row adds 2 to the sum of bytes (s1), and to the sum of the s1 after each byte (s2)
    LENGTH times the s1 once its 2 is added: over COUNT rows, s2 grows by
    LENGTH * (COUNT * s1 + COUNT * (COUNT + 1))."""
    s1, s2 = adler & 0xFFFF, adler >> 16
    s2 = (s2 + length * (count * s1 + count * (count + 1))) % ADLER
    s1 = (s1 + 2 * count) % ADLER
    return s2 << 16 | s1


def _run_block(stride: int, count: int) -> bytes:
    """Return COUNT rows filtered "Up" (filter byte 2, then STRIDE zeros) as one deflate
    block with its own Huffman code, ended on a byte by an empty stored block.

    Each row is the literal 2, the literal 0, then the other zeros as copies of the byte
    before (distance 1) of 258 bytes and one of the rest: the same bits for every row, so
    COUNT rows are one row's bits repeated (`_run_code`)."""
    header, row, row_bits, end = _run_code(stride)
    bits = header.width + row_bits * count
    # ROW repeated COUNT times: ROW times the number whose COUNT digits in base 2**row_bits are 1.
    rows = row * ((1 << row_bits * count) - 1) // ((1 << row_bits) - 1)
    value = header.value | rows << header.width | end.value << bits
    bits += end.width + 3  # and the 3 bits of a stored block's header (not final): zeros
    return value.to_bytes((bits + 7) // 8, "little") + SYNC


class _Bits:
    """Bits of a deflate stream as one number, its first bit the lowest (RFC 1951, 3.1.1)."""

    def __init__(self) -> None:
        self.value = 0
        self.width = 0

    def put(self, value: int, width: int) -> None:
        """Add WIDTH bits holding VALUE (a number, its lowest bit first)."""
        self.value |= value << self.width
        self.width += width

    def code(self, codes: dict[int, tuple[int, int]], symbol: int) -> None:
        """Add SYMBOL's Huffman code from CODES (written from its highest bit down)."""
        code, length = codes[symbol]
        self.put(int(f"{code:0{length}b}"[::-1], 2), length)


END_OF_BLOCK = 256
LONGEST = 258
"""The longest copy deflate has (length symbol 285, no extra bits)."""
CODE_LENGTH_ORDER = (16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15)
"""The order in which a dynamic block gives the code lengths' own code lengths."""
CODE_LENGTH_CODE = {1: 2, 3: 2, 18: 2, 0: 3, 17: 3}
"""The code lengths used by the run's code (0, 1 and 3; 17 and 18: a run of zeros), with the
lengths of their own code (complete, as zlib requires, whether all are used or not)."""


@functools.lru_cache(maxsize=4)
def _run_code(stride: int) -> tuple[_Bits, int, int, _Bits]:
    """Return the parts of a run's block for rows of STRIDE bytes and a filter byte: its
    header with its code, one row's bits and their number, and the end-of-block code.

    The code: the length-258 copy 1 bit long; the literals 0 and 2, the end of block and
    the length symbol of the rest of a row's zeros 3 bits each; the one distance (1) 1 bit."""
    zeros = stride - 1  # after the literal zero
    tail = zeros % LONGEST
    tail_symbol, tail_extra, tail_value = _length_symbol(tail if tail >= 3 else 3)
    lengths = {0: 3, 2: 3, END_OF_BLOCK: 3, tail_symbol: 3, 285: 1}
    codes = _canonical(lengths)
    distance = {0: (0, 1)}  # the distance symbol 0 (distance 1), code "0"

    header = _Bits()
    header.put(0b100, 3)  # not the final block; type 2 (dynamic codes)
    header.put(286 - 257, 5)  # literal/length code lengths given: 286
    header.put(1 - 1, 5)  # distance code lengths given: 1
    order = CODE_LENGTH_ORDER[: max(CODE_LENGTH_ORDER.index(s) for s in CODE_LENGTH_CODE) + 1]
    header.put(len(order) - 4, 4)
    for symbol in order:
        header.put(CODE_LENGTH_CODE.get(symbol, 0), 3)
    code_length_codes = _canonical(CODE_LENGTH_CODE)
    sequence = [lengths.get(symbol, 0) for symbol in range(286)] + [1]
    position = 0
    while position < len(sequence):
        if sequence[position]:
            header.code(code_length_codes, sequence[position])
            position += 1
            continue
        zero_run = 1
        while position + zero_run < len(sequence) and not sequence[position + zero_run]:
            zero_run += 1
        zero_run = min(zero_run, 138)
        if zero_run >= 11:
            header.code(code_length_codes, 18)
            header.put(zero_run - 11, 7)
        elif zero_run >= 3:
            header.code(code_length_codes, 17)
            header.put(zero_run - 3, 3)
        else:
            zero_run = 1
            header.code(code_length_codes, 0)
        position += zero_run

    row = _Bits()
    row.code(codes, 2)
    row.code(codes, 0)
    for _ in range(zeros // LONGEST):
        row.code(codes, 285)
        row.code(distance, 0)
    if tail >= 3:
        row.code(codes, tail_symbol)
        row.put(tail_value, tail_extra)
        row.code(distance, 0)
    else:
        for _ in range(tail):
            row.code(codes, 0)
    end = _Bits()
    end.code(codes, END_OF_BLOCK)
    return header, row.value, row.width, end


def _length_symbol(length: int) -> tuple[int, int, int]:
    """Return deflate's symbol for a copy of LENGTH bytes (3 to 257), the number of its extra
    bits and their value (RFC 1951, 3.2.5): 8 symbols of one length each, then groups of 4
    whose lengths span 2, 4, 8, 16 and 32."""
    symbol, base = 257, 3
    for extra, symbols in ((0, 8), (1, 4), (2, 4), (3, 4), (4, 4), (5, 4)):
        span = symbols << extra
        if length < base + span:
            offset = length - base
            return symbol + (offset >> extra), extra, offset & ((1 << extra) - 1)
        symbol, base = symbol + symbols, base + span
    raise ValueError(f"no deflate length symbol for {length}")


def _canonical(lengths: dict[int, int]) -> dict[int, tuple[int, int]]:
    """Return the canonical Huffman code of LENGTHS (symbol: bits) as symbol: (code, bits):
    codes given in order of length, then of symbol, each the one before plus 1 (RFC 1951,
    3.2.2)."""
    codes: dict[int, tuple[int, int]] = {}
    code = previous = 0
    for symbol, length in sorted(lengths.items(), key=lambda item: (item[1], item[0])):
        code <<= length - previous
        codes[symbol] = (code, length)
        code, previous = code + 1, length
    return codes


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
