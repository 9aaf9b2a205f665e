"""The two worked template examples of README.md, run as a user would run them."""

from __future__ import annotations

import re

from conftest import REPO


def _block_after(heading: str, language: str, index: int = 0) -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index(heading):]
    return re.findall(rf"```{language}\n(.*?)```", section, re.S)[index]


def test_worked_example_1_changes_the_paper_page(project, run_cli):
    script = _block_after("### Worked example 1", "sh")
    template = re.search(r"<<'HTML'\n(.*?)HTML\n", script, re.S).group(1)
    folder = project / "my-templates"
    folder.mkdir()
    (folder / "paper.html").write_text(template, encoding="utf-8")
    result = run_cli("--templates", str(folder), cwd=project)
    assert result.exit_code == 0, result.output
    html = (project / "site" / "papers" / "scaling-graph-neural-networks" / "index.html"
            ).read_text(encoding="utf-8")
    assert html.index("Why I read it") < html.index("<h1>Scaling Graph Neural Networks</h1>")
    index = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "Why I read it" not in index


def test_worked_example_2_adds_a_field_to_the_index(project, run_cli):
    line = _block_after("### Worked example 2", "jinja")
    folder = project / "my-templates" / "partials"
    folder.mkdir(parents=True)
    card = (REPO / "templates" / "partials" / "paper_card.html").read_text(encoding="utf-8")
    marker = '<p class="paper-card__meta">'
    assert marker in card
    (folder / "paper_card.html").write_text(card.replace(marker, marker + "\n" + line),
                                            encoding="utf-8")
    result = run_cli("--templates", str(project / "my-templates"), cwd=project)
    assert result.exit_code == 0, result.output
    index = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert index.count("<span>in 1 list</span>") == 2
