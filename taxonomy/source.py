"""Access to an ESCO CSV download, unpacked in a folder or still in its zip."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

from taxonomy.errors import EscoFormatError

csv.field_size_limit(1 << 30)  # conceptSchemes lists thousands of URIs in one cell

_VERSION = re.compile(r"v?(\d+\.\d+(?:\.\d+)?)")


class EscoSource:
    """The CSV files of one ESCO download, addressed by file name (folders ignored)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if not self.path.exists():
            raise EscoFormatError("no such file or folder", file=str(self.path))
        self._zip: zipfile.ZipFile | None = None
        if self.path.is_dir():
            self.members = {p.name: p for p in sorted(self.path.rglob("*")) if p.is_file()}
        else:
            try:
                self._zip = zipfile.ZipFile(self.path)
                names = [n for n in self._zip.namelist() if not n.endswith("/")]
            except (zipfile.BadZipFile, OSError) as exc:
                raise EscoFormatError(f"not a readable zip file ({exc})",
                                     file=self.path.name) from exc
            self.members = {Path(n).name: n for n in sorted(names)}

    def has(self, name: str) -> bool:
        """Whether the download contains a file with this name."""
        return name in self.members

    def read_bytes(self, name: str) -> bytes:
        """Return the raw bytes of one file."""
        member = self.members[name]
        try:
            if self._zip is not None:
                return self._zip.read(member)
            return Path(member).read_bytes()
        except (zipfile.BadZipFile, OSError, RuntimeError) as exc:
            raise EscoFormatError(f"cannot read file ({exc})", file=name) from exc

    def checksum(self, name: str) -> str:
        """SHA-256 of one file."""
        return hashlib.sha256(self.read_bytes(name)).hexdigest()

    def rows(self, name: str, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
        """Yield ``(line, row)`` for each record, checking columns and field counts.

        Raises:
            EscoFormatError: naming the file, line and column of the first problem.
        """
        try:
            text = self.read_bytes(name).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise EscoFormatError(f"not UTF-8 text ({exc.reason})", file=name) from exc
        reader = csv.reader(io.StringIO(text, newline=""))
        try:
            header = next(reader, None)
            if header is None:
                raise EscoFormatError("file is empty, expected a header row", file=name, line=1)
            header = [h.strip() for h in header]
            for col in required:
                if col not in header:
                    raise EscoFormatError("required column is missing", file=name, line=1,
                                          column=col)
            # Official files may omit trailing empty fields, never required ones.
            needed = max(header.index(col) for col in required) + 1 if required else 0
            start = reader.line_num + 1
            for record in reader:
                if record and not needed <= len(record) <= len(header):
                    missing = header[len(record)] if len(record) < needed else None
                    raise EscoFormatError(
                        f"expected {len(header)} fields, found {len(record)}", file=name,
                        line=start, column=missing,
                    )
                if record:
                    yield start, dict(zip(header, record + [""] * (len(header) - len(record)),
                                          strict=True))
                start = reader.line_num + 1
        except csv.Error as exc:
            raise EscoFormatError(f"malformed CSV ({exc})", file=name,
                                  line=reader.line_num) from exc

    def guess_version(self) -> str | None:
        """ESCO version from the download's name or a README in it, if either tells."""
        match = _VERSION.search(self.path.name)
        if match:
            return match.group(1)
        for name in self.members:
            if name.lower().startswith("readme"):
                head = self.read_bytes(name)[:4000].decode("utf-8", "replace")
                match = re.search(r"ESCO\s+v?(\d+\.\d+(?:\.\d+)?)", head)
                if match:
                    return match.group(1)
        return None

    def close(self) -> None:
        """Release the zip file handle, if any."""
        if self._zip is not None:
            self._zip.close()
