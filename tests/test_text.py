"""Cleaning of listing text (generator.text) and URL-safe names (generator.slugs)."""

from __future__ import annotations

import re
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.slugs import MAX_LENGTH, assign_slugs, slugify
from generator.text import clean_latex, clean_title, find_urls, fold, is_code_url, trim_url

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
PLAIN_WORD = st.text(alphabet=string.ascii_letters + string.digits, min_size=1, max_size=10)
PLAIN_TEXT = st.lists(PLAIN_WORD, min_size=1, max_size=8).map(" ".join)


# --- clean_latex -------------------------------------------------------------------------------


def test_em_group_becomes_an_emphasis_span_on_the_inner_words():
    cleaned = clean_latex(r"the phenomenon of {\em replica symmetry breaking} in networks")
    assert cleaned.text == "the phenomenon of replica symmetry breaking in networks"
    assert [cleaned.text[a:b] for a, b in cleaned.emphasis] == ["replica symmetry breaking"]


def test_emph_and_textit_commands_become_emphasis_spans():
    cleaned = clean_latex(r"an \emph{important} and \textit{subtle} point")
    assert cleaned.text == "an important and subtle point"
    assert [cleaned.text[a:b] for a, b in cleaned.emphasis] == ["important", "subtle"]


def test_emphasis_offsets_stay_right_after_earlier_replacements():
    cleaned = clean_latex(r"With {\rho} and \eg~this, 100\% of {\em glassiness} remains")
    assert cleaned.text == "With ρ and e.g. this, 100% of glassiness remains"
    (start, end), = cleaned.emphasis
    assert cleaned.text[start:end] == "glassiness"


def test_bold_group_loses_its_markup_without_an_emphasis_span():
    cleaned = clean_latex(r"a {\bf bold} and \textbf{strong} claim")
    assert cleaned.text == "a bold and strong claim"
    assert cleaned.emphasis == ()


def test_literal_backslash_n_becomes_a_space():
    assert clean_latex(r"biologically inspired network of \n locally-interacting").text == (
        "biologically inspired network of locally-interacting"
    )
    assert clean_latex(r"first line\nsecond line").text == "first line second line"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(r"{\rho}", "ρ"), (r"{\alpha}", "α"), (r"{\Omega}", "Ω"), (r"$\tau$", "τ"),
     (r"\beta-VAE", "β-VAE")],
)
def test_greek_letter_commands_become_unicode_letters(raw, expected):
    assert clean_latex(raw).text == expected


@pytest.mark.parametrize("raw", [r"{\nu}", r"$\nu$", r"the \nu parameter"])
def test_nu_is_a_greek_letter_not_a_literal_newline(raw):
    assert "ν" in clean_latex(raw).text


def test_spearman_rho_from_the_shipped_listing():
    assert clean_latex(r"evaluated by Spearman's {\rho} and Kendall's Tau.").text == (
        "evaluated by Spearman's ρ and Kendall's Tau."
    )


def test_abbreviation_commands_expand_and_keep_the_following_space():
    assert clean_latex(r"rewards, \eg~progress, \ie~speed").text == (
        "rewards, e.g. progress, i.e. speed"
    )


def test_unknown_macro_is_kept_rather_than_guessed():
    assert clean_latex(r"we propose \tool, a general approach").text == (
        r"we propose \tool, a general approach"
    )


def test_escaped_characters_and_short_inline_math_are_unwrapped():
    assert clean_latex(r"100\% of $μ$ and $x^2$ at \$5").text == "100% of μ and x^2 at $5"


def test_whitespace_is_collapsed_and_trimmed():
    assert clean_latex("  two   spaces\tand a tab  ").text == "two spaces and a tab"


@given(before=PLAIN_TEXT, inner=PLAIN_TEXT, after=PLAIN_TEXT)
def test_emphasis_span_always_points_at_the_emphasised_words(before, inner, after):
    cleaned = clean_latex(f"{before} {{\\em {inner}}} {after}")
    assert cleaned.text == f"{before} {inner} {after}"
    assert [cleaned.text[a:b] for a, b in cleaned.emphasis] == [inner]


@given(PLAIN_TEXT)
def test_plain_text_passes_through_unchanged(text):
    assert clean_latex(text).text == text
    assert clean_latex(text).emphasis == ()


# --- clean_title -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    ["Hopfield Networks is All You Need*", "Hopfield Networks is All You Need *",
     "Hopfield Networks is All You Need**", "  Hopfield   Networks is All You Need  "],
)
def test_clean_title_removes_stray_star_and_extra_spaces(raw):
    assert clean_title(raw) == "Hopfield Networks is All You Need"


def test_clean_title_keeps_an_inner_star_and_plus_signs():
    assert clean_title("A* Search for DaGAN++") == "A* Search for DaGAN++"


# --- URLs --------------------------------------------------------------------------------------


def test_find_urls_drops_the_sentence_full_stop():
    text = "Code is available at https://github.com/harlanhong/CVPR2022-DaGAN."
    assert find_urls(text) == ("https://github.com/harlanhong/CVPR2022-DaGAN",)


def test_find_urls_drops_other_trailing_punctuation():
    text = "see https://github.com/a/b, https://gitlab.com/c/d; and https://example.org/e!"
    assert find_urls(text) == (
        "https://github.com/a/b", "https://gitlab.com/c/d", "https://example.org/e"
    )


def test_find_urls_drops_an_enclosing_parenthesis_but_keeps_a_balanced_one():
    text = "(code: https://github.com/a/b). See https://en.wikipedia.org/wiki/Foo_(bar)."
    assert find_urls(text) == ("https://github.com/a/b", "https://en.wikipedia.org/wiki/Foo_(bar)")


def test_find_urls_lists_a_repeated_link_once_in_first_seen_order():
    text = "http://b.org/x and https://github.com/a/b. Again https://github.com/a/b."
    assert find_urls(text) == ("http://b.org/x", "https://github.com/a/b")


def test_find_urls_finds_nothing_in_plain_text():
    assert find_urls("No links here. Not even github.com without a scheme.") == ()


@pytest.mark.parametrize(
    ("url", "expected"),
    [("https://github.com/a/b.", "https://github.com/a/b"),
     ("https://github.com/a/b.).", "https://github.com/a/b"),
     ("https://x.org/p?q=1'", "https://x.org/p?q=1"),
     ("https://x.org/f_(g)", "https://x.org/f_(g)"),
     ("https://x.org/a/b", "https://x.org/a/b")],
)
def test_trim_url(url, expected):
    assert trim_url(url) == expected


@given(st.text(alphabet=string.ascii_letters + "/.,;:!?()'\"", max_size=30))
def test_trim_url_only_removes_a_suffix_and_never_leaves_sentence_punctuation(tail):
    url = "https://github.com/" + tail
    trimmed = trim_url(url)
    assert url.startswith(trimmed)
    assert not trimmed.endswith(tuple(".,;:!?'\""))


@pytest.mark.parametrize(
    "url",
    ["https://github.com/a/b", "http://GitHub.com/a", "https://www.github.com/a",
     "https://gitlab.com/a/b", "https://huggingface.co/spaces/x", "https://codeberg.org/a",
     "https://bitbucket.org/a/b"],
)
def test_code_hosts_are_recognised(url):
    assert is_code_url(url)


@pytest.mark.parametrize(
    "url",
    ["https://example.org/project", "https://notgithub.com/a", "https://github.com.evil.org/a",
     "https://example.org/github.com/a", "https://arxiv.org/abs/2203.06605"],
)
def test_other_hosts_are_not_code_hosts(url):
    assert not is_code_url(url)


# --- fold --------------------------------------------------------------------------------------


def test_fold_ignores_case_punctuation_and_accents():
    assert fold("Réseaux-de-Neurones: l'Été!") == "reseaux de neurones l ete"
    assert fold("Réseaux-de-Neurones: l'Été!") == fold("reseaux de neurones, l ete")


def test_fold_treats_underscores_and_runs_of_spaces_as_one_gap():
    assert fold("  a__b   c\t d ") == "a b c d"


def test_fold_applies_unicode_case_folding_and_compatibility_forms():
    assert fold("Straße") == "strasse"
    assert fold("ﬁne-tuning") == "fine tuning"


def test_fold_keeps_letters_of_other_scripts():
    assert fold("Глубокие Сети") == "глубокие сети"


@given(st.text(max_size=60))
def test_fold_output_is_lower_case_single_spaced_and_trimmed(text):
    folded = fold(text)
    assert folded == folded.strip()
    assert "  " not in folded
    assert folded.casefold() == folded


# --- slugs -------------------------------------------------------------------------------------


def test_slugify_makes_a_readable_ascii_slug():
    assert slugify("DaGAN++: Depth-Aware Generative Adversarial Network") == (
        "dagan-depth-aware-generative-adversarial-network"
    )


def test_slugify_folds_accents_to_ascii():
    assert slugify("Réseaux de neurones à l'été") == "reseaux-de-neurones-a-l-ete"


@pytest.mark.parametrize("title", ["../../etc/passwd", "a/../b", "..", "/", "C:\\Windows\\x"])
def test_slugify_cannot_express_a_path(title):
    slug = slugify(title)
    assert "/" not in slug and "\\" not in slug and ".." not in slug
    assert SLUG.match(slug)


@pytest.mark.parametrize("title", ["", "   ", "!!!", "日本語のタイトル", "∑∫∂"])
def test_slugify_is_never_empty(title):
    slug = slugify(title)
    assert slug
    assert SLUG.match(slug)


def test_slugify_cuts_at_a_word_boundary_within_the_maximum_length():
    title = "Learning " * 30
    slug = slugify(title)
    assert len(slug) <= MAX_LENGTH
    assert slug.startswith("learning-learning")
    assert not slug.endswith("-") and slug.split("-") == ["learning"] * len(slug.split("-"))


def test_slugify_truncates_a_single_overlong_word():
    slug = slugify("x" * 200)
    assert slug == "x" * MAX_LENGTH


@given(st.text(max_size=200))
def test_slugify_output_always_matches_the_slug_pattern(title):
    slug = slugify(title)
    assert SLUG.match(slug), slug
    assert slug.isascii()
    assert len(slug) <= MAX_LENGTH


@given(st.text(max_size=200), st.integers(min_value=5, max_value=120))
def test_slugify_respects_any_reasonable_max_length(title, max_length):
    slug = slugify(title, max_length=max_length)
    assert SLUG.match(slug)
    assert len(slug) <= max_length


@given(st.text(alphabet=string.printable, max_size=80))
def test_slugify_ignores_case_and_surrounding_punctuation(title):
    assert slugify(title) == slugify(title.upper())
    assert slugify(title) == slugify(f"  {title}!  ")


def test_assign_slugs_numbers_repeats_in_order():
    assert assign_slugs(["Editorial", "Editorial", "Editorial"]) == [
        "editorial", "editorial-2", "editorial-3"
    ]


def test_assign_slugs_avoids_a_suffix_that_is_already_a_real_slug():
    slugs = assign_slugs(["A", "A", "A 2"])
    assert len(set(slugs)) == 3
    assert slugs[:2] == ["a", "a-2"]


@given(st.lists(st.text(alphabet="ab2 -", max_size=5), max_size=30))
def test_assign_slugs_are_unique_and_valid(titles):
    slugs = assign_slugs(titles)
    assert len(slugs) == len(titles)
    assert len(set(slugs)) == len(slugs)
    assert all(SLUG.match(s) for s in slugs)


@given(st.lists(PLAIN_TEXT, max_size=20, unique_by=slugify))
def test_assign_slugs_keeps_each_titles_own_slug_when_there_is_no_clash(titles):
    assert assign_slugs(titles) == [slugify(t) for t in titles]


@pytest.mark.parametrize(("raw", "shown"), [
    ("we call them ''Grokking tickets'', and ''good'' ones",
     "we call them \u201cGrokking tickets\u201d, and \u201cgood\u201d ones"),
    ("the ``lottery ticket'' idea", "the \u201clottery ticket\u201d idea"),
    ("``don't panic''", "\u201cdon't panic\u201d"),
    ("a ``quoted {\\em word}'' here", "a \u201cquoted word\u201d here"),
])
def test_tex_quotations_become_typographic_quotes(raw, shown):
    assert clean_latex(raw).text == shown


@pytest.mark.parametrize("raw", [
    "the second derivative f''(x) and g'' here",
    "the models' outputs and the authors' claims",
    "''an unclosed quote, and don't",
    "x'' and ''y",
])
def test_lone_tex_quotes_and_apostrophes_are_left_alone(raw):
    assert clean_latex(raw).text == raw
