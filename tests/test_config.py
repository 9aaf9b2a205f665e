"""site.toml: typed settings, and errors that name the file, the line and the fix."""

from __future__ import annotations

import pytest

from generator.config import load_config
from generator.errors import ConfigError


def write(tmp_path, text: str):
    path = tmp_path / "site.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_when_empty(tmp_path):
    config = load_config(write(tmp_path, ""))
    assert config.build.sources == ("content/sources",)
    assert config.build.output == "site"
    assert config.dedup.match_weight == 14.0
    assert config.root == tmp_path.resolve()


def test_values_are_read(tmp_path):
    config = load_config(write(tmp_path, '[site]\ntitle = "Mine"\n[build]\nitems_per_page = 10\n'
                                         '[[site.nav]]\ntitle = "About"\nurl = "about/"\n'))
    assert config.site.title == "Mine"
    assert config.build.items_per_page == 10
    assert config.site.nav[0].url == "about/"


def test_unknown_key_names_file_line_and_nearest_key(tmp_path):
    path = write(tmp_path, '[site]\ntitle = "x"\n\n[build]\nitems_per_pag = 3\n')
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert error.value.message == (
        f"{path}:5: unknown key `build.items_per_pag`; did you mean `items_per_page`?")


def test_unknown_section(tmp_path):
    path = write(tmp_path, "[dedupe]\n")
    with pytest.raises(ConfigError, match=r"unknown key `dedupe`; did you mean `dedup`\?"):
        load_config(path)


def test_wrong_type_is_named(tmp_path):
    path = write(tmp_path, '[build]\nitems_per_page = "ten"\n')
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert error.value.message == (
        f"{path}:2: `build.items_per_page` must be an int, not 'ten'")


def test_invalid_toml_names_line(tmp_path):
    path = write(tmp_path, '[site]\ntitle = "unterminated\n')
    with pytest.raises(ConfigError, match=r"site.toml:2: not valid TOML"):
        load_config(path)


def test_duplicate_and_invalid_tag_slugs(tmp_path):
    tag = '[[tags]]\nslug = "{}"\nname = "A"\nterms = ["a"]\n'
    with pytest.raises(ConfigError, match="used twice"):
        load_config(write(tmp_path, tag.format("a") + tag.format("a")))
    with pytest.raises(ConfigError, match="lower-case letters"):
        load_config(write(tmp_path, tag.format("Bad Slug")))


def test_tag_without_terms(tmp_path):
    with pytest.raises(ConfigError, match="has no terms"):
        load_config(write(tmp_path, '[[tags]]\nslug = "a"\nname = "A"\n'))


@pytest.mark.parametrize("section, line, key, message", [
    ("build", "items_per_page = -1", "build.items_per_page", "must be at least 0"),
    ("build", "excerpt_length = -5", "build.excerpt_length", "must be at least 1"),
    ("build", "excerpt_length = 0", "build.excerpt_length", "must be at least 1"),
    ("dedup", "match_weight = -1", "dedup.match_weight", "must be at least 0"),
    ("dedup", "abstract_veto = -1.5", "dedup.abstract_veto", "must be from 0 to 100"),
    ("dedup", "abstract_veto = 101", "dedup.abstract_veto", "must be from 0 to 100"),
    ("site", 'language = "en\\"><script>"', "site.language", "must be a BCP 47 language tag"),
    ("site", 'language = "english"', "site.language", "must be a BCP 47 language tag"),
    ("site", 'language = ""', "site.language", "must be a BCP 47 language tag"),
])
def test_out_of_range_settings_name_key_and_line(tmp_path, section, line, key, message):
    other = "build" if section == "site" else "site"
    path = write(tmp_path, f'# settings\n[{other}]\n\n\n[{section}]\n{line}\n')
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert error.value.message.startswith(f"{path}:6: `{key}` = ")
    assert message in error.value.message


@pytest.mark.parametrize("tag", ["en", "de-CH", "zh-Hant-TW", "sr-Latn", "es-419", "en-GB-oxendict",
                                 "en-x-abc"])
def test_bcp47_language_tags_are_accepted(tmp_path, tag):
    assert load_config(write(tmp_path, f'[site]\nlanguage = "{tag}"\n')).site.language == tag


def test_settings_at_their_bounds_are_accepted(tmp_path):
    config = load_config(write(tmp_path, "[build]\nitems_per_page = 0\nexcerpt_length = 1\n"
                                         "[dedup]\nmatch_weight = 0\nabstract_veto = 100\n"))
    assert config.build.items_per_page == 0 and config.dedup.abstract_veto == 100.0


def test_config_that_is_not_utf8_names_file_and_line(tmp_path):
    path = tmp_path / "site.toml"
    path.write_bytes(b'[site]\ntitle = "Caf\xe9"\n')
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert error.value.message == f"{path}:2: not valid UTF-8; save the file as UTF-8 (TOML " \
        "files must be)"


def test_config_not_utf8_through_the_cli_is_a_message(tmp_path, run_cli):
    (tmp_path / "site.toml").write_bytes(b'[site]\ntitle = "Caf\xe9"\n')
    result = run_cli(cwd=tmp_path)
    assert result.exit_code == 1
    assert "site.toml:2: not valid UTF-8" in result.output
    assert "Traceback" not in result.output and "internal error" not in result.output


def test_keyword_tags_is_on_by_default_and_must_be_true_or_false(tmp_path):
    assert load_config(write(tmp_path, "")).build.keyword_tags is True
    assert load_config(write(tmp_path, "[build]\nkeyword_tags = false\n")).build.keyword_tags \
        is False
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, '[build]\nkeyword_tags = "no"\n'))
    assert "keyword_tags" in caught.value.message and ":2" in caught.value.message
