"""Cleaning untrusted listing text: LaTeX traces, links, and the normal form used for matching."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .errors import Problems

GREEK = {
    name: chr(code)
    for name, code in {
        "alpha": 0x3B1, "beta": 0x3B2, "gamma": 0x3B3, "delta": 0x3B4, "epsilon": 0x3B5,
        "zeta": 0x3B6, "eta": 0x3B7, "theta": 0x3B8, "iota": 0x3B9, "kappa": 0x3BA,
        "lambda": 0x3BB, "mu": 0x3BC, "nu": 0x3BD, "xi": 0x3BE, "pi": 0x3C0, "rho": 0x3C1,
        "sigma": 0x3C3, "tau": 0x3C4, "upsilon": 0x3C5, "phi": 0x3C6, "chi": 0x3C7,
        "psi": 0x3C8, "omega": 0x3C9, "Gamma": 0x393, "Delta": 0x394, "Theta": 0x398,
        "Lambda": 0x39B, "Xi": 0x39E, "Pi": 0x3A0, "Sigma": 0x3A3, "Phi": 0x3A6,
        "Psi": 0x3A8, "Omega": 0x3A9,
    }.items()
}
ABBREVIATIONS = {"eg": "e.g.", "ie": "i.e.", "etal": "et al.", "vs": "vs."}

EMPHASIS = re.compile(r"\{\\(?:em|it|emph)\s+([^{}]*)\}|\\(?:emph|textit)\{([^{}]*)\}")
BOLD = re.compile(r"\{\\bf\s+([^{}]*)\}|\\textbf\{([^{}]*)\}")
BRACED_COMMAND = re.compile(r"\{\\([A-Za-z]+)\}")
BARE_COMMAND = re.compile(r"\\([A-Za-z]+)(~|\b)")
BRACED_SYMBOL = re.compile(r"\{([-+=/])\}")
ESCAPED_CHAR = re.compile(r"\\([%&#_$])")
SHORT_MATH = re.compile(r"\$([^$\s\\]{1,12})\$")
# a quotation in TeX's quotes, ``x'' (or ''x'' as abstracts pasted from LaTeX often have it): the
# opening quote starts a word, the closing one ends it, on one line; a lone '' (a second
# derivative f'', a plural possessive) is not a quotation and stays as it is
TEX_QUOTATION = re.compile(r"(?<![\w'`])(?:``|'')(?=[^\s'`])((?:[^`'\n]|'(?!')){1,300}?)"
                           r"(?<=[^\s'`])''(?![\w'])")
SPACES = re.compile(r"[ \t\u00a0]+")
LATEX_MARKS = re.compile(r"[\\{$`]")  # every pattern above but SPACES needs one (or '')
NON_WORD = re.compile(r"[\W_]+")
ASCII_PUNCTUATION = str.maketrans({c: " " for c in map(chr, range(128)) if not c.isalnum()})

URL = re.compile(r"https?://[^\s<>\"'{}|\\^`\[\]]+")
URL_TRAILING = ".,;:!?'\""
CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "huggingface.co")


@dataclass(frozen=True)
class CleanText:
    """Plain text plus the character spans (start, end) that the source emphasised."""

    text: str
    emphasis: tuple[tuple[int, int], ...] = ()


def _command(match: re.Match[str]) -> str:
    name = match.group(1)
    if name in GREEK:
        return GREEK[name]
    if name in ABBREVIATIONS:
        return ABBREVIATIONS[name] + (" " if match.group(0).endswith("~") else "")
    return match.group(0)  # an unknown macro (e.g. an unexpanded \tool) is kept, not guessed


def clean_latex(raw: str) -> CleanText:
    """Turn the LaTeX traces of an abstract into plain text, remembering emphasised spans."""
    if not LATEX_MARKS.search(raw) and "''" not in raw:  # no trace of LaTeX (most abstracts)
        return CleanText(collapse_spaces(raw).strip(), ())
    text = BOLD.sub(lambda m: m.group(1) or m.group(2) or "", raw)
    text = BRACED_COMMAND.sub(_command, text)
    text = BARE_COMMAND.sub(_command, text)
    text = text.replace("\\n", " ")  # after commands, so that \nu is still a Greek letter
    text = BRACED_SYMBOL.sub(r"\1", text)
    text = ESCAPED_CHAR.sub(r"\1", text)
    text = SHORT_MATH.sub(r"\1", text)
    text = TEX_QUOTATION.sub("\u201c\\1\u201d", text)
    text = collapse_spaces(text).strip()
    pieces: list[str] = []
    spans: list[tuple[int, int]] = []
    position = 0
    length = 0
    for match in EMPHASIS.finditer(text):
        before = text[position : match.start()]
        pieces.append(before)
        length += len(before)
        inner = (match.group(1) or match.group(2) or "").strip()
        spans.append((length, length + len(inner)))
        pieces.append(inner)
        length += len(inner)
        position = match.end()
    pieces.append(text[position:])
    return CleanText("".join(pieces), tuple(spans))


def collapse_spaces(text: str) -> str:
    """Runs of spaces, tabs and no-break spaces as one space. Most texts have none, and finding
    that costs a fraction of a substitution, which rebuilds the text at every space."""
    if "  " not in text and "\t" not in text and "\u00a0" not in text:
        return text
    return SPACES.sub(" ", text)


def clean_title(raw: str) -> str:
    """A title as shown: whitespace collapsed, the stray trailing `*` of some listings removed."""
    title = collapse_spaces(raw).strip()
    return title.rstrip("*").rstrip()


def find_urls(text: str) -> tuple[str, ...]:
    """Links in an abstract, without the sentence punctuation glued to their end."""
    found: list[str] = []
    for match in URL.finditer(text):
        url = trim_url(match.group(0))
        if url not in found:
            found.append(url)
    return tuple(found)


def trim_url(url: str) -> str:
    while url:
        if url[-1] in URL_TRAILING or url[-1] == ")" and url.count("(") < url.count(")"):
            url = url[:-1]
        else:
            break
    return url


def is_code_url(url: str) -> bool:
    host = url.split("://", 1)[-1].split("/", 1)[0].lower()
    return any(host == h or host.endswith("." + h) for h in CODE_HOSTS)


def fold(text: str) -> str:
    """Case, accents and punctuation folded away: the form in which two spellings compare."""
    if text.isascii():
        return " ".join(text.lower().translate(ASCII_PUNCTUATION).split())
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in decomposed if not unicodedata.combining(c))
    words = NON_WORD.sub(" ", text.casefold())
    return " ".join(words.split())


# C0 and C1 controls except tab, line feed and carriage return; DEL; the Unicode non-characters.
NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17))
UNWANTED = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{NONCHARACTERS}]")
# the same for text without characters beyond U+FFFF (nearly all): a class without the astral
# non-characters scans ten times faster (0.04 s instead of 0.36 s for 7 MB)
UNWANTED_BMP = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")
AS_SPACE = frozenset("\x0b\x0c\x85")  # vertical tab, form feed, next line: they separate words


MAX_REPORTED_LINES = 5  # lines named one by one in the warning about removed characters


def warn_removed(problems: Problems, name: str, removed: list[tuple[int, str]]) -> None:
    """One warning a line for the first few lines that lost a character, then a count."""
    for line, code in removed[:MAX_REPORTED_LINES]:
        problems.warn(name, line, f"control or non-character {code} removed; check the text "
                      "around it")
    if len(removed) > MAX_REPORTED_LINES:
        problems.warn(name, removed[MAX_REPORTED_LINES][0], f"control or non-characters also "
                      f"removed on {len(removed) - MAX_REPORTED_LINES} more line(s)")


def without_unwanted_characters(value: object) -> object:
    """Parsed JSON with control and non-characters removed from every string in it: its
    escapes (`\\u0000`) carry them past the check of the file's text."""
    if isinstance(value, str):
        return _strip_unwanted(value)
    if isinstance(value, list):
        return [without_unwanted_characters(v) for v in value]
    if isinstance(value, dict):
        return {k: without_unwanted_characters(v) for k, v in value.items()}
    return value


def remove_unwanted_characters(text: str) -> tuple[str, list[tuple[int, str]]]:
    """`text` without control and non-characters, and the (line, U+XXXX) of the first one
    removed on each line. One pass, so the cost is linear in the length of the text."""
    found: list[tuple[int, str]] = []
    line, counted = 1, 0
    for match in _unwanted(text).finditer(text):
        line += text.count("\n", counted, match.start())
        counted = match.start()
        if not found or found[-1][0] != line:
            found.append((line, f"U+{ord(match.group()):04X}"))
    if not found:
        return text, found
    return _strip_unwanted(text), found


def _strip_unwanted(text: str) -> str:
    return _unwanted(text).sub(lambda m: " " if m.group() in AS_SPACE else "", text)


def _unwanted(text: str) -> re.Pattern[str]:
    """The pattern for `text`: the full one only where it holds characters beyond U+FFFF (two
    UTF-16 units each)."""
    astral = len(text.encode("utf-16-le", "surrogatepass")) != 2 * len(text)
    return UNWANTED if astral else UNWANTED_BMP
