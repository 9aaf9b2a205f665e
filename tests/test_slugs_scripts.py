"""Slugs for titles in every script, the same whatever the order of the input; notes in
folders below content/notes are read, pages there are warned about."""

from __future__ import annotations

import random

import pytest

from generator.dedup.merge import merge_clusters
from generator.models import Provenance, Record
from generator.slugs import slugify

TITLES = {
    "深度学习中的注意力机制": "shen-du-xue-xi-zhong-de-zhu-yi-li-ji-zhi",
    "التعلم العميق للشبكات": "ltlm-lmyq-llshbkt",
    "🚀🔥": "rocket-fire",
    "😀 A Happy Paper": "grinning-a-happy-paper",
    "Глубокое обучение": "glubokoe-obuchenie",
    "日本語のタイトル": "ri-ben-yunotaitoru",
    "한국어 제목": "hangugeo-jemog",
    "GPT深度学习": "gpt-shen-du-xue-xi",
}


@pytest.mark.parametrize("title, slug", TITLES.items())
def test_titles_in_any_script_are_transliterated(title, slug):
    assert slugify(title) == slug


def test_a_title_with_nothing_to_transliterate_gets_a_hash_of_itself():
    one, two = slugify("\u200b\u2063"), slugify("\u2060")
    assert one.startswith("paper-") and two.startswith("paper-") and one != two
    assert slugify("\u200b\u2063") == one


def _papers(titles):
    return merge_clusters([[Record(title=t, source=Provenance(f"f{i}.txt", 1))]
                           for i, t in enumerate(titles)])


def test_slugs_do_not_depend_on_the_input_order_or_on_other_papers():
    titles = [*TITLES, "\u200b", "\u2060", "🚀🔥!", "深度学习"]
    first = {p.title: p.slug for p in _papers(titles)}
    for seed in range(5):
        shuffled = [*titles, "注意力", "\u2063", "🙂"]  # more papers, in another order
        random.Random(seed).shuffle(shuffled)
        slugs = {p.title: p.slug for p in _papers(shuffled)}
        assert {title: slugs[title] for title in first} == first
    assert len(set(first.values())) == len(titles)


def test_cjk_titles_no_longer_share_one_numbered_slug():
    slugs = {p.slug for p in _papers(["深度学习", "注意力机制", "图神经网络"])}
    assert not any(s.startswith("paper") for s in slugs) and len(slugs) == 3


NOTE = '+++\nstatus = "read"\n+++\nMy note on this paper.\n'


def test_a_note_in_a_folder_below_notes_is_read(project, run_cli):
    notes = project / "content" / "notes" / "sub"
    notes.mkdir(parents=True)
    (notes / "scaling-graph-neural-networks.md").write_text(NOTE)
    hidden = project / "content" / "notes" / ".obsidian"
    hidden.mkdir()
    (hidden / "talking-heads-with-a-depth-aware-gan.md").write_text(NOTE)
    result = run_cli(cwd=project)
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output
    page = project / "site" / "papers" / "scaling-graph-neural-networks" / "index.html"
    assert "My note on this paper." in page.read_text()
    other = project / "site" / "papers" / "talking-heads-with-a-depth-aware-gan" / "index.html"
    assert "My note on this paper." not in other.read_text()


def test_a_page_in_a_folder_below_pages_is_warned_about(project, run_cli):
    pages = project / "content" / "pages" / "drafts"
    pages.mkdir(parents=True)
    (pages / "about.md").write_text("# About\n")
    result = run_cli(cwd=project)
    assert result.exit_code == 0
    assert "content/pages/drafts/about.md: pages in a folder below content/pages are not " \
           "published; move the file up into content/pages" in result.output
