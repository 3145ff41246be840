"""The catalogues are complete and current, and templates hold no untranslated text.

- every entry of locale/{nb,nn,en} has a msgstr (English included: it is filled with the msgid) and none is fuzzy;
- `makemessages` would add nothing: every msgid in the source is in every catalogue;
- no template under templates/ shows text outside {% translate %}/{% blocktranslate %}, in its text or in
  the attributes people read (aria-label, title, placeholder, alt, aria-description, button values).
"""

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.template.base import Lexer, TokenType
from django.test import override_settings

ROOT = Path(settings.BASE_DIR)
LANGUAGES = [code for code, _name in settings.LANGUAGES]
MAKEMESSAGES_IGNORE = [".venv", "node_modules", "var", ".git", "tests"]

# ---- a small PO reader (the venv has no polib) --------------------------------------------------------------

_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}


def _unquote(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), text.strip()[1:-1])


def read_po(path: Path) -> list[dict]:
    """Entries as dicts: msgctxt/msgid/msgid_plural/msgstr/msgstr[n] plus `flags`; obsolete (#~) entries skipped."""
    entries = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8").strip()):
        entry: dict = {"flags": set()}
        key = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif match := re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")$', line):
                key = match.group(1)
                entry[key] = _unquote(match.group(2))
            elif line.startswith('"') and key:
                entry[key] += _unquote(line)
        if "msgid" in entry:
            entries.append(entry)
    return entries


def ids(entries) -> set[tuple]:
    return {(entry.get("msgctxt"), entry["msgid"]) for entry in entries if entry["msgid"]}


def catalogue(language: str) -> Path:
    return ROOT / "locale" / language / "LC_MESSAGES" / "django.po"


# ---- completeness -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_has_no_fuzzy_or_empty_entries(language):
    entries = read_po(catalogue(language))
    assert len(entries) > 100
    fuzzy = [entry["msgid"] or "(header)" for entry in entries if "fuzzy" in entry["flags"]]
    empty = [
        entry["msgid"]
        for entry in entries
        if entry["msgid"] and any(value == "" for key, value in entry.items() if key.startswith("msgstr"))
    ]
    assert not fuzzy, f"fuzzy entries in {language}: {fuzzy[:10]}"
    assert not empty, f"untranslated entries in {language}: {empty[:10]}"


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_norwegian_catalogues_translate_the_interface(language):
    translated = {entry["msgid"]: entry.get("msgstr") for entry in read_po(catalogue(language))}
    assert translated["Skip to main content"] != "Skip to main content"
    assert translated["Log out"] == "Logg ut"


def test_bokmal_and_nynorsk_differ_where_the_languages_do():
    nb = {entry["msgid"]: entry.get("msgstr") for entry in read_po(catalogue("nb"))}
    nn = {entry["msgid"]: entry.get("msgstr") for entry in read_po(catalogue("nn"))}
    assert (nb["life event"], nn["life event"]) == ("livshendelse", "livshending")


def test_english_catalogue_is_the_identity():
    for entry in read_po(catalogue("en")):
        if entry["msgid"] and "msgid_plural" not in entry:
            assert entry["msgstr"] == entry["msgid"]


@pytest.fixture(scope="module")
def source_msgids(tmp_path_factory):
    """The msgids `makemessages` finds in the source today, from a scratch copy (the real catalogues stay untouched)."""
    scratch = tmp_path_factory.mktemp("makemessages") / "src"
    shutil.copytree(
        ROOT,
        scratch,
        ignore=shutil.ignore_patterns(*MAKEMESSAGES_IGNORE, "__pycache__", "*.pyc", "*.mo", "static", "media"),
    )
    import os

    cwd = os.getcwd()
    os.chdir(scratch)
    try:
        with override_settings(LOCALE_PATHS=[scratch / "locale"]):
            call_command("makemessages", locale=["nb"], ignore_patterns=MAKEMESSAGES_IGNORE, keep_pot=True, verbosity=0)
    finally:
        os.chdir(cwd)
    return ids(read_po(scratch / "locale" / "django.pot"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_is_up_to_date_with_the_source(source_msgids, language):
    missing = source_msgids - ids(read_po(catalogue(language)))
    assert not missing, (
        f"{len(missing)} msgids are not in locale/{language}: run makemessages -l nb -l nn -l en and translate them: "
        f"{sorted(m for _c, m in missing)[:10]}"
    )


# ---- untranslated literals in templates ----------------------------------------------------------------------

READ_ATTRIBUTES = {"aria-label", "aria-description", "title", "placeholder", "alt", "aria-roledescription"}
# Names that are the same in every language. Keep this list short.
ALLOWED_WORDS = {
    "KS", "NAV", "Digdir", "DFØ", "StimuLab", "Ansattporten", "ID-porten", "PDF", "CSV", "Excel", "SHA-256",
    "WCAG", "axe-core", "Designsystemet", "SVG", "OK", "x",
}  # fmt: skip
LETTER = re.compile(r"[^\W\d_]")
PLACEHOLDER = " "  # no letters; inside a tag it reads as whitespace between attributes
TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))


def skeleton(source: str) -> str:
    """The template with every tag, variable, comment and translated block replaced by a placeholder."""
    parts, in_translation, in_comment = [], False, False
    for token in Lexer(source).tokenize():
        words = token.contents.split()
        first = words[0] if token.token_type == TokenType.BLOCK and words else ""
        if first == "comment":
            in_comment = True
        elif first == "endcomment":
            in_comment = False
        elif first in {"blocktranslate", "blocktrans"}:
            in_translation = True
        elif first in {"endblocktranslate", "endblocktrans"}:
            in_translation = False
        if token.token_type == TokenType.TEXT and not in_translation and not in_comment:
            parts.append(token.contents)
        else:
            parts.append(PLACEHOLDER)
    return "".join(parts)


def has_words(text: str) -> bool:
    text = text.replace(PLACEHOLDER, " ")
    words = [word.strip(".,:;()[]–—-·|/*«»“”\"'!?") for word in text.split()]
    return any(LETTER.search(word) and word not in ALLOWED_WORDS for word in words)


class LiteralFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hidden_depth = 0
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self.hidden_depth += 1
        attributes = dict(attrs)
        for name, value in attrs:
            readable = name in READ_ATTRIBUTES or (
                name == "value" and tag == "input" and attributes.get("type") in {"submit", "button", "reset"}
            )
            if readable and value and has_words(value):
                self.found.append(f'{name}="{value.strip()}"')

    def handle_endtag(self, tag):
        if tag in {"script", "style"} and self.hidden_depth:
            self.hidden_depth -= 1

    def handle_data(self, data):
        if not self.hidden_depth and has_words(data):
            self.found.append(data.strip())


def untranslated(source: str) -> list[str]:
    finder = LiteralFinder()
    finder.feed(skeleton(source))
    finder.close()
    return finder.found


def test_the_literal_finder_catches_text_and_attributes_and_passes_translated_ones():
    assert untranslated("<p>Hello</p>") == ["Hello"]
    assert untranslated('<button aria-label="Close">×</button>') == ['aria-label="Close"']
    assert untranslated("<td>{{ amount }} kr</td>") == ["kr"]
    ok = (
        "{% load i18n %}<p>{% translate 'Hello' %}</p><!-- a note --><script>let a = 1;</script>"
        "{% blocktranslate %}Hi {{ name }}{% endblocktranslate %}{# note #}{% comment %}old text{% endcomment %}"
        '<img alt="{% translate "Chart" %}" src="x.svg"><p>{{ value }}: 12 %, (3) – NAV</p>'
    )
    assert untranslated(ok) == []


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: str(path.relative_to(ROOT / "templates")))
def test_template_has_no_untranslated_text(template):
    found = untranslated(template.read_text(encoding="utf-8"))
    assert not found, f"untranslated text in {template.relative_to(ROOT)}: {found}"
