"""The lexicon's data files: each loads and validates, a malformed one fails naming file and
field, every word list is held once, and none lives as a literal in loaders/ code."""

from __future__ import annotations

import ast
import re
import shutil
from dataclasses import fields
from pathlib import Path

import pytest

import loaders
from graph.ontology import EntityType
from loaders import arguments, discourse, entities, patterns, relations
from loaders.entities import guess_type, type_by_head
from loaders.lexicon import LEXICON_DIR, LexiconError, WordLists, load_lexicon, load_words
from loaders.normalize import norm

LOADERS = Path(loaders.__file__).parent
LEXICON_FILES = {"triggers", "places", "titles"} | {f.name for f in fields(WordLists)}
# A literal with more words than this belongs in loaders/lexicon/ (closed grammatical classes,
# such as prepositions or pronouns, stay in code while they are short).
MAX_WORDS = 8
EXEMPT = "not a word list:"  # a comment that says why a longer literal is no vocabulary


def test_every_lexicon_file_loads_validates_and_says_what_it_is_for() -> None:
    lexicon = load_lexicon()
    words = load_words()
    assert {p.stem for p in LEXICON_DIR.glob("*.yaml")} == LEXICON_FILES
    for name in LEXICON_FILES:
        assert (LEXICON_DIR / f"{name}.yaml").read_text(encoding="utf-8").startswith("# "), name
    assert lexicon.verbs and lexicon.titles and lexicon.demonyms
    assert "say" in words.discourse.say
    assert words.arguments.anaphors["organization"] == (
        EntityType.ORGANIZATION,
        EntityType.INTERNATIONAL_ORGANIZATION,
    )
    assert words.relevance.us[0] == r"U\.S\."  # patterns keep their written order


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    for path in LEXICON_DIR.glob("*.yaml"):
        shutil.copy(path, tmp_path)
    return tmp_path


def _load_all(directory: Path) -> None:
    load_lexicon(directory)
    load_words(directory)


MALFORMED = [
    ("discourse.yaml", "say: [say,", "say: [say, say,", r"discourse\.yaml: say: 'say' is listed twice"),
    ("discourse.yaml", "say: [say,", "say: [Say,", r"discourse\.yaml: say\.0: 'Say' is not lower case"),
    ("discourse.yaml", "say: [say,", "says: [say,", r"discourse\.yaml: say: Field required; says: Extra"),
    ("discourse.yaml", "say: [say, state", "say: say state", r"discourse\.yaml: say: expected a list"),
    ("discourse.yaml", "stop_nouns: [halt,", "stop_nouns: []\nx: [halt,", r"stop_nouns: .*at least 1"),
    ("mentions.yaml", "junk: [ai,", "junk: [no, ai,", r"mentions\.yaml: junk\.0: .*got False: quote"),
    ("arguments.yaml", "company: [Company]", "company: [Firm]", r"arguments\.yaml: anaphors\.company\.0: .*got 'Firm'"),
    ("arguments.yaml", "firms: Company", "firms: Firm", r"arguments\.yaml: group_anaphors\.firms: "),
    ("relevance.yaml", "'chips?'", "'chips('", r"relevance\.yaml: technology\.0: 'chips\(' is not a regular"),
    ("names.yaml", "\npolicy: [", "\ngovernment: [x]\npolicy: [", r"names\.yaml: line \d+, column 1: 'government' given twice"),
    ("modality.yaml", "deny: [deny,", "deny: [[deny,", r"modality\.yaml: line \d+, column \d+: expected ','"),
    ("triggers.yaml", "subject: [Company, Country, Organization]", "subject: [Company, Land]", r"triggers\.yaml: EXPORTS_TO\.subject\.1: "),
    ("triggers.yaml", "EXPORTS_TO:", "EXPORTS:", r"triggers\.yaml: 'EXPORTS' is not a relation type"),
    ("titles.yaml", "\ntitles: [", "\ntitle: [", r"titles\.yaml: titles: Field required"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "old", "new", "expected"), MALFORMED)
def test_a_malformed_file_fails_naming_file_and_field(
    copy: Path, name: str, old: str, new: str, expected: str
) -> None:
    path = copy / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(LexiconError, match=expected):
        _load_all(copy)


def test_a_missing_file_fails_naming_it(copy: Path) -> None:
    (copy / "structure.yaml").unlink()
    with pytest.raises(LexiconError, match=r"structure\.yaml: cannot read"):
        _load_all(copy)


def test_lists_that_existed_twice_are_one_list() -> None:
    assert arguments._SAY is discourse._SAY is patterns._SAY_WORDS
    assert relations._APPEAL_VERBS is discourse._APPEAL_VERBS
    assert entities._GOV_WORDS is entities._GOV_HEADS
    assert entities._ORG_WORDS is entities._ORG_HEADS
    assert entities._COMPANY_WORDS is entities._COMPANY_HEADS


def test_the_merged_name_lists_type_names() -> None:
    # The merge kept a word in one type only, where the head-noun list had it.
    assert type_by_head("Office of Engineering and Technology") == EntityType.GOVERNMENT_BODY
    assert type_by_head("Tokyo Institute of Technology") == EntityType.ORGANIZATION
    assert type_by_head("Inter-Tribal Council") == EntityType.ORGANIZATION
    assert type_by_head("Acme Capital") == EntityType.COMPANY  # a company word of the old "words"
    assert guess_type("Wuhan Observatory", "ORG") == EntityType.ORGANIZATION
    assert norm("NVIDIA Corporation") == norm("Nvidia Holdings") == "nvidia"


def _is_word(text: str) -> bool:
    return re.fullmatch(r"[a-z][a-z0-9'&.\- ]*", text) is not None


def _literal_words(node: ast.AST, module_level: bool) -> int:
    if isinstance(node, ast.Set | ast.List | ast.Tuple):
        items = node.elts
    elif isinstance(node, ast.Dict) and module_level:
        items = [k for k in node.keys if k is not None]
    elif (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "compile"
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    ):  # a regex alternation of words: "inc|corp|ltd|..."
        return sum(1 for part in node.args[0].value.split("|") if re.search("[a-z]", part))
    else:
        return 0
    strings = [i.value for i in items if isinstance(i, ast.Constant) and isinstance(i.value, str)]
    if len(strings) != len(items):
        return 0
    return sum(1 for s in strings if _is_word(s))


def _word_lists(path: Path, root: Path) -> list[str]:
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    module_level: set[int] = set()  # constants; a dict built in a function is a record
    exports: set[int] = set()  # __all__ names functions, not words
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign | ast.AnnAssign) and stmt.value is not None:
            target = stmt.targets[0] if isinstance(stmt, ast.Assign) else stmt.target
            (exports if ast.unparse(target) == "__all__" else module_level).add(id(stmt.value))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        count = 0 if id(node) in exports else _literal_words(node, id(node) in module_level)
        if count <= MAX_WORDS:
            continue
        start = getattr(node, "lineno", 1)
        around = lines[max(0, start - 2) : getattr(node, "end_lineno", start)]
        if not any(EXEMPT in line for line in around):
            found.append((start, f"{path.relative_to(root)}:{start}: {count} words"))
    return [hit for _, hit in sorted(found)]


def test_no_loaders_module_holds_a_word_list() -> None:
    root = LOADERS.parent
    found = [hit for path in sorted(LOADERS.rglob("*.py")) for hit in _word_lists(path, root)]
    listing = "\n".join(found)
    assert not found, f"move these word lists to loaders/lexicon/ (or say why not):\n{listing}"


def test_the_word_list_check_finds_them(tmp_path: Path) -> None:
    words = [f"word{i}" for i in range(MAX_WORDS + 1)]
    quoted = ", ".join(f'"{w}"' for w in words)
    labels = ", ".join(f'"{w.upper()}"' for w in words)
    module = tmp_path / "m.py"
    module.write_text(
        f"A = frozenset([{quoted}])\n"
        f"B = {{{', '.join(f'{q}: 1' for q in quoted.split(', '))}}}\n"
        f"C = re.compile(r'\\b({'|'.join(words)})\\b')\n"
        f"D = ({quoted})  # {EXEMPT} a test\n"
        f"E = ({labels})\n"
        f"def f():\n    return {{{', '.join(f'{q}: 1' for q in quoted.split(', '))}}}\n"
        f"__all__ = [{quoted}]\n",
        encoding="utf-8",
    )
    found = _word_lists(module, tmp_path)
    assert [hit.split(":")[1] for hit in found] == ["1", "2", "3"]
