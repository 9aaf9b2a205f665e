"""The output subsystem's parts on their own (generator/output/): the staging folder, the site's
state and signatures, the manifest, what a rebuild may reuse, and the deferred search."""

from __future__ import annotations

import os
from pathlib import Path

from generator.cache import BuildCache
from generator.output.files import Keyed, SiteFiles
from generator.output.guard import MARKER
from generator.output.manifest import FORMAT, Entry, Manifest, content_digest
from generator.output.pending import PendingSearch
from generator.output.reuse import Reuse
from generator.output.staging import Staging
from generator.output.state import SiteState
from generator.output.write import write_output
from generator.signature import Signature


def site_of(tmp_path: Path, files: dict[str, bytes]) -> Path:
    """A site as a previous build left it, with its manifest."""
    site = tmp_path / "site"
    written = SiteFiles()
    for path, content in files.items():
        written.add(path, content)
    write_output(written, site)
    return site


def manifest_of(site: Path, **keys: str) -> Manifest:
    state = SiteState.read(site)
    return Manifest("site-key", {}, {p: Entry(content_digest((site / p).read_bytes()), s)
                                     for p, s in state.files.items()}, dict(keys))


def test_staging_is_beside_the_site_marked_and_gone_afterwards(tmp_path):
    site = tmp_path / "site"
    with Staging(site) as staging:
        assert staging.folder.parent == tmp_path and staging.folder.name.startswith(".site-new-")
        assert (staging.folder / MARKER).is_file()
        staging.write("a/b/c.html", b"deep")
        assert (staging.folder / "a" / "b" / "c.html").read_bytes() == b"deep"
    assert list(tmp_path.iterdir()) == []  # nothing swapped in, nothing left


def test_move_in_replaces_changed_files_removes_stale_ones_and_leaves_the_rest(tmp_path):
    site = site_of(tmp_path, {"same.html": b"same", "changed.html": b"old", "gone/x.html": b"x"})
    same_before = (site / "same.html").stat()
    with Staging(site) as staging:
        staging.write("changed.html", b"new")
        staging.write("added/y.html", b"y")
        placed = staging.move_in(stale=["changed.html", "gone/x.html"])
    assert (site / "changed.html").read_bytes() == b"new"
    assert (site / "added" / "y.html").read_bytes() == b"y"
    assert not (site / "gone").exists()  # the emptied folder went with its file
    assert (site / "same.html").stat().st_mtime_ns == same_before.st_mtime_ns
    assert (site / "same.html").stat().st_ino == same_before.st_ino
    assert placed["changed.html"] == Signature.read(site / "changed.html")


def test_move_in_never_writes_through_a_link(tmp_path):
    site = site_of(tmp_path, {"index.html": b"i"})
    outside = tmp_path / "outside"
    outside.mkdir()
    (site / "papers").symlink_to(outside, target_is_directory=True)
    state = SiteState.read(site)
    assert state.others == ["papers"]
    with Staging(site) as staging:
        staging.write("papers/a.html", b"a")
        staging.move_in(stale=[], first=state.others)
    assert list(outside.iterdir()) == []
    assert (site / "papers").is_dir() and not (site / "papers").is_symlink()


def test_signature_changes_with_any_write_even_with_its_times_restored(tmp_path):
    file = tmp_path / "f.html"
    file.write_bytes(b"one")
    before = Signature.read(file)
    stat = file.stat()
    file.write_bytes(b"two")  # same size
    os.utime(file, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert Signature.read(file) != before  # the change time moved
    (tmp_path / "link").symlink_to(file)
    assert Signature.read(tmp_path / "link") is None
    assert Signature.read(tmp_path / "link", follow_links=True) == Signature.read(file)


def test_manifest_knows_an_intact_site_from_a_touched_one(tmp_path):
    site = site_of(tmp_path, {"a.html": b"a", "b.html": b"b"})
    manifest = manifest_of(site)
    assert manifest.intact(SiteState.read(site))
    assert manifest.untouched(SiteState.read(site), "a.html", content_digest(b"a"))
    assert not manifest.untouched(SiteState.read(site), "a.html", content_digest(b"other"))
    (site / "extra.html").write_bytes(b"by hand")
    assert not manifest.intact(SiteState.read(site))
    (site / "extra.html").unlink()
    (site / "b.html").write_bytes(b"B")
    assert not manifest.intact(SiteState.read(site))
    assert not manifest.untouched(SiteState.read(site), "b.html")


def test_reuse_answers_its_three_questions(tmp_path):
    site = site_of(tmp_path, {"keyed.json": b"[]", "page.html": b"<p>", "same.css": b"x"})
    reuse = Reuse(manifest_of(site, **{"keyed.json": "k1"}), SiteState.read(site), site)
    assert reuse.keyed("keyed.json", "k1") and not reuse.keyed("keyed.json", "k2")
    assert reuse.vouched("page.html") and not reuse.vouched("never-written.html")
    assert reuse.same("same.css", b"x") and not reuse.same("same.css", b"y")
    assert reuse.digests["same.css"] == content_digest(b"y")  # the new content's, for the record
    assert reuse.digests["keyed.json"] == content_digest(b"[]")


def test_reuse_compares_the_bytes_of_files_it_never_digested(tmp_path):
    site = site_of(tmp_path, {"pagefind/pagefind-entry.json": b"{}"})
    manifest = manifest_of(site)
    entry = manifest.files["pagefind/pagefind-entry.json"]
    manifest.files["pagefind/pagefind-entry.json"] = Entry("", entry.signature)  # Pagefind's
    reuse = Reuse(manifest, SiteState.read(site), site)
    assert reuse.same("pagefind/pagefind-entry.json", b"{}")
    assert not reuse.same("pagefind/pagefind-entry.json", b"{ }")


def test_a_rebuild_writes_only_what_changed(tmp_path):
    site = site_of(tmp_path, {"keyed.json": b"[]", "a.html": b"a", "old.html": b"old"})
    manifest = manifest_of(site, **{"keyed.json": "k1"})
    before = {p: (site / p).stat().st_mtime_ns for p in ("keyed.json", "a.html")}
    made: list[str] = []
    files = SiteFiles()
    files.add("keyed.json", Keyed("k1", lambda: made.append("keyed") or b"[]"))
    files.add("a.html", lambda: b"a")
    files.add("b.html", "b")
    found = write_output(files, site, Reuse(manifest, SiteState.read(site), site))
    assert made == []  # its key is the previous one: not even made
    assert {p: (site / p).stat().st_mtime_ns for p in before} == before
    assert sorted(found) == sorted([MARKER, "keyed.json", "a.html", "b.html"])
    assert not (site / "old.html").exists()


def test_pending_search_does_nothing_once_another_build_replaced_the_site(tmp_path):
    site = site_of(tmp_path, {"index.html": b"i"})
    store = BuildCache(tmp_path / ".site-cache")
    first = manifest_of(site)
    store.put("manifest", FORMAT, first)
    pending = PendingSearch(site, [], "en", first, "complete", store, "manifest")
    store.put("manifest", FORMAT, Manifest("a later build's"))
    assert pending.run() is False
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site-cache", "site"]
