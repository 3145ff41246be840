"""PostgreSQL full text for the proposal list's search and the overlap suggestions (`norwegian` configuration).

The documents are the models' own: the expressions of their declared GIN indexes (`proposal_overlap_document` …); the
proposal list's search document is a column of its own, `Proposal.search_document`.
"""

from __future__ import annotations

import re

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchVector
from django.db.models import Func, TextField, Value

from ..models.measures import measure_overlap_document
from ..models.proposals import SEARCH_CONFIG, proposal_overlap_document
from .rows import AnyOf

CONFIG = SEARCH_CONFIG
MAX_WORDS = 40

__all__ = ["CONFIG", "AnyOf", "SharedWords", "measure_overlap_document", "proposal_overlap_document",
           "significant_words"]  # fmt: skip


WORD = re.compile(r"\w{3,}", re.UNICODE)


def significant_words(*texts: str) -> list[str]:
    """The distinct words (3+ letters, lower case, first occurrence first) of the texts, at most MAX_WORDS;
    PostgreSQL drops the stop words."""
    seen: dict[str, None] = {}
    for text in texts:
        for word in WORD.findall((text or "").lower()):
            if not word.isdigit() and word != "or":
                seen.setdefault(word, None)
    return list(seen)[:MAX_WORDS]


class _Template(Func):
    """A SQL template with named places (`NAMES`), filled in that order with the compiled arguments."""

    NAMES: tuple[str, ...] = ()

    def as_sql(self, compiler, connection, **extra_context):
        parts, params = {}, []
        for name, expression in zip(self.NAMES, self.source_expressions, strict=True):
            sql, expression_params = compiler.compile(expression)
            parts[name] = sql
            params.extend(expression_params)
        return self.template % parts, params


class SharedWords(_Template):
    """The input words that occur (stemmed) in a candidate's indexed text, in the input's order."""

    NAMES = ("words", "document")
    template = (
        "ARRAY(SELECT w FROM unnest(%(words)s::text[]) WITH ORDINALITY AS t(w, n) "
        "WHERE numnode(plainto_tsquery('norwegian', w)) > 0 AND %(document)s @@ plainto_tsquery('norwegian', w) "
        "ORDER BY n)"
    )
    output_field = ArrayField(TextField())

    def __init__(self, words: list[str], document: SearchVector):
        super().__init__(Value(words, output_field=ArrayField(TextField())), document)
