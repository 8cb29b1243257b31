"""PDFs cached on disk by the sha256 of everything that goes into them.

The key covers the whole report context (provider, status, answers, profile, data return, actions, sign-off,
the framework id and the date printed on the cover), TEMPLATE_VERSION and the bytes of every template and
stylesheet the report uses, so any change anywhere gives a new key and a new PDF; an unchanged year is
served without rendering again. Writes are atomic (a temporary file, then os.replace), so a reader never
sees half a PDF and two workers rendering the same report at once both end with a whole file.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

# Bump when the rendering changes in a way the template and stylesheet files do not show
# (for example the WeasyPrint options in render.py).
TEMPLATE_VERSION = "report-1"

_HEX = frozenset("0123456789abcdef")


def files_digest(folders: list[Path]) -> str:
    """sha256 over the names and contents of every file under the folders, in a stable order."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
            digest.update(str(path.relative_to(folder)).encode())
            digest.update(b"\0")
            digest.update(path.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()


def cache_key(context_digest: str, files: str) -> str:
    return hashlib.sha256(f"{TEMPLATE_VERSION}\n{files}\n{context_digest}".encode()).hexdigest()


class PdfCache:
    def __init__(self, folder: str | os.PathLike):
        self.folder = Path(folder)

    def path_for(self, key: str) -> Path:
        if len(key) != 64 or not set(key) <= _HEX:
            raise ValueError("not a cache key")
        return self.folder / f"{key}.pdf"

    def get(self, key: str) -> bytes | None:
        try:
            return self.path_for(key).read_bytes()
        except FileNotFoundError:
            return None

    def put(self, key: str, pdf: bytes) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".pdf")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(pdf)
            os.replace(temporary, self.path_for(key))
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def clear(self) -> int:
        removed = 0
        if self.folder.is_dir():
            for path in self.folder.glob("*.pdf"):
                path.unlink(missing_ok=True)
                removed += 1
        return removed
