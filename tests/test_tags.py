"""Tagging from the taxonomy: whole words, case rules, plurals, title versus abstract."""

from __future__ import annotations

from conftest import SHIPPED

from generator.config import TagRule, load_config
from generator.models import Paper
from generator.tags import Tag, Tagger, build_taxonomy, keyword_tags, tag_papers


def paper(title: str, abstract: str = "", keywords: tuple[str, ...] = ()) -> Paper:
    return Paper(slug="p", title=title, abstract=abstract, records=(), titles=(title,),
                 keywords=keywords)


def tags_for(terms: list[str], title: str, abstract: str = "") -> tuple[str, ...]:
    taxonomy = build_taxonomy([TagRule(slug="t", name="T", terms=tuple(terms))])
    return tag_papers([paper(title, abstract)], taxonomy)[0].tags


def test_acronym_respects_word_boundaries():
    assert tags_for(["GAN"], "A GAN for faces") == ("t",)
    assert tags_for(["GAN"], "Deep networks for organ segmentation") == ()
    assert tags_for(["GAN"], "StyleGAN2 and friends") == ()


def test_acronym_matches_case_exactly_but_words_do_not():
    assert tags_for(["GAN"], "how to gan a network") == ()
    assert tags_for(["pruning"], "PRUNING Networks") == ("t",)


def test_plural_and_hyphen_or_space():
    assert tags_for(["transformer"], "Vision Transformers at scale") == ("t",)
    assert tags_for(["mixture of experts"], "Sparse Mixture-of-Experts layers") == ("t",)
    assert tags_for(["GNN"], "Subgraph GNNs are expressive") == ("t",)


def test_abstract_needs_two_mentions_title_needs_one():
    once = "Unlike transformers, our model is a simple convolutional network for images."
    twice = once + " We compare with a transformer baseline."
    assert tags_for(["transformer"], "A model", once) == ()
    assert tags_for(["transformer"], "A model", twice) == ("t",)


def test_nested_terms_of_different_tags_both_count():
    taxonomy = build_taxonomy([
        TagRule(slug="diffusion", name="D", terms=("diffusion transformer",)),
        TagRule(slug="transformers", name="T", terms=("transformer",)),
    ])
    tagged = tag_papers([paper("Scaling Diffusion Transformers")], taxonomy)[0]
    assert tagged.tags == ("diffusion", "transformers")


def test_nested_terms_of_one_tag_count_once():
    tagger = Tagger(build_taxonomy([
        TagRule(slug="t", name="T", terms=("vision transformer", "transformer")),
    ]))
    assert tagger.mentions("a vision transformer")["t"] == 1


def test_tags_come_in_taxonomy_order():
    taxonomy = build_taxonomy([
        TagRule(slug="b", name="B", terms=("pruning",)),
        TagRule(slug="a", name="A", terms=("graph",)),
    ])
    assert tag_papers([paper("Graph pruning")], taxonomy)[0].tags == ("b", "a")


def test_shipped_taxonomy_is_valid_and_described():
    config = load_config(SHIPPED / "site.toml")
    assert len(config.tags) >= 10
    for rule in config.tags:
        assert rule.name and rule.description and rule.terms
    wanted = {"graph-neural-networks", "pruning-sparsity", "mixture-of-experts",
              "architecture-search", "diffusion-models", "recurrent-networks",
              "transformers-attention", "associative-memory", "object-detection", "segmentation"}
    assert wanted <= {rule.slug for rule in config.tags}


# --- keywords the sources give -----------------------------------------------------------------

GAN_AND_RL = [
    TagRule(slug="gan", name="GANs", terms=("GAN", "generative adversarial network")),
    TagRule(slug="reinforcement-learning", name="Reinforcement learning",
            terms=("policy gradient",)),
]


def test_keyword_naming_a_taxonomy_tag_joins_it_by_name_slug_or_term_in_any_case():
    taxonomy = build_taxonomy(GAN_AND_RL)
    for keyword in ["Reinforcement Learning", "reinforcement-learning", "gans", "gan",
                    "Generative Adversarial Networks", "POLICY GRADIENT"]:
        tagged = tag_papers([paper("A model", keywords=(keyword,))], taxonomy)[0]
        assert tagged.tags, keyword
    assert tag_papers([paper("A model", keywords=("Reinforcement learning",))],
                      taxonomy)[0].tags == ("reinforcement-learning",)


def test_keyword_tags_are_made_for_the_other_keywords_with_the_most_common_spelling():
    taxonomy = build_taxonomy(GAN_AND_RL)
    papers = [paper("A", keywords=("GAN", "Computer Vision")),
              paper("B", keywords=("computer vision", "Optimization")),
              paper("C", keywords=("Computer Vision",)),
              paper("D", keywords=("!!!", "Reinforcement learning"))]
    made = keyword_tags(papers, taxonomy)
    assert made == [Tag("computer-vision", "Computer Vision", "", ()),
                    Tag("optimization", "Optimization", "", ())]
    tagged = tag_papers(papers, taxonomy + made)
    assert [p.tags for p in tagged] == [("gan", "computer-vision"),
                                        ("computer-vision", "optimization"),
                                        ("computer-vision",), ("reinforcement-learning",)]


def test_keywords_do_not_tag_papers_that_lack_them():
    taxonomy = build_taxonomy(GAN_AND_RL)
    papers = [paper("A", keywords=("Optimization",)), paper("Unrelated title")]
    tagged = tag_papers(papers, taxonomy + keyword_tags(papers, taxonomy))
    assert [p.tags for p in tagged] == [("optimization",), ()]


def test_keywords_in_any_script_become_tags_with_transliterated_slugs():
    taxonomy = build_taxonomy(GAN_AND_RL)
    papers = [paper("A", keywords=("обучение", "深度学习"))]
    made = keyword_tags(papers, taxonomy)
    assert [t.slug for t in made] == ["obuchenie", "shen-du-xue-xi"]
    assert tag_papers(papers, taxonomy + made)[0].tags == ("obuchenie", "shen-du-xue-xi")
