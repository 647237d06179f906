"""Sources and their polling state; raw fetched responses, kept whole."""

from __future__ import annotations

import json
import zlib
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import brotli

from newsdesk.records import FetchResult
from newsdesk.store import rows
from newsdesk.store.base import StoreBase, StoreError, now
from newsdesk.store.models import NewSource, Source

# Raw responses are kept Brotli-compressed at quality 1: on real news pages (280 kB on
# average) that is 0.7 ms a page against 4.8 ms for zlib at level 6, for the same size (19 %
# of the page against 18 %), and it runs in the process that fetches. Rows written before
# hold zlib streams, which never start with the marker (a zlib header's first byte is 0x?8).
_BROTLI = b"br1:"


def pack_body(body: bytes) -> bytes:
    """A response body as it is stored."""
    return _BROTLI + brotli.compress(body, quality=1)


def unpack_body(stored: bytes) -> bytes:
    """A stored body as it was received (Brotli, or zlib from before)."""
    if stored.startswith(_BROTLI):
        return bytes(brotli.decompress(stored[len(_BROTLI):]))
    return zlib.decompress(stored)


class SourceQueries(StoreBase):
    def add_source(
        self, url: str, *, name: str, kind: str, interval_s: float,
        folder: str | None = None, settings: dict[str, Any] | None = None,
    ) -> Source:
        moment = now()
        with self.transaction() as tx:
            if tx.row("SELECT id FROM sources WHERE url = ?", (url,)):
                raise StoreError(
                    f"the source {url} is already followed; see `newsdesk sources list`"
                )
            row = tx.row(
                "INSERT INTO sources (url, name, kind, folder, settings, created_at, interval_s,"
                " next_poll_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (url, name, kind, folder, json.dumps(settings or {}), moment, interval_s,
                 moment),
            )
        assert row is not None
        return self.get_source(row[0])

    def add_sources(self, entries: Sequence[NewSource], *, interval_s: float) -> list[bool]:
        """Add many sources in one transaction; True for each added, False if already there."""
        moment = now()
        added = []
        with self.transaction() as tx:
            for entry in entries:
                row = tx.row(
                    "INSERT INTO sources (url, name, kind, folder, settings, created_at,"
                    " interval_s, next_poll_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT (url) DO NOTHING RETURNING id",
                    (entry.url, entry.name, entry.kind, entry.folder,
                     json.dumps(entry.settings or {}), moment, interval_s, moment),
                )
                added.append(row is not None)
        return added

    def source_urls(self) -> set[str]:
        with self.reading() as tx:
            return {r[0] for r in tx.rows("SELECT url FROM sources")}

    def get_source(self, source_id: int) -> Source:
        with self.reading() as tx:
            row = tx.row(f"SELECT {rows.SOURCE_COLUMNS} FROM sources WHERE id = ?", (source_id,))
        if row is None:
            raise StoreError(f"there is no source {source_id}; see `newsdesk sources list`")
        return rows.source_from_row(row)

    def list_sources(self) -> list[Source]:
        with self.reading() as tx:
            found = tx.rows(f"SELECT {rows.SOURCE_COLUMNS} FROM sources ORDER BY id")
        return [rows.source_from_row(r) for r in found]

    def due_sources(self, at: datetime | None = None) -> list[Source]:
        with self.reading() as tx:
            found = tx.rows(
                f"SELECT {rows.SOURCE_COLUMNS} FROM sources WHERE status = 'active'"
                " AND next_poll_at <= ? ORDER BY next_poll_at",
                (at or now(),),
            )
        return [rows.source_from_row(r) for r in found]

    def remove_source(self, source_id: int) -> None:
        self.get_source(source_id)
        with self.transaction() as tx:
            tx.run("DELETE FROM sources WHERE id = ?", (source_id,))

    def update_source(self, source_id: int, **fields: Any) -> Source:
        """Set columns of one source (polling state, status, name, folder, settings)."""
        allowed = set(rows.SOURCE_COLUMNS.replace(" ", "").split(",")) - {"id", "url", "created_at"}
        unknown = set(fields) - allowed
        if unknown:
            raise StoreError(f"unknown source field(s): {', '.join(sorted(unknown))}")
        if "settings" in fields:
            fields["settings"] = json.dumps(fields["settings"])
        if fields:
            assignments = ", ".join(f"{name} = ?" for name in fields)
            with self.transaction() as tx:
                tx.run(
                    f"UPDATE sources SET {assignments} WHERE id = ?",
                    (*fields.values(), source_id),
                )
        return self.get_source(source_id)


    def save_fetch(self, result: FetchResult, source_id: int | None = None) -> int:
        """Keep a response whole (body compressed) so it can be reprocessed later."""
        with self.transaction() as tx:
            row = tx.row(
                "INSERT INTO fetches (source_id, url, final_url, status, headers, body, charset,"
                " fetched_at, elapsed_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (source_id, result.url, result.final_url, result.status,
                 json.dumps(result.headers), pack_body(result.body), result.charset,
                 result.fetched_at, result.elapsed_ms),
            )
        assert row is not None
        return int(row[0])

    def get_fetch(self, fetch_id: int) -> FetchResult:
        with self.reading() as tx:
            row = tx.row(
                "SELECT url, final_url, status, headers, body, charset, fetched_at, elapsed_ms"
                " FROM fetches WHERE id = ?", (fetch_id,),
            )
        if row is None:
            raise StoreError(f"there is no stored fetch {fetch_id}")
        url, final_url, status, headers, body, charset, fetched_at, elapsed = row
        return FetchResult(
            url=url, final_url=final_url, status=status, headers=json.loads(headers),
            body=unpack_body(bytes(body)), fetched_at=rows.utc(fetched_at) or now(),
            elapsed_ms=elapsed, charset=charset,
        )
