"""The site the explorer serves: a private snapshot of the store, replaced when it changes.

DuckDB lets one process write a file or any number read it, never both. So the explorer
does not keep the store open: it copies the file (and its ``.wal``) into a private
temporary folder, holding the store's shared lock only while it copies, and serves the
copy. ``exclusions load`` can then write the store while the explorer runs.

A watcher thread looks at the store's size and modification time every ``interval``
seconds. Once it has changed and then stayed the same for one more look (a load is
finished), and no writer holds it, a new site is built from a fresh snapshot and warmed,
then swapped in. Requests hold a ``lease`` on the site they started on: a request in
flight during a swap finishes on the old site, which is closed and its snapshot deleted
when its last request is done.

>>> with LiveSite("exclusions.duckdb") as live:            # doctest: +SKIP
...     live.start()
...     with live.lease() as site:
...         site.resolve("Bury").code
'E08000002'
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TypeVar

from exclusions.config import default_db_path
from exclusions.errors import StoreBusy
from exclusions.explore.site import Site
from exclusions.store import Store

__all__ = [
    "BUSY_WAIT",
    "INTERVAL",
    "LiveSite",
    "Signature",
    "signature",
    "snapshot",
    "wait_until_readable",
]

INTERVAL = 2.0  # seconds between looks at the store
BUSY_WAIT = 5.0  # seconds to wait at start for a writer to finish
CHUNK = 1 << 20
T = TypeVar("T")

log = logging.getLogger(__name__)

# mtime_ns and size of the store file, then of its WAL (-1, -1 when there is none).
Signature = tuple[int, int, int, int]


def signature(path: Path) -> Signature:
    """What changes when the store at ``path`` is written."""
    db = path.stat()
    try:
        wal = Path(f"{path}.wal").stat()
    except FileNotFoundError:
        return (db.st_mtime_ns, db.st_size, -1, -1)
    return (db.st_mtime_ns, db.st_size, wal.st_mtime_ns, wal.st_size)


def snapshot(source: Path, folder: Path) -> Signature:
    """Copy the store (and its WAL) into ``folder``; StoreBusy if a writer holds it.

    The store is opened read-only for the copy: that takes DuckDB's shared lock, so no
    writer can start halfway through. DuckDB's lock is a POSIX record lock, which a process
    loses when it closes *any* descriptor of the file, so the copy reads through one
    descriptor kept open until the read-only connection has been closed.
    """
    wal = Path(f"{source}.wal")
    with open(source, "rb") as src, Store(source, read_only=True):
        found = signature(source)
        with open(folder / source.name, "wb") as dst:
            shutil.copyfileobj(src, dst, CHUNK)
        if wal.exists():
            with open(wal, "rb") as log_src, open(folder / wal.name, "wb") as dst:
                shutil.copyfileobj(log_src, dst, CHUNK)
    return found


def wait_until_readable(path: Path, wait: float | None = None) -> None:
    """Return once no writer holds the store, waiting up to ``wait`` seconds (default
    ``BUSY_WAIT``) for one to finish; StoreBusy, naming the writer, after that."""
    _when_free(lambda: Store(path, read_only=True).close(), wait)


def _when_free(step: Callable[[], T], wait: float | None) -> T:
    """``step()``, tried again every quarter second for ``wait`` seconds while StoreBusy."""
    deadline = time.monotonic() + (BUSY_WAIT if wait is None else wait)
    while True:
        try:
            return step()
        except StoreBusy:
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.25)


@dataclass(eq=False)
class _Served:
    """A site with its snapshot folder (None: the caller's, not ours) and who uses it."""

    site: Site
    folder: Path | None
    signature: Signature
    users: int = 0
    retired: bool = False


class LiveSite:
    """The site being served, from a snapshot of the store, swapped when the store changes.

    The first snapshot is taken here: if a writer holds the store, this waits up to
    ``wait`` seconds for it, then raises StoreBusy. ``warm`` is run on each new site
    before it is swapped in. A ``Site`` passed instead of a path is served as it is.
    """

    def __init__(
        self,
        path: str | Path | Site | None = None,
        *,
        warm: Callable[[Site], None] = Site.warm,
        interval: float = INTERVAL,
        wait: float | None = None,
    ) -> None:
        self.warm = warm
        self.interval = interval
        self.on_swap: Callable[[Site], None] | None = None
        self.swaps = 0
        self.timings: dict[str, float] = {}  # seconds the last snapshot took, by step
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._pending: Signature | None = None
        self._failed: Signature | None = None
        if isinstance(path, Site):  # served as it is: never refreshed, left open on close
            self.path = path.store.path
            self._root: Path | None = None
            self._current = _Served(path, None, (0, 0, -1, -1))
            return
        self.path = Path(path) if path is not None else default_db_path()
        self._root = Path(tempfile.mkdtemp(prefix="exclusions-serve-"))
        try:
            self._current = self._build(wait, warm=False)
        except BaseException:
            shutil.rmtree(self._root, ignore_errors=True)
            raise

    @property
    def current(self) -> Site:
        """The site new requests are served from."""
        return self._current.site

    @contextmanager
    def lease(self) -> Iterator[Site]:
        """The current site, kept open until the block ends even if a new one is swapped in."""
        with self._lock:
            served = self._current
            served.users += 1
        try:
            yield served.site
        finally:
            with self._lock:
                served.users -= 1
                done = served.retired and served.users == 0
            if done:
                _dispose(served)

    def start(self, *, warm_now: bool = False) -> None:
        """Start watching the store in a thread (which first warms the site if ``warm_now``)."""
        if self._thread is not None or self._stop.is_set():
            return
        if self._root is None and not warm_now:
            return  # a site served as it is is never refreshed: nothing to do
        self._thread = threading.Thread(
            target=self._watch, args=(warm_now,), name="exclusions-live", daemon=True
        )
        self._thread.start()

    def check(self) -> bool:
        """Refresh if the store changed and has settled since the last look; True if swapped.

        The store has settled when two looks in a row see the same change, so a snapshot is
        not taken between the steps of a load (nor holds the lock when its next one starts).
        """
        if self._root is None:
            return False
        try:
            now = signature(self.path)
        except FileNotFoundError:
            return False  # the store was moved away: keep serving the snapshot we have
        if now in (self._current.signature, self._failed):
            self._pending = None
            return False
        if now != self._pending:
            self._pending = now
            return False
        try:
            return self.refresh()
        except Exception:
            # A store we cannot read is not retried until it changes again.
            self._failed = now
            log.exception("could not read the changed store %s; still serving the last", self.path)
            return False

    def refresh(self) -> bool:
        """Build and warm a site from a fresh snapshot and swap it in; False if a writer
        holds the store (the old site is served until a later try)."""
        if self._root is None:
            return False
        try:
            new = self._build(0, warm=True)
        except StoreBusy:
            return False
        with self._lock:
            if self._stop.is_set():
                old = new  # closing: the new site is never served
            else:
                old, self._current = self._current, new
                self.swaps += 1
        self._retire(old)
        if old is not new:
            if self.on_swap is not None:
                self.on_swap(new.site)
            log.info("serving a new snapshot of %s: %s", self.path, self.timings)
        return old is not new

    def close(self) -> None:
        """Stop watching; close every site not in use (the rest close when released) and
        delete the snapshots."""
        if self._stop.is_set():
            return
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self._root is None:
            return  # a fixed site belongs to the caller
        self._retire(self._current)
        shutil.rmtree(self._root, ignore_errors=True)

    def _retire(self, served: _Served) -> None:
        """No new requests go to ``served``: dispose of it now, or when its last ends."""
        with self._lock:
            served.retired = True
            idle = served.users == 0
        if idle:
            _dispose(served)

    def __enter__(self) -> LiveSite:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _build(self, wait: float | None, *, warm: bool) -> _Served:
        """A site over a new snapshot, retrying for ``wait`` seconds while the store is busy."""
        assert self._root is not None
        folder = Path(tempfile.mkdtemp(dir=self._root))
        started = time.perf_counter()
        try:
            found = _when_free(lambda: snapshot(self.path, folder), wait)
            copied = time.perf_counter()
            site = Site(folder / self.path.name)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        served = _Served(site, folder, found)
        try:
            if warm:
                self.warm(site)
        except BaseException:
            _dispose(served)
            raise
        done = time.perf_counter()
        self.timings = {"copy": copied - started, "open_and_warm": done - copied}
        return served

    def _watch(self, warm_now: bool) -> None:
        if warm_now:
            self._run(lambda: self.warm(self.current))
        if self._root is None:
            return  # a site served as it is is never refreshed
        while not self._stop.wait(self.interval):
            self._run(self.check)

    def _run(self, step: Callable[[], object]) -> None:
        """Run ``step`` in the watcher thread, logging rather than ending the thread."""
        try:
            step()
        except Exception:
            log.exception("explorer background task failed")


def _dispose(served: _Served) -> None:
    """Close a site and delete its snapshot (unless it is the caller's)."""
    if served.folder is None:
        return
    served.site.close()
    shutil.rmtree(served.folder, ignore_errors=True)
