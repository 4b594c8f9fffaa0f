"""A large CSV read in pieces of whole lines: ``ioc ingest`` of a year of readings in bounded memory.

The CSV adapters read a file whole (decoded, normalised, split): a network's year of
readings in one export would need memory in proportion to it. :func:`batches_of` gives an
adapter the plugin contract's optional ``batches``: the file is cut, between records, into
pieces of about :data:`LINES` lines; each piece is written beside the header line to a
scratch file of the same name (messages quote it) and read by the adapter's own ``read``,
so every rule of the whole-file path applies to each piece unchanged. ``line_offset`` tells
``read`` how many lines of the file come before the piece's own, so line numbers
(``source_line``, "dòng N" in reasons and errors) are those of the file.

A file that fits in one piece is read as it is, by the same call as before. Read whole:
a UTF-16 file (its newline is two bytes), a file with NUL bytes, or one whose first line is
blank or opens a quoted field (the adapter's own checks then word the error). A piece is
cut only at a newline after an even number of quote characters, so a quoted field holding
a line break is never split (a stray quote inside an unquoted field, which the csv module
reads as a letter, only delays the next cut to the next stray quote).

Only for formats whose reading of a line does not depend on other lines: the HealthyAir
export flags a station's SO2 by its median over the file, so it is read whole.
"""

from __future__ import annotations

import itertools
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from ioc.plugins import BATCH_ROWS

#: Lines of a piece: a long file's frame holds as many rows as a streamed security log's.
LINES = BATCH_ROWS
#: Bytes read from the file at a time while looking for the cuts.
BLOCK = 8 << 20
#: A first line longer than this is no header: the file is read whole (the adapter says why).
_HEADER_BYTES = 1 << 20
#: Bytes a line of only these holds no data (white space and the delimiters ``, ; tab``).
_BLANK = b" \t\r\n\x0b\x0c,;"


def batches_of(read: Callable[..., pd.DataFrame], *, rows_per_line: int = 1) -> Callable[..., Iterator[pd.DataFrame]]:
    """An adapter's ``batches``: ``read`` applied to each piece of the file, in order.

    ``read`` must accept ``line_offset`` (added to the piece's line numbers, see
    :func:`.text.read_csv_text`). ``rows_per_line``: about how many rows a line gives (a wide
    file's line gives one per parameter column); pieces then have as many fewer lines.
    """

    def batches(path: str | Path, *, lines: int | None = None, **options) -> Iterator[pd.DataFrame]:
        size = max(1, (lines or LINES) // rows_per_line)
        for piece, offset in line_pieces(Path(path), size):
            yield read(piece, line_offset=offset, **options)

    batches.__doc__ = f"The rows of :func:`{read.__name__}` in frames of about :data:`LINES` lines (see module)."
    return batches


def line_pieces(path: Path, lines: int) -> Iterator[tuple[Path, int]]:
    """Pieces of ``path`` of about ``lines`` records each, as ``(file, line_offset)``.

    The first piece is the file itself when it holds the whole file; other pieces are
    scratch files of the header line and their lines (removed once the next is asked for).
    ``line_offset``: add it to a line number of the piece's file to get the source's.
    """
    with open(path, "rb") as source:
        header = source.readline(_HEADER_BYTES)
        if (
            header.startswith((b"\xff\xfe", b"\xfe\xff"))
            or b"\x00" in header
            or not header.endswith(b"\n")
            or not header.strip(_BLANK + b"\xef\xbb\xbf")
            or header.count(b'"') % 2
        ):
            yield path, 0
            return
        cuts = _cuts(header, source, lines)
        first, second = next(cuts, None), next(cuts, None)
        if second is None:  # one piece: the file as it is
            yield path, 0
            return
        with tempfile.TemporaryDirectory(prefix="ioc-piece-") as folder:
            scratch = Path(folder) / path.name  # the same name: the adapter quotes it
            scratch.write_bytes(first[0])
            yield scratch, 0
            for body, before in itertools.chain([second], cuts):
                if not body.translate(None, _BLANK):
                    continue  # only blank lines (the file's last ones): no rows, and alone "header only"
                scratch.write_bytes(header + body)
                yield scratch, before - 1  # the piece's line 2 is the file's line before + 1


def _cuts(header: bytes, source, lines: int) -> Iterator[tuple[bytes, int]]:
    """The file's bytes (``header`` then the rest of ``source``) cut after every ``lines``-th
    record, as ``(piece, physical lines before it)``; a file of one piece gives it alone or
    nothing (the caller then reads the file itself)."""
    parts: list[bytes] = []  # the current piece's bytes from earlier blocks
    records = odd = 0  # records of the current piece in earlier blocks; whether its quotes are odd there
    before = newlines = 0  # lines before the current piece; its lines in earlier blocks
    block = header
    while block:
        data = np.frombuffer(block, dtype=np.uint8)
        breaks = np.flatnonzero(data == 0x0A)
        if odd or b'"' in block:
            # a newline ends a record only after an even number of quotes since the piece began;
            # a piece begins at such a newline, so the parity runs on across a cut unchanged
            quoted = (odd + np.cumsum(data == 0x22)) % 2
            ends = breaks[quoted[breaks] == 0]
            odd = int(quoted[-1])
        else:
            ends = breaks
        start = taken = 0  # where the current piece begins in this block; records of the block cut off
        while records + len(ends) - taken >= lines:
            cut = int(ends[taken + lines - records - 1]) + 1
            parts.append(block[start:cut])
            yield b"".join(parts), before
            inside = int(np.searchsorted(breaks, cut)) - int(np.searchsorted(breaks, start))
            before += newlines + inside
            parts, records, newlines = [], 0, 0
            taken = int(np.searchsorted(ends, cut))
            start = cut
        parts.append(block[start:])
        records += len(ends) - taken
        newlines += len(breaks) - int(np.searchsorted(breaks, start))
        block = source.read(BLOCK)
    if before and any(parts):
        yield b"".join(parts), before
