"""PDFs cached on disk by the sha256 of everything that goes into them, safe to share between workers and
between app servers, and unable to fail a download.

The key covers the whole report context (provider, status, answers, profile, data return, actions, sign-off,
the framework id and the date printed on the cover), TEMPLATE_VERSION and the bytes of every template and
stylesheet the report uses, so any change anywhere gives a new key and a new PDF; an unchanged year is
served without rendering again.

- Every entry is one file, `<key>.pdf`: a header line with the PDF's length and sha256, then the PDF. It is
  written to a temporary file and renamed into place (os.replace), so a reader never sees half an entry and
  two servers writing the same key both end with a whole one. `get` checks length and digest before serving
  and deletes an entry that fails (truncated, empty, corrupted), which is then rendered again.
- A failure to read or write (a full or read-only disk, a missing folder) is logged and treated as a miss:
  the freshly rendered PDF is still served.
- The folder is bounded by age and size (REPORT_CACHE_MAX_AGE, REPORT_CACHE_MAX_BYTES), pruned after each
  write, oldest first; a file another server has already removed is skipped.
- `single_flight(key)` is an exclusive flock on `<key>.lock` beside the entry, so concurrent requests for the
  same report (any worker, any host sharing the folder) wait for one render and then read its entry.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import logging
import os
import tempfile
import time
from pathlib import Path

from .errors import RenderBusy

LOGGER = logging.getLogger(__name__)

# Bump when the rendering changes in a way the template and stylesheet files do not show
# (for example the WeasyPrint options in render.py, or this file's entry format).
TEMPLATE_VERSION = "report-2"

DEFAULT_MAX_BYTES = 512 * 1024 * 1024
DEFAULT_MAX_AGE_SECONDS = 2 * 24 * 60 * 60  # the cover's date is in the key: an entry is stale the next day
STALE_TEMPORARY_SECONDS = 15 * 60  # a temporary file this old belongs to a writer that died
LOCK_POLL_SECONDS = 0.05
MAGIC = b"selfassess-report-cache-1"
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


def _is_key(name: str) -> bool:
    return len(name) == 64 and set(name) <= _HEX


def encode_entry(pdf: bytes) -> bytes:
    """The header line (length and sha256 of the PDF) and the PDF."""
    return b"%s %d %s\n" % (MAGIC, len(pdf), hashlib.sha256(pdf).hexdigest().encode()) + pdf


def decode_entry(data: bytes) -> bytes | None:
    """The PDF in an entry, or None when the entry is not whole (wrong header, length or digest)."""
    header, newline, pdf = data.partition(b"\n")
    parts = header.split(b" ")
    if not newline or len(parts) != 3 or parts[0] != MAGIC or not parts[1].isdigit():
        return None
    if int(parts[1]) != len(pdf) or hashlib.sha256(pdf).hexdigest().encode() != parts[2]:
        return None
    return pdf


class PdfCache:
    def __init__(self, folder: str | os.PathLike, *, max_bytes: int = DEFAULT_MAX_BYTES,
                 max_age: float = DEFAULT_MAX_AGE_SECONDS):
        self.folder = Path(folder)
        self.max_bytes = int(max_bytes)
        self.max_age = float(max_age)

    def path_for(self, key: str) -> Path:
        if not _is_key(key):
            raise ValueError("not a cache key")
        return self.folder / f"{key}.pdf"

    # ---- reading -----------------------------------------------------------------------------------------

    def get(self, key: str) -> bytes | None:
        """The cached PDF, checked against its stored length and digest; None for a miss, an unreadable
        entry or a bad one (which is deleted, so the next request renders it again)."""
        path = self.path_for(key)
        try:
            with open(path, "rb") as handle:
                data = handle.read()
                identity = os.fstat(handle.fileno())
        except FileNotFoundError:
            return None
        except OSError as exc:
            LOGGER.warning("report cache: could not read %s, rendering instead: %s", path.name, exc)
            return None
        pdf = decode_entry(data)
        if pdf is None:
            LOGGER.warning("report cache: %s is not a whole entry (%d bytes); deleting it", path.name,
                           len(data))
            self._remove_if_same(path, identity)
            return None
        if time.time() - identity.st_mtime > self.max_age:
            return None  # past its age: the next write prunes it
        return pdf

    def _remove_if_same(self, path: Path, identity: os.stat_result) -> None:
        """Delete the file at `path` only if it is still the one that was read: another server may have
        replaced it with a good entry in the meantime."""
        try:
            current = os.stat(path)
            if (current.st_dev, current.st_ino) == (identity.st_dev, identity.st_ino):
                path.unlink()
        except OSError:
            pass

    # ---- writing -----------------------------------------------------------------------------------------

    def put(self, key: str, pdf: bytes) -> bool:
        """Store a PDF, then prune. Never raises for a disk problem: it logs it and returns False, and the
        caller serves the PDF it already has."""
        path = self.path_for(key)
        entry = encode_entry(pdf)
        if len(entry) > self.max_bytes:
            LOGGER.warning("report cache: %s (%d bytes) is larger than the whole cache may be (%d); not kept",
                           path.name, len(entry), self.max_bytes)
            return False
        temporary = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".pdf")
            with os.fdopen(fd, "wb") as handle:
                handle.write(entry)
            os.replace(temporary, path)
            temporary = None
        except OSError as exc:
            level = logging.WARNING if exc.errno in (errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EDQUOT,
                                                     errno.EPERM) else logging.ERROR
            LOGGER.log(level, "report cache: could not store %s, served without caching: %s", path.name, exc)
            return False
        finally:
            if temporary is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
        self.prune(keep=path.name)
        return True

    def prune(self, *, keep: str = "", now: float | None = None) -> int:
        """Remove entries older than max_age, then the oldest until the folder is within max_bytes, and
        temporary files left by writers that died. Files another server removes first are skipped.
        Returns how many files were removed."""
        now = time.time() if now is None else now
        entries: list[tuple[float, int, str]] = []
        removed = 0
        try:
            listing = list(os.scandir(self.folder))
        except OSError:
            return 0
        for item in listing:
            try:
                info = item.stat(follow_symlinks=False)
            except OSError:
                continue
            age = now - info.st_mtime
            if item.name.startswith(".tmp-"):
                if age > STALE_TEMPORARY_SECONDS:
                    removed += self._unlink(item.path)
            elif item.name.endswith(".lock") and _is_key(item.name[:-5]):
                if age > self.max_age:  # left by a process that died while rendering
                    removed += self._remove_unheld_lock(Path(item.path))
            elif item.name.endswith(".pdf") and _is_key(item.name[:-4]):
                if age > self.max_age and item.name != keep:
                    removed += self._unlink(item.path)
                else:
                    entries.append((info.st_mtime, info.st_size, item.name))
        total = sum(size for _, size, _ in entries)
        for _, size, name in sorted(entries):
            if total <= self.max_bytes:
                break
            if name != keep:
                removed += self._unlink(str(self.folder / name))
                total -= size
        return removed

    @staticmethod
    def _remove_unheld_lock(path: Path) -> int:
        """Remove a lock file nobody holds, by the same protocol as its holder: lock it, then unlink."""
        try:
            fd = os.open(path, os.O_RDWR | os.O_CLOEXEC)
        except OSError:
            return 0
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            path.unlink()
            return 1
        except OSError:  # held by a render in progress, or already gone
            return 0
        finally:
            os.close(fd)

    @staticmethod
    def _unlink(path: str) -> int:
        try:
            os.unlink(path)
            return 1
        except OSError:  # already gone (another server pruned it) or not ours to remove
            return 0

    def clear(self) -> int:
        removed = 0
        if self.folder.is_dir():
            for path in self.folder.glob("*.pdf"):
                path.unlink(missing_ok=True)
                removed += 1
        return removed

    # ---- one render per key --------------------------------------------------------------------------------

    @contextlib.contextmanager
    def single_flight(self, key: str, timeout: float):
        """Hold the key's lock while rendering it: the first request takes it, the others wait here (up to
        `timeout`, then RenderBusy) and, once it is released, find the entry in the cache. Yields True
        when the lock is held, False when it could not be taken for a disk problem (the caller renders
        anyway: the cache never fails a download)."""
        path = self.folder / f"{self.path_for(key).stem}.lock"
        try:
            fd = self._lock(path, time.monotonic() + timeout)
        except OSError as exc:
            LOGGER.warning("report cache: no lock for %s, rendering without one: %s", path.name, exc)
            fd = None
        if fd is None:
            yield False
            return
        try:
            yield True
        finally:
            # Remove the file while still holding it, so it does not accumulate; a waiter that then gets
            # this (unlinked) file sees that it is no longer the one at the path and opens the path again.
            with contextlib.suppress(OSError):
                path.unlink()
            os.close(fd)

    def _lock(self, path: Path, deadline: float) -> int:
        self.folder.mkdir(parents=True, exist_ok=True)
        while True:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                if time.monotonic() >= deadline:
                    raise RenderBusy("This report is being prepared for someone else and it is taking a "
                                     "long time. Try again in a few minutes.") from None
                time.sleep(LOCK_POLL_SECONDS)
                continue
            except BaseException:
                os.close(fd)
                raise
            held = os.fstat(fd)
            try:
                current = os.stat(path)
                if (current.st_dev, current.st_ino) == (held.st_dev, held.st_ino):
                    return fd
            except FileNotFoundError:
                pass
            os.close(fd)  # the holder before us removed this file: take the lock on the new one
