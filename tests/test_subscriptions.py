"""Managing sources: OPML import and export on both stores, per-source settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.opml import Outline, write_opml
from newsdesk.source_settings import SettingError
from newsdesk.store import Store, open_store
from newsdesk.subscriptions import change_settings, export_opml, import_opml

DATA = Path(__file__).parent / "testdata" / "opml"


def test_import_reports_every_entry_and_is_idempotent(store: Store) -> None:
    data = (DATA / "nested_folders.opml").read_bytes()
    report = import_opml(store, data, allow_private=False, interval_s=600)
    assert sorted(report.added) == [
        "https://harborwire.example/feed", "https://lantern.example/atom.xml",
        "https://meridian.example/rss.xml", "https://nemouneh.example/fa/rss"]
    reasons = dict(report.rejected)
    assert len(reasons) == 5
    assert any("listed twice" in r for r in reasons.values())
    assert any("private address" in r for e, r in reasons.items() if "10.1.2.3" in e)
    assert any("private address" in r for e, r in reasons.items() if "localhost" in e)
    again = import_opml(store, data, allow_private=False, interval_s=600)
    assert again.added == [] and len(again.present) == 4
    folders = {s.name: s.folder for s in store.list_sources()}
    assert folders["Meridian Press Agency"] == "News/Agencies"


def test_private_entries_allowed_when_asked(store: Store) -> None:
    data = (DATA / "nested_folders.opml").read_bytes()
    report = import_opml(store, data, allow_private=True, interval_s=600)
    assert len(report.added) == 6


def test_export_then_import_into_empty_store_is_lossless(store: Store, tmp_path: Path) -> None:
    import_opml(store, (DATA / "nested_folders.opml").read_bytes(), allow_private=False,
                interval_s=600)
    telegram = store.add_source("https://t.me/s/lanterndaily", name="Lantern channel",
                                kind="telegram", interval_s=600, folder="Channels")
    assert telegram.kind == "telegram"
    exported = export_opml(store)
    with open_store(tmp_path / "empty.db") as empty:
        report = import_opml(empty, exported, allow_private=False, interval_s=600)
        assert report.rejected == []

        def view(s: Store) -> list[tuple[object, ...]]:
            return sorted((x.url, x.name, x.kind, x.folder, x.settings.get("site_url"))
                          for x in s.list_sources())

        assert view(empty) == view(store)


def test_thousands_of_sources_in_one_import(store: Store) -> None:
    outlines = [Outline(f"https://outlet{n}.example/feed.xml", f"Outlet {n}",
                        folder=f"Region {n % 7}") for n in range(2000)]
    report = import_opml(store, write_opml(outlines), allow_private=False, interval_s=600)
    assert len(report.added) == 2000
    again = import_opml(store, write_opml(outlines), allow_private=False, interval_s=600)
    assert (len(again.added), len(again.present)) == (0, 2000)


def test_settings_change_columns_and_settings(store: Store) -> None:
    source = store.add_source("https://a.example/feed", name="A", kind="feed", interval_s=600)
    changed = change_settings(store, source.id, [
        "name=Agency A", "folder=News/Agencies", "paused=true", "min-interval=120",
        "full_text=false", "body_selector=article .body", "original_source=Meridian, Economy"])
    assert (changed.name, changed.folder, changed.status) == ("Agency A", "News/Agencies",
                                                              "paused")
    assert changed.settings == {"min_interval": 120.0, "full_text": False,
                                "body_selector": "article .body",
                                "original_source": "Meridian, Economy"}
    store.update_source(source.id, status="disabled", error_count=10)
    resumed = change_settings(store, source.id, ["paused=no", "body_selector=",
                                                 "min_interval=", "full_text="])
    assert (resumed.status, resumed.error_count) == ("active", 0)
    assert resumed.settings == {"original_source": "Meridian, Economy"}  # KEY= resets


@pytest.mark.parametrize(("assignment", "message"), [
    ("colour=blue", "unknown setting"),
    ("min_interval=soon", "not a number"),
    ("min_interval=1", "between"),
    ("paused=maybe", "not true or false"),
    ("language=english!", "not a language code"),
    ("body_selector=a[[", "not a valid CSS selector"),
    ("name=", "must not be empty"),
    ("novalue", "not KEY=VALUE"),
])
def test_bad_settings_are_refused(store: Store, assignment: str, message: str) -> None:
    source = store.add_source("https://a.example/feed", name="A", kind="feed", interval_s=600)
    with pytest.raises(SettingError, match=message):
        change_settings(store, source.id, [assignment])
    assert store.get_source(source.id).settings == {}


def test_interval_bounds_must_agree(store: Store) -> None:
    source = store.add_source("https://a.example/feed", name="A", kind="feed", interval_s=600)
    with pytest.raises(SettingError, match="min_interval must not be longer"):
        change_settings(store, source.id, ["min_interval=900", "max_interval=300"])
