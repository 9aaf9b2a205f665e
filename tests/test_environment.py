"""The build's Jinja environment (generator/site/environment.py) renders as Jinja's own does."""

from __future__ import annotations

import jinja2
import pytest

from generator.site.environment import ContextFree, PageContext, SiteEnvironment

TEMPLATES = {
    "macros.html": "{% macro shout(x) %}{{ x|upper }}{{ mark }}{% endmacro %}",
    "base.html": "<{% block body %}{% endblock %}>",
    "page.html": (
        '{% extends "base.html" %}{% from "macros.html" import shout %}'
        "{% block body %}{% for w in words %}{{ link(w) }}|{{ w.split('-')|join(',') }}|"
        "{{ where() }}|{{ shout(w) }};{% endfor %}{% endblock %}"
    ),
}


class Link(ContextFree):
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, target: str) -> str:
        self.calls += 1
        return f"/{target}/"


@jinja2.pass_context
def where(context: jinja2.runtime.Context) -> str:
    return context["place"]


def render(env_class: type[jinja2.Environment], **variables: object) -> str:
    env = env_class(loader=jinja2.DictLoader(TEMPLATES), autoescape=True)
    env.globals["mark"] = "!"
    return env.get_template("page.html").render(variables, where=where, place="here")


def test_pages_render_as_with_jinjas_own_environment() -> None:
    link = Link()
    words = ["a-b", "c"]
    ours = render(SiteEnvironment, words=words, link=link)
    assert ours == render(jinja2.Environment, words=words, link=Link())
    assert ours == "</a-b/|a,b|here|A-B!;/c/|c|here|C!;>"
    assert link.calls == 2  # called once per use, inside a loop and a block


def test_a_function_that_takes_the_context_still_gets_it() -> None:
    env = SiteEnvironment()
    template = env.from_string("{% for x in [1] %}{{ where() }}{% endfor %}")
    assert isinstance(template.new_context(), PageContext)
    assert template.render(where=where, place="inside the loop") == "inside the loop"


@pytest.mark.parametrize("callable_name", ["builtin", "context_free"])
def test_a_stopiteration_is_an_undefined_value_as_in_jinja(callable_name: str) -> None:
    class Stop(ContextFree):
        def __call__(self, *args: object) -> None:
            raise StopIteration

    stop = next if callable_name == "builtin" else Stop()
    env = SiteEnvironment(undefined=jinja2.StrictUndefined)
    template = env.from_string("{{ stop(empty) }}")
    with pytest.raises(jinja2.UndefinedError, match="StopIteration"):
        template.render(stop=stop, empty=iter(()))


def test_template_globals_overlay_the_environments() -> None:
    env = SiteEnvironment(loader=jinja2.DictLoader({"t.html": "{{ a }}{{ b }}"}))
    env.globals.update(a="env-a", b="env-b")
    template = env.get_template("t.html", globals={"b": "template-b"})
    assert template.render() == "env-atemplate-b"
    assert type(template.globals) is dict  # a plain copy, not a ChainMap over the environment's
    assert env.globals["b"] == "env-b"  # the environment's own are left as they were
