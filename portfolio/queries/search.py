"""PostgreSQL full text for the proposal list's search and the overlap suggestions (`norwegian` configuration).

`Document` builds exactly the expressions of the GIN indexes in migration 0004: keep them identical, or PostgreSQL
will not use the indexes. `FinderQuery` picks the rare words of a text so the index returns few rows at any size.
"""

from __future__ import annotations

import re

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchQueryField, SearchVectorField
from django.db.models import BooleanField, F, Func, TextField, Value

CONFIG = "norwegian"
MAX_WORDS = 40
COMMON_SHARE = 0.03  # a word in more than this share of the indexed rows is common (PostgreSQL's statistics)


class Document(Func):
    """`to_tsvector('norwegian', a || ' ' || b …)`: the expression of the GIN indexes in migration 0004 (keep
    them identical, or PostgreSQL will not use the index)."""

    template = "to_tsvector('norwegian', %(expressions)s)"
    arg_joiner = " || ' ' || "
    output_field = SearchVectorField()


def proposal_overlap_document(prefix: str = "") -> Document:
    return Document(F(f"{prefix}title"), F(f"{prefix}need"))


def proposal_search_document() -> Document:
    return Document(F("title"), F("need"), F("solution"))


def measure_overlap_document() -> Document:
    return Document(F("title"), F("description"))


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


class Matches(Func):
    """`document @@ tsquery` as a boolean expression (for `filter()`)."""

    template = "%(expressions)s"
    arg_joiner = " @@ "
    output_field = BooleanField()


class AnyOf(Func):
    """`value = ANY(array)` as a boolean expression (for `filter()`)."""

    template = "%(expressions)s)"
    arg_joiner = " = ANY("
    output_field = BooleanField()


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


class FinderQuery(_Template):
    """The tsquery that FINDS the candidates (the rank then weighs every word): the input's lexemes that
    PostgreSQL's statistics of the GIN index (ANALYZE) count as rare (in at most `share` of the rows) OR-ed, or the
    three least common lexemes that do occur in the indexed texts, together. So the index returns few rows and only
    those are ranked, at any table size. Without statistics (a small or fresh table) every lexeme counts as rare."""

    NAMES = ("index", "text", "share")
    template = """(WITH lx AS (
    SELECT l, COALESCE((
      SELECT max(m.f) FROM pg_stats s, unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS m(e, f)
       WHERE s.schemaname = current_schema() AND s.tablename = %(index)s AND m.e = l), 0) AS f
      FROM unnest(tsvector_to_array(to_tsvector('norwegian', %(text)s))) AS l),
  rare AS (SELECT string_agg(quote_literal(l), ' | ') AS q FROM lx WHERE f <= %(share)s),
  least AS (SELECT string_agg(quote_literal(l), ' & ') AS q FROM (SELECT l FROM lx ORDER BY f = 0, f, l LIMIT 3) AS x)
  SELECT concat_ws(' | ', rare.q, '(' || least.q || ')')::tsquery FROM rare, least)"""
    output_field = SearchQueryField()

    def __init__(self, index: str, text: str):
        super().__init__(Value(index), Value(text), Value(COMMON_SHARE))


class SharedWords(_Template):
    """The input words that occur (stemmed) in a candidate's indexed text, in the input's order."""

    NAMES = ("words", "document")
    template = (
        "ARRAY(SELECT w FROM unnest(%(words)s::text[]) WITH ORDINALITY AS t(w, n) "
        "WHERE numnode(plainto_tsquery('norwegian', w)) > 0 AND %(document)s @@ plainto_tsquery('norwegian', w) "
        "ORDER BY n)"
    )
    output_field = ArrayField(TextField())

    def __init__(self, words: list[str], document: Document):
        super().__init__(Value(words, output_field=ArrayField(TextField())), document)
