"""`exclusions fetch`: download the exclusions data sets from Explore Education Statistics.

Uses the public data API (endpoints listed in ``ees_api``). Files land in ``dest`` as
``<release slug, else v<version>>/<data set title>.csv``, with the API's JSON metadata beside each
as ``.meta.json``. ``dest/index.json`` maps each data set id and version to the file's sha256 and
path: a data set whose latest version is already there, with that hash, is not downloaded again,
and content already on disk is not written twice. Names from the server are reduced to safe
characters and every write is checked to stay inside ``dest``. Downloads go to a ``.part-`` file
that is renamed into place only when complete.

A failure for one publication or data set (404, 5xx after retries, timeout, broken body) is added
to ``FetchResult.errors`` and the rest carry on; a data set's previous file, if any, stays in
``files``. Only an unreachable service (refused, no DNS) aborts, raising ``ServiceUnreachable``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import httpx

from exclusions.sources.ees_api import (
    WEBSITE,
    EesClient,
    FetchError,
    Progress,
    ServiceUnreachable,
    resolve_base_url,
)

DEFAULT_PUBLICATIONS = (
    "suspensions-and-permanent-exclusions-in-england",
    # The title and slug until 2020/21; kept in case the API lists it apart.
    "permanent-and-fixed-period-exclusions-in-england",
)
INDEX_NAME = "index.json"
INDEX_FORMAT = 1
MAX_NAME = 80
_UNSAFE = re.compile(r"[^a-z0-9._-]+")
_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
)


@dataclass
class FetchResult:
    """What a fetch did: files written, files already current, all current files, problems."""

    downloaded: list[Path] = field(default_factory=list)
    cached: list[Path] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    meta_files: list[Path] = field(default_factory=list)

    def add(self, kind: list[Path], path: Path) -> None:
        """Record a current data file once, in ``kind`` and in ``files``."""
        if path not in self.files:
            kind.append(path)
            self.files.append(path)


def safe_name(text: str, fallback: str) -> str:
    """One path component from server text: only a-z 0-9 . - _, never empty, '..' or reserved."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    name = re.sub(r"-{2,}", "-", _UNSAFE.sub("-", plain))[:MAX_NAME].strip(".-_")
    if not name or name.split(".")[0] in _RESERVED:
        return fallback
    return name


def fetch(
    dest: Path,
    *,
    base_url: str | None = None,
    publications: Sequence[str] = DEFAULT_PUBLICATIONS,
    client: httpx.Client | None = None,
    progress: Progress | None = None,
) -> FetchResult:
    """Download every data set of the exclusions publications into ``dest``, skipping known ones."""
    dest = Path(dest).resolve()
    dest.mkdir(parents=True, exist_ok=True)
    for stale in [*dest.glob(".part-*"), *dest.glob("*/.part-*")]:
        stale.unlink(missing_ok=True)  # left by a fetch that was killed mid-download
    result = FetchResult()
    index = _Index.load(dest, result.notes)
    with EesClient(resolve_base_url(base_url), client) as api:
        try:
            for slug, data_set in _list_data_sets(api, publications, result):
                _fetch_one(api, index, slug, data_set, result, progress)
        finally:
            index.save()
    return result


def _list_data_sets(
    api: EesClient, publications: Sequence[str], result: FetchResult
) -> list[tuple[str, dict[str, Any]]]:
    """Every data set of the requested publications that the API has, each id once."""
    found: dict[str, tuple[str, dict[str, Any]]] = {}
    publications_found = 0
    for slug in publications:
        try:
            publication = _find_publication(api, slug)
            if publication is None:
                result.notes.append(f"publication {slug!r} is not on the API at {api.base_url}")
                continue
            publications_found += 1
            url = api.url("publications", str(publication["id"]), "data-sets")
            for item in api.paged(url, {"pageSize": 20}, "data sets"):
                if isinstance(item, dict) and item.get("id"):
                    found.setdefault(str(item["id"]), (slug, item))
        except ServiceUnreachable:
            raise
        except FetchError as exc:
            result.errors.append(f"publication {slug!r}: {exc}")
    if publications_found == 0 and not result.errors:
        result.errors.append(
            f"none of {', '.join(publications)} is on the API at {api.base_url}; download the "
            f"files by hand from {WEBSITE} and run `exclusions load FOLDER`"
        )
    return list(found.values())


def _find_publication(api: EesClient, slug: str) -> dict[str, Any] | None:
    """The publication with this slug, found through the API's search (which wants words)."""
    params: dict[str, str | int] = {"search": slug.replace("-", " "), "pageSize": 40}
    for item in api.paged(api.url("publications"), params, "publications"):
        if isinstance(item, dict) and item.get("slug") == slug and item.get("id"):
            return item
    return None


def _fetch_one(
    api: EesClient,
    index: _Index,
    slug: str,
    data_set: dict[str, Any],
    result: FetchResult,
    progress: Progress | None,
) -> None:
    """Bring one data set's latest version up to date, recording failures in ``result``."""
    ds_id = str(data_set["id"])
    latest = data_set.get("latestVersion")
    version = str(latest.get("version") or "") if isinstance(latest, dict) else ""
    label = f"{data_set.get('title') or ds_id} v{version} ({ds_id})"
    if data_set.get("status") == "Withdrawn" or not version:
        result.notes.append(f"{label}: no published version to download")
        return
    try:
        record = index.usable(ds_id, version)
        if record is None:
            record = _download(api, index, slug, data_set, version, label, progress, result)
        else:
            index.set_current(ds_id, version)
            result.add(result.cached, _inside(index.dest, record["path"]))
        meta = index.existing(record.get("meta"))
        if meta is None:
            record["meta"] = _fetch_meta(api, index, ds_id, version, record["path"])
            meta = index.existing(record["meta"])
        if meta is not None and meta not in result.meta_files:
            result.meta_files.append(meta)
    except ServiceUnreachable:
        raise
    except FetchError as exc:
        result.errors.append(f"{label}: {exc}")
        previous = index.usable_current(ds_id)
        if previous is not None:
            result.add(result.cached, _inside(index.dest, previous["path"]))
            result.notes.append(f"{label}: kept the previous version's file")


def _download(
    api: EesClient,
    index: _Index,
    slug: str,
    data_set: dict[str, Any],
    version: str,
    label: str,
    progress: Progress | None,
    result: FetchResult,
) -> dict[str, Any]:
    """Download the CSV of one data set version, move it into place unless already there."""
    ds_id = str(data_set["id"])
    release = _release_slug(api, ds_id, version)
    url = api.url("data-sets", ds_id, "csv")
    got = api.download(url, {"dataSetVersion": version}, index.dest, label=label, progress=progress)
    try:
        rel = index.find_sha(got.sha256)
        if rel is None:
            folder = safe_name(release or "", "v" + safe_name(version, "unknown"))
            stem = safe_name(str(data_set.get("title") or ""), safe_name(ds_id, "data-set"))
            rel = index.free_path(folder, stem, ds_id, got.sha256)
        path = _inside(index.dest, rel)
        if index.holds(rel, got.sha256):
            result.add(result.cached, path)  # same bytes already on disk: not written twice
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            os.replace(got.path, path)
            result.add(result.downloaded, path)
    finally:
        got.path.unlink(missing_ok=True)
    record = {"sha256": got.sha256, "path": rel, "size": got.size, "release": release, "meta": None}
    record["published"] = data_set["latestVersion"].get("published")
    index.put(ds_id, str(data_set.get("title") or ""), slug, version, record)
    return record


def _release_slug(api: EesClient, ds_id: str, version: str) -> str | None:
    """The slug of the release that published this version (e.g. '2022-23'), if the API says."""
    try:
        url = api.url("data-sets", ds_id, "versions", version)
        body = api.get_json(url, {}, "the data set version's summary")
    except ServiceUnreachable:
        raise
    except FetchError:
        return None  # it only names the folder; the version number will do instead
    release = body.get("release") if isinstance(body, dict) else None
    slug = release.get("slug") if isinstance(release, dict) else None
    return slug if isinstance(slug, str) else None


def _fetch_meta(api: EesClient, index: _Index, ds_id: str, version: str, rel: str) -> str | None:
    """Save the version's JSON metadata beside its CSV; None if the API has none to give."""
    try:
        url = api.url("data-sets", ds_id, "meta")
        meta = api.get_json(url, {"dataSetVersion": version}, "the data set's metadata")
    except ServiceUnreachable:
        raise
    except FetchError:
        return None  # the CSV carries its own labels; metadata is a nicety
    meta_rel = rel.removesuffix(".csv") + ".meta.json"
    text = json.dumps(meta, indent=2, ensure_ascii=False) + "\n"
    _write_atomic(_inside(index.dest, meta_rel), text.encode("utf-8"))
    return meta_rel


def _inside(dest: Path, rel: str) -> Path:
    """``dest/rel``, refusing any path that would land outside ``dest``."""
    pure = PurePosixPath(rel)
    path = dest.joinpath(*pure.parts).resolve()
    if pure.is_absolute() or ".." in pure.parts or not path.is_relative_to(dest):
        raise FetchError(f"refusing the path {rel!r}: expected a place inside {dest}")
    return path


def _write_atomic(path: Path, data: bytes) -> None:
    """Write via a temporary file and rename, so readers never see half a file."""
    fd, tmp = tempfile.mkstemp(prefix=".part-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class _Index:
    """``index.json``: per data set id, the current version and each version's sha256 and path."""

    # Records are checked on use, not trusted: the file is on disk and may have been edited, so
    # a path must stay inside ``dest`` and the file must still have its hash, or it counts absent.

    def __init__(self, dest: Path, data_sets: dict[str, Any]) -> None:
        self.dest = dest
        self.data_sets = data_sets

    @classmethod
    def load(cls, dest: Path, notes: list[str]) -> _Index:
        """Read the index; an unreadable one is set aside (noted), as if nothing were cached."""
        path = dest / INDEX_NAME
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls(dest, {})
        except (OSError, ValueError) as exc:
            raw = f"unreadable: {exc}"
        data_sets = raw.get("data_sets") if isinstance(raw, dict) else None
        if not isinstance(data_sets, dict) or raw.get("format") != INDEX_FORMAT:
            notes.append(
                f"{path} is not an index this version can use ({raw!r:.80}); starting afresh"
            )
            return cls(dest, {})
        return cls(dest, {k: v for k, v in data_sets.items() if isinstance(v, dict)})

    def save(self) -> None:
        """Write the index atomically."""
        body = {"format": INDEX_FORMAT, "data_sets": self.data_sets}
        text = json.dumps(body, indent=2, sort_keys=True) + "\n"
        _write_atomic(self.dest / INDEX_NAME, text.encode("utf-8"))

    def _versions(self, ds_id: str) -> dict[str, Any]:
        """A data set's version records, or {} if the index has none (or nonsense)."""
        versions = self.data_sets.get(ds_id, {}).get("versions")
        return versions if isinstance(versions, dict) else {}

    def _records(self) -> list[tuple[str, dict[str, Any]]]:
        """Every (data set id, version record) pair that names a path."""
        return [
            (ds_id, rec)
            for ds_id in self.data_sets
            for rec in self._versions(ds_id).values()
            if isinstance(rec, dict) and isinstance(rec.get("path"), str)
        ]

    def existing(self, rel: object) -> Path | None:
        """The file at ``rel`` if ``rel`` is a safe relative path and the file exists."""
        try:
            path = _inside(self.dest, rel) if isinstance(rel, str) else None
        except FetchError:
            return None
        return path if path is not None and path.is_file() else None

    def holds(self, rel: object, sha256: object) -> bool:
        """Whether the file at ``rel`` exists inside ``dest`` with this sha256."""
        path = self.existing(rel)
        if path is None:
            return False
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest() == sha256

    def usable(self, ds_id: str, version: str) -> dict[str, Any] | None:
        """This version's record, if its file is intact."""
        rec = self._versions(ds_id).get(version)
        ok = isinstance(rec, dict) and self.holds(rec.get("path"), rec.get("sha256"))
        return rec if ok else None

    def usable_current(self, ds_id: str) -> dict[str, Any] | None:
        """The record of the version fetched last time, if its file is intact."""
        return self.usable(ds_id, str(self.data_sets.get(ds_id, {}).get("current")))

    def set_current(self, ds_id: str, version: str) -> None:
        """Mark ``version`` as the data set's latest."""
        self.data_sets[ds_id]["current"] = version

    def find_sha(self, sha256: str) -> str | None:
        """The relative path of an intact file with this content, if the index knows one."""
        for _, rec in self._records():
            if rec.get("sha256") == sha256 and self.holds(rec["path"], sha256):
                return str(rec["path"])
        return None

    def free_path(self, folder: str, stem: str, ds_id: str, sha256: str) -> str:
        """A relative path for new content: not another data set's file, nor a stranger's."""
        short = safe_name(ds_id, "data-set")[:8]
        for name in [stem, f"{stem}-{short}", *(f"{stem}-{short}-{n}" for n in range(2, 100))]:
            rel = f"{folder}/{name}.csv"
            owners = {owner for owner, rec in self._records() if rec["path"] == rel}
            # A file no record owns is taken over only if it already holds these bytes (the
            # index was lost, say); anything else there belongs to someone and is left alone.
            free = owners or self.holds(rel, sha256) or not (self.dest / rel).exists()
            if free and not owners - {ds_id}:
                return rel
        raise FetchError(f"no free file name for {stem!r} in {folder!r}; expected one of 100")

    def put(self, ds_id: str, title: str, slug: str, version: str, record: dict[str, Any]) -> None:
        """Record a version as current, dropping older records whose file this one replaced."""
        versions = {
            v: r
            for v, r in self._versions(ds_id).items()
            if isinstance(r, dict)
            and (r.get("path") != record["path"] or r.get("sha256") == record["sha256"])
        }
        versions[version] = record
        entry = self.data_sets.setdefault(ds_id, {})
        entry.update(title=title, publication=slug, current=version, versions=versions)
