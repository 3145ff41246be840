"""A measure's page in few queries (issue 17): the measure's shown columns with its owner's and origin proposal's,
and its moves, benefits and dependencies (both ways) read with it as rows (JSON arrays of the columns the page
prints), in one query; then turned into what the page prints, labels looked up once per page."""

from __future__ import annotations

import functools

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Exists, F, Func, JSONField, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from core import audit, extensions
from core.links import row_url
from core.models import AuditEvent, Organisation, User
from core.rows import choice_labels

from ..choices import DependencyKind
from ..models import Benefit, BenefitPlanVersion, Dependency, Exemption, LearningEntry, Measure, MeasureMove
from .rows import moment

# What the page (its facts, forms, panels and the policy's rules) reads of the measure, its owner and its origin.
PAGE_FIELDS = ("title", "description", "kind", "status", "termination_reason", "stage", "budget", "next_review_date",
               "version", "owner__short_name", "owner__name", "origin_proposal__title")  # fmt: skip


def _row(*columns) -> Func:
    """A related row as a JSON array of `columns`, in their order (unpacked by `page_rows`)."""
    return Func(*(c if hasattr(c, "resolve_expression") else F(c) for c in columns), function="JSONB_BUILD_ARRAY",
                output_field=JSONField())  # fmt: skip


def page_measure(queryset: QuerySet, pk: int) -> Measure:
    """The measure `pk` of `queryset` (Http404 when not in it) with its owner and origin proposal (the columns the
    page shows), and as rows its moves (newest first), benefits and dependencies both ways (`move_rows`,
    `benefit_rows`, `dependency_rows`), and whether it has exemptions, learning entries and plan versions
    (`has_exemptions`, `has_learning`, `has_plan_versions`: the page reads those only when there are some): one
    query."""
    return get_object_or_404(
        queryset.select_related("owner", "origin_proposal").only(*PAGE_FIELDS).annotate(**page_columns()), pk=pk
    )


@functools.cache
def page_columns() -> dict:
    """The expressions `page_measure` annotates: the measure's moves, benefits and dependencies as rows, its three
    flags and those the apps above add (the extension point `portfolio.measure_page_flags`: {name: Exists(…)}, e.g.
    `has_decisions`, so that their readers skip a query when it has none). Built once (they hold no value of a
    request, a user or a language: Django copies an expression where a query uses it, and their outer reference is
    always the measure's own table)."""
    moves = MeasureMove.objects.filter(measure=OuterRef("pk")).order_by("-at", "-pk")
    benefits = Benefit.objects.filter(measure=OuterRef("pk")).order_by("pk")
    links = Dependency.objects.filter(Q(from_measure=OuterRef("pk")) | Q(to_measure=OuterRef("pk"))).order_by("pk")
    return {
        "move_rows": ArraySubquery(
            moves.values(row=_row("field", "from_value", "to_value", "evidence", "at", "by__first_name",
                                  "by__last_name", "by__username"))
        ),
        "benefit_rows": ArraySubquery(
            benefits.values(row=_row("indicator", "owner__short_name", "owner__name", "is_disbenefit"))
        ),
        "dependency_rows": ArraySubquery(
            links.values(row=_row("kind", "from_measure_id", "from_measure__title", "to_measure_id",
                                  "to_measure__title"))
        ),
        "has_exemptions": Exists(Exemption.objects.filter(measure=OuterRef("pk"))),
        "has_learning": Exists(LearningEntry.objects.filter(measure=OuterRef("pk"))),
        "has_plan_versions": Exists(BenefitPlanVersion.objects.filter(measure=OuterRef("pk"))),
        # what the apps above show on the page, whether there is any (governance: decisions, consultations)
        **extensions.merged("portfolio.measure_page_flags"),
    }  # fmt: skip


def page_rows(measure: Measure) -> dict:
    """The moves, benefits and dependencies of a measure from `page_measure`, as the page prints them: a move in words
    («Kind: Experiment → Demonstrator» in the user's language), a benefit with its owner's label, a dependency with
    its kind's label and its link (`dependencies`: the measures it depends on or relates to; `dependents`: those
    that name it)."""
    moves = []
    for field_name, from_value, to_value, evidence, at, first_name, last_name, username in measure.move_rows:
        field = Measure._meta.get_field(field_name)
        moves.append(
            {
                "at": moment(at),
                "what": audit.field_label(Measure, field_name),
                "from_label": audit.value_text(field, from_value),
                "to_label": audit.value_text(field, to_value),
                "by": User.name_of(first_name, last_name, username),
                "evidence": evidence,
            }
        )
    benefits = [
        {"indicator": indicator, "owner": Organisation.label_of(short_name, name), "is_disbenefit": is_disbenefit}
        for indicator, short_name, name, is_disbenefit in measure.benefit_rows
    ]
    url = row_url("portfolio:measure_detail")
    kinds = choice_labels(DependencyKind)
    dependencies, dependents = [], []
    for kind, from_pk, from_title, to_pk, to_title in measure.dependency_rows:
        label = kinds.get(kind, kind)
        if from_pk == measure.pk:
            dependencies.append({"kind": label, "url": url(to_pk), "title": to_title})
        if to_pk == measure.pk:
            dependents.append({"kind": label, "url": url(from_pk), "title": from_title})
    return {"moves": moves, "benefits": benefits, "dependencies": dependencies, "dependents": dependents}


LEARNING_FIELDS = ("hypothesis", "learned", "evidence", "next_step", "created_at", "measure_id", "author__first_name",
                   "author__last_name", "author__username", "spawned_proposal__title")  # fmt: skip


def measure_history(measure: Measure, *, with_audit: bool = False) -> dict:
    """Everything a measure's page shows: the measure with its owner and origin, moves, benefits and dependencies both
    ways (one query, `page_measure`, unless `measure` was read by it), learning, decisions (the extension
    point `portfolio.measure_decisions`, which governance provides), and (on request) the audit trail. Three queries,
    less the learning entries' and the decisions' for a measure read with none, one more with the audit."""
    if not hasattr(measure, "move_rows"):
        measure = page_measure(Measure.objects.all(), measure.pk)
    learning = []
    if measure.has_learning:  # (read with the measure: no query for a measure without entries)
        learning = list(
            LearningEntry.objects.filter(measure=measure)
            .select_related("author", "spawned_proposal")
            .only(*LEARNING_FIELDS)  # what the learning log prints (the author: `str(user)`)
        )
    decisions = [d for found in extensions.collect("portfolio.measure_decisions", measure) for d in found]
    audit_rows = []
    if with_audit:
        audit_rows = list(
            AuditEvent.objects.filter(
                content_type__model="measure", content_type__app_label="portfolio", object_id=str(measure.pk)
            )
            .select_related("actor")
            .order_by("-pk")[:50]
        )
        for event in audit_rows:
            event.change_list = audit.readable_changes(Measure, event.changes)
    return {
        "measure": measure,
        **page_rows(measure),  # moves, benefits, dependencies, dependents
        "learning": learning,
        "decisions": decisions,
        "audit": audit_rows,
        "with_audit": with_audit,
    }
