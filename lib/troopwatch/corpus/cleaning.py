r"""Boilerplate removal: from a raw article file to its clean body, losing nothing.

The rules live in ``resources/boilerplate.yaml`` (or a file an analyst passes),
not in code. Each line of the normalised file is

* kept, with runs of white space folded to one space, or
* taken out whole by a ``line`` rule, or
* cut at its start by a ``prefix`` rule (a dateline glued to the first sentence),
  the rest of the line being checked again.

A ``line`` or ``prefix`` rule may also say ``unless`` (a pattern that keeps the
line whatever the rule's pattern says: caption rules keep every line with a troop
figure) and ``max_words`` (the rule applies only to lines that short).

Consecutive kept lines form a paragraph, joined by a space, or by a newline after
a line that stands on its own (a heading without final punctuation: see
:func:`troopwatch.corpus.text.stands_alone`), so that it ends a sentence; a blank or
removed line ends a paragraph. The clean text is the paragraphs joined by blank lines. Every removed line or prefix
is returned with its line number and the rule that removed it, so the clean text
plus the removed text hold every non-space character of the normalised file.

Example:
    >>> cleaned = clean_text(" date 2022-02-15 Troops left.\n\nLeave a Reply")
    >>> cleaned.text
    'Troops left.'
    >>> cleaned.removed
    [(1, 'date 2022-02-15', 'dateline_header'), (3, 'Leave a Reply', 'comment_form')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
import yaml

from troopwatch.corpus.text import join_lines, normalize_text
from troopwatch.errors import ResourceError
from troopwatch.files import read_user_file, shipped_text

_SCOPES = ("prefix", "line")
_FIELDS = {"name", "scope", "pattern", "why", "examples", "keeps", "unless", "max_words"}
_REQUIRED_FIELDS = ("name", "scope", "pattern", "why")
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class BoilerplateRule:
    """One rule of the boilerplate file (see ``resources/boilerplate.yaml``)."""

    name: str
    scope: str
    pattern: re.Pattern[str]
    why: str
    examples: tuple[str, ...] = ()
    keeps: tuple[str, ...] = ()
    unless: re.Pattern[str] | None = None
    max_words: int | None = None

    def applies_to(self, line: str) -> bool:
        r"""Whether the rule may act on ``line`` at all: short enough, and not kept by ``unless``.

        >>> rule = BoilerplateRule("c", "line", re.compile("x"), "why", unless=re.compile(r"\d+ troops"), max_words=4)
        >>> (rule.applies_to("a caption - x"), rule.applies_to("5,000 troops left - x"),
        ...  rule.applies_to("one two three four five"))
        (True, False, False)
        """
        if self.max_words is not None and len(line.split()) > self.max_words:
            return False
        return self.unless is None or self.unless.search(line) is None


@dataclass(frozen=True)
class CleanedText:
    """The result of :func:`clean_text`.

    ``paragraphs`` are ``(start, end)`` spans of ``text``; ``removed`` holds
    ``(line_no, removed_text, rule_name)`` triples, line numbers counting from 1.
    """

    text: str
    paragraphs: list[tuple[int, int]]
    removed: list[tuple[int, str, str]]


def load_boilerplate_rules(path: str | Path | None = None) -> tuple[BoilerplateRule, ...]:
    """Read and check a boilerplate rules file; the shipped one when ``path`` is None.

    >>> [rule.name for rule in load_boilerplate_rules()][:2]
    ['dateline_header', 'wire_dateline']
    """
    if path is None:
        return _shipped_rules()
    source = read_user_file(path, ResourceError, "boilerplate rules file", "boilerplate.yaml")
    return _parse_rules(source, str(path))


@lru_cache(maxsize=1)
def _shipped_rules() -> tuple[BoilerplateRule, ...]:
    return _parse_rules(shipped_text("corpus", "boilerplate.yaml"), "corpus/resources/boilerplate.yaml")


def _parse_rules(source: str, where: str) -> tuple[BoilerplateRule, ...]:
    try:
        entries = yaml.safe_load(source)
    except yaml.YAMLError as error:
        raise ResourceError(f"{where}: not valid YAML ({error}); fix the file's syntax") from None
    if not isinstance(entries, list):
        raise ResourceError(f"{where}: must be a list of rules, each starting with '- name:'")
    rules: list[BoilerplateRule] = []
    for position, entry in enumerate(entries, start=1):
        rules.append(_parse_rule(entry, f"{where}, rule {position}"))
    names = [rule.name for rule in rules]
    for name in names:
        if names.count(name) > 1:
            raise ResourceError(f"{where}: rule name {name!r} is used twice; give each rule its own name")
    return tuple(rules)


def _parse_rule(entry: object, where: str) -> BoilerplateRule:
    if not isinstance(entry, dict):
        raise ResourceError(f"{where}: must be a mapping with the fields {', '.join(_REQUIRED_FIELDS)}")
    if "name" in entry:
        where = f"{where} ({entry['name']!r})"
    unknown = sorted(set(entry) - _FIELDS)
    if unknown:
        raise ResourceError(
            f"{where}: unknown field(s) {', '.join(unknown)}; the fields are {', '.join(sorted(_FIELDS))}"
        )
    missing = [field for field in _REQUIRED_FIELDS if not entry.get(field)]
    if missing:
        raise ResourceError(f"{where}: missing field(s) {', '.join(missing)}")
    if entry["scope"] not in _SCOPES:
        raise ResourceError(f"{where}: scope {entry['scope']!r} is not one of {', '.join(_SCOPES)}")
    pattern = _compile_rule_pattern(entry["pattern"], where, "pattern")
    unless = _compile_rule_pattern(entry["unless"], where, "unless") if entry.get("unless") else None
    max_words = entry.get("max_words")
    if max_words is not None and (isinstance(max_words, bool) or not isinstance(max_words, int) or max_words < 1):
        raise ResourceError(f"{where}: max_words must be a whole number of words, e.g. max_words: 30")
    return BoilerplateRule(
        name=str(entry["name"]),
        scope=entry["scope"],
        pattern=pattern,
        why=str(entry["why"]),
        examples=tuple(entry.get("examples") or ()),
        keeps=tuple(entry.get("keeps") or ()),
        unless=unless,
        max_words=max_words,
    )


def _compile_rule_pattern(pattern: object, where: str, field: str) -> re.Pattern[str]:
    try:
        return re.compile(str(pattern))
    except re.error as error:
        raise ResourceError(f"{where}: {field} is not a valid regular expression ({error})") from None


def clean_text(raw: str, rules: tuple[BoilerplateRule, ...] | None = None) -> CleanedText:
    r"""Normalise ``raw``, take out boilerplate by ``rules``, and segment paragraphs.

    >>> clean_text("Troops  left.\nMore\u00a0left.\n\nAlso Read: a link").text
    'Troops left. More left.'
    """
    rules = _shipped_rules() if rules is None else rules
    prefix_rules = [rule for rule in rules if rule.scope == "prefix"]
    line_rules = [rule for rule in rules if rule.scope == "line"]
    paragraphs: list[str] = []
    current: list[str] = []
    removed: list[tuple[int, str, str]] = []
    for line_no, line in enumerate(normalize_text(raw).split("\n"), start=1):
        rest = _cut_prefixes(line, line_no, prefix_rules, removed)
        rule = next((rule for rule in line_rules if rule.pattern.search(rest) and rule.applies_to(rest)), None)
        if rule is not None:
            removed.append((line_no, _WHITESPACE.sub(" ", rest), rule.name))
            rest = ""
        if rest:
            current.append(_WHITESPACE.sub(" ", rest))
        elif current:
            paragraphs.append(join_lines(current))
            current = []
    if current:
        paragraphs.append(join_lines(current))
    spans, start = [], 0
    for paragraph in paragraphs:
        spans.append((start, start + len(paragraph)))
        start += len(paragraph) + 2
    return CleanedText(text="\n\n".join(paragraphs), paragraphs=spans, removed=removed)


def _cut_prefixes(
    line: str, line_no: int, prefix_rules: list[BoilerplateRule], removed: list[tuple[int, str, str]]
) -> str:
    """Cut every matching prefix from ``line``, recording each; return the stripped rest."""
    rest = line.strip()
    cut = True
    while rest and cut:
        cut = False
        for rule in prefix_rules:
            match = rule.pattern.match(rest)
            if match and match.group().strip() and rule.applies_to(rest):
                removed.append((line_no, _WHITESPACE.sub(" ", match.group().strip()), rule.name))
                rest = rest[match.end() :].strip()
                cut = True
                break
    return rest


def rules_table(rules: tuple[BoilerplateRule, ...] | None = None) -> pd.DataFrame:
    """The rules as a frame with the columns ``rule, scope, why``, to explain ``Corpus.removed``.

    >>> rules_table().iloc[0].tolist()
    ['dateline_header', 'prefix', "the collector's ' date YYYY-MM-DD' header, glued to the first line"]
    """
    rules = _shipped_rules() if rules is None else rules
    return pd.DataFrame([(rule.name, rule.scope, rule.why) for rule in rules], columns=["rule", "scope", "why"])


def removal_summary(removed: pd.DataFrame, rules: tuple[BoilerplateRule, ...] | None = None) -> pd.DataFrame:
    """Count ``Corpus.removed`` by rule: ``rule, why, lines, articles``, most lines first.

    >>> removed = pd.DataFrame({"article_id": ["a", "a", "b"], "line_no": [1, 9, 1],
    ...                         "text": ["Posted on", "Leave a Reply", "Posted on"],
    ...                         "rule": ["posted_on", "comment_form", "posted_on"]})
    >>> removal_summary(removed)[["rule", "lines", "articles"]].values.tolist()
    [['posted_on', 2, 2], ['comment_form', 1, 1]]
    """
    counts = removed.groupby("rule", as_index=False).agg(lines=("text", "size"), articles=("article_id", "nunique"))
    summary = counts.merge(rules_table(rules)[["rule", "why"]], on="rule", how="left")
    return summary[["rule", "why", "lines", "articles"]].sort_values(
        ["lines", "rule"], ascending=[False, True], ignore_index=True
    )
