"""A measure's page in few queries (issue 17): the measure with its owner and origin proposal, and its moves, benefits
and dependencies both ways read with it as rows (JSON arrays of the columns the page prints), in one query; then
turned into what the page prints, labels looked up once per page."""

from __future__ import annotations

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef, QuerySet
from django.db.models.functions import JSONObject
from django.shortcuts import get_object_or_404

from core import audit
from core.links import row_url

from ..choices import DependencyKind
from ..models import Benefit, Dependency, Measure, MeasureMove
from .rows import moment, organisation_label, user_name


def page_measure(queryset: QuerySet, pk: int) -> Measure:
    """The measure `pk` of `queryset` (Http404 when not in it) with its owner and origin proposal, and as rows its
    moves (newest first), benefits and dependencies both ways (`move_rows`, `benefit_rows`, `dependency_rows`,
    `dependent_rows`): one query."""
    moves = MeasureMove.objects.filter(measure=OuterRef("pk")).order_by("-at", "-pk")
    benefits = Benefit.objects.filter(measure=OuterRef("pk")).order_by("pk")
    dependencies = Dependency.objects.filter(from_measure=OuterRef("pk")).order_by("pk")
    dependents = Dependency.objects.filter(to_measure=OuterRef("pk")).order_by("pk")
    return get_object_or_404(
        queryset.select_related("owner", "origin_proposal").annotate(
            move_rows=ArraySubquery(
                moves.values(json=JSONObject(field="field", from_value="from_value", to_value="to_value",
                                             evidence="evidence", at="at", by=user_name("by__")))
            ),
            benefit_rows=ArraySubquery(
                benefits.values(json=JSONObject(indicator="indicator", owner=organisation_label("owner__"),
                                                is_disbenefit="is_disbenefit"))
            ),
            dependency_rows=ArraySubquery(
                dependencies.values(json=JSONObject(kind="kind", pk="to_measure_id", title="to_measure__title"))
            ),
            dependent_rows=ArraySubquery(
                dependents.values(json=JSONObject(kind="kind", pk="from_measure_id", title="from_measure__title"))
            ),
        ),
        pk=pk,
    )  # fmt: skip


def page_rows(measure: Measure) -> dict:
    """The moves, benefits and dependencies of a measure from `page_measure`, as the page prints them: a move in words
    («Kind: Experiment → Demonstrator» in the user's language), a dependency with its kind's label and its link."""
    moves = []
    for row in measure.move_rows:
        field = Measure._meta.get_field(row["field"])
        moves.append(
            {
                "at": moment(row["at"]),
                "what": audit.field_label(Measure, row["field"]),
                "from_label": audit.value_text(field, row["from_value"]),
                "to_label": audit.value_text(field, row["to_value"]),
                "by": row["by"],
                "evidence": row["evidence"],
            }
        )
    url = row_url("portfolio:measure_detail")
    kinds = {value: str(label) for value, label in DependencyKind.choices}

    def dependency(row: dict) -> dict:
        return {"kind": kinds.get(row["kind"], row["kind"]), "url": url(row["pk"]), "title": row["title"]}

    return {
        "moves": moves,
        "benefits": measure.benefit_rows,
        "dependencies": [dependency(row) for row in measure.dependency_rows],
        "dependents": [dependency(row) for row in measure.dependent_rows],
    }
