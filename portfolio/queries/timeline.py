"""A proposal's timeline: its step changes, decisions, merges and the learning it was started from, oldest first, for
the proposal's page and the decision page, read with the proposal where a page can (`with_timeline`)."""

from types import SimpleNamespace

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Func, JSONField, OuterRef, QuerySet

from core import extensions
from core.links import row_url
from core.rows import choice_labels
from core.rows import dates as row_dates

from ..choices import ProposalStatus
from ..models import LearningEntry, Proposal, Transition
from .rows import moment, user_name


def transition_rows(proposal) -> QuerySet:
    """A proposal's step changes (`proposal`: the proposal, or `OuterRef("pk")` in a query of proposals), oldest
    first, each as the one value a timeline prints of it: a JSON array [from, to, reason, at, who] (who: `str(user)`
    in SQL, `rows.user_name`). The proposal's page reads them with the proposal (`proposal_page_object`)."""
    row = Func("from_status", "to_status", "reason", "at", user_name("by__"), function="JSONB_BUILD_ARRAY",
               output_field=JSONField())  # fmt: skip
    return Transition.objects.filter(proposal=proposal).order_by("at", "pk").annotate(row=row).values_list("row")


def merged_rows() -> ArraySubquery:
    """The proposals merged into a proposal (`OuterRef("pk")`), in the order `proposal_timeline` reads them, as JSON
    arrays [key, title, merged at]: what its timeline prints of them."""
    row = Func("id", "title", "status_changed_at", function="JSONB_BUILD_ARRAY", output_field=JSONField())
    return ArraySubquery(Proposal.objects.filter(merged_into=OuterRef("pk")).annotate(row=row).values("row"))


def learning_rows() -> ArraySubquery:
    """The learning entries a proposal (`OuterRef("pk")`) was started from, in the order `proposal_timeline` reads
    them, as JSON arrays [key, hypothesis, measure's key, measure's title]: what its timeline prints of them."""
    row = Func("id", "hypothesis", "measure_id", "measure__title", function="JSONB_BUILD_ARRAY",
               output_field=JSONField())  # fmt: skip
    return ArraySubquery(LearningEntry.objects.filter(spawned_proposal=OuterRef("pk")).annotate(row=row).values("row"))


def with_timeline(qs: QuerySet) -> QuerySet:
    """Proposals (`qs`) with what their timeline shows read with them, in the same query: their step changes
    (`transition_rows`), the proposals merged into them and the learning entries they were started from as rows, and
    the flags of the apps above (the extension point `portfolio.proposal_page_flags`: whether one has decisions,
    consultations …). `read_timeline` turns a proposal's rows into what `proposal_timeline` reads, which then makes
    no query but the decisions' (when it has any). For the decision page."""
    return qs.annotate(
        transition_rows=ArraySubquery(transition_rows(OuterRef("pk"))),
        merged_rows=merged_rows(),
        learning_rows=learning_rows(),
        **extensions.merged("portfolio.proposal_page_flags"),
    )


def read_timeline(proposal: Proposal) -> Proposal:
    """A proposal read `with_timeline`, with its rows as `proposal_timeline` reads them: the proposals merged into it
    (`merged_list`: their key, title and when) and the learning entries it was started from (`learning_list`: their
    key and hypothesis, their measure's key, title and link). Plain rows with the attributes the timeline prints, not
    model instances: nothing saves or follows them."""
    proposal.merged_list = [
        SimpleNamespace(pk=key, title=title, status_changed_at=moment(at)) for key, title, at in proposal.merged_rows
    ]
    measure_url = row_url("portfolio:measure_detail")
    proposal.learning_list = [
        SimpleNamespace(pk=key, hypothesis=hypothesis,
                        measure=SimpleNamespace(pk=measure, title=title, get_absolute_url=measure_url(measure)))
        for key, hypothesis, measure, title in proposal.learning_rows
    ]  # fmt: skip
    return proposal


def proposal_timeline(proposal: Proposal) -> list[dict]:
    """Every step change, decision and merge of a proposal, oldest first (for the proposal's page). The decisions
    come from the extension point `portfolio.proposal_timeline` (governance provides them). Each item's moment is
    written as `iso` and `date` (`core.rows.dates`). A step change is
    written as its row: its statuses' labels (`frm`, `to`), who made it (`who`) and why (`reason`); no query for
    them for a proposal read with `transition_rows` (the proposal's page)."""
    rows = getattr(proposal, "transition_rows", None)
    if rows is None:
        rows = [row for (row,) in transition_rows(proposal)]
    labels = choice_labels(ProposalStatus)  # (once, not twice a row)
    items = [
        {"at": moment(at), "kind": "transition", "frm": labels.get(frm, frm), "to": labels.get(to, to), "who": who,
         "reason": reason}
        for frm, to, reason, at, who in rows
    ]  # fmt: skip
    for found in extensions.collect("portfolio.proposal_timeline", proposal):
        items.extend(found)
    merged = getattr(proposal, "merged_list", None)  # read with the proposal for its page and the decision page
    if merged is None:
        merged = Proposal.objects.filter(merged_into=proposal).only("pk", "title", "status_changed_at")
    for p in merged:
        items.append({"at": p.status_changed_at, "kind": "merged_from", "obj": p})
    learning = getattr(proposal, "learning_list", None)  # read with the proposal for the decision page
    if learning is None:  # (not even built for a proposal known to have none: the proposal's page reads the flag)
        learning = []
        if getattr(proposal, "spawned_from_learning", True):
            learning = LearningEntry.objects.filter(spawned_proposal=proposal).select_related("measure")
    for entry in learning:
        items.append({"at": proposal.created_at, "kind": "from_learning", "obj": entry})
    if proposal.merged_into_id:
        # (its title only: read as a column with the proposal by its page, `merged_into_title`)
        title = getattr(proposal, "merged_into_title", None)
        target = {"title": title} if title is not None else proposal.merged_into
        items.append({"at": proposal.status_changed_at, "kind": "merged_into", "obj": target})
    items.sort(key=lambda i: i["at"])
    dates = row_dates("SHORT_DATETIME_FORMAT")  # as the template's date filter writes them, the format looked up once
    for item in items:
        item["iso"], item["date"] = dates(item["at"])
    return items
