"""Reads of public access (offentleglova): a record's exemptions for its page, the exemptions due for review, and
the office's journal of access requests with the ones not answered in time flagged."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from core import access
from core.dashboard import Task, register_tasks

from ..models import AccessRequest, CallQuestion, Exemption, Measure, Proposal


def exemption_panel(user, record: Proposal | Measure, questions=()) -> dict:
    """What the record's page shows of its exemptions: every exemption (active first, then the lifted ones), and
    what this user may do; the reasons only to those who may see exempt values (one query, none for a record read with
    `has_exemptions` false; one more for the labels of the questions whose answers are exempt, when there are
    some not among `questions`: the proposal's call's, read already for its page)."""
    column = "proposal" if isinstance(record, Proposal) else "measure"
    rows = []
    if getattr(record, "has_exemptions", True):  # (known to have none: no query; the proposal's page reads it)
        rows = list(
            Exemption.objects.filter(**{column: record})
            .select_related("attachment", "created_by", "lifted_by")
            .order_by("lifted_at", "-created_at", "-pk")
        )
    for row in rows:
        setattr(row, column, record)  # part_label reads the record's field names without a query
    _with_question_labels(rows, {q.pk: q.label for q in questions})
    may_see = access.can(user, "see_exempt", record)
    for row in rows:
        row.may_lift = may_see and access.can(user, "lift", row)
    return {
        "exemptions": rows,
        "may_exempt": access.can(user, "exempt", record),
        "may_see_exempt": may_see,
        "may_log_request": access.can(user, "create", AccessRequest),
        "kind": column,
    }


def _with_question_labels(rows: list[Exemption], known: dict[int, str] | None = None) -> None:
    """The labels of the questions whose answers the exemptions exempt, for their `part_label` (one query, none when
    no answer is exempt or every label is in `known`, {question pk: label})."""
    labels = dict(known or {})
    questions = {row.question_id for row in rows if row.question_id is not None} - labels.keys()
    if questions:
        labels.update(CallQuestion.objects.filter(pk__in=questions).values_list("pk", "label"))
    for row in rows:
        if row.question_id is not None:
            row.question_label = labels.get(row.question_id)


def access_request_rows(user) -> QuerySet:
    """The journal: every access request the user may see (the office's), newest received first."""
    return AccessRequest.objects.visible_to(user).select_related("proposal", "measure").order_by("-received_on", "-pk")


REVIEW_HORIZON_DAYS = 30


def exemptions_due(user, today=None) -> list[Exemption]:
    """The active exemptions whose review date has come or comes within 30 days, soonest first (the office considers
    each again: lift it, or let it stand), with their record (one query; one more for the labels of the questions
    whose answers are exempt, when there are some)."""
    import datetime

    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=REVIEW_HORIZON_DAYS)
    rows = list(
        Exemption.objects.visible_to(user)
        .active()
        .filter(review_date__lte=horizon)
        .select_related("proposal", "measure", "attachment")
        .order_by("review_date", "pk")[:200]
    )
    for row in rows:
        row.overdue = row.review_date <= today
    _with_question_labels(rows)
    return rows


def with_deadlines(rows, today=None) -> list[AccessRequest]:
    today = today or timezone.localdate()
    rows = list(rows)
    for row in rows:
        row.late = row.is_late(today)
    return rows


def unanswered(user, today=None) -> tuple[int, int]:
    """The access requests the user may see that are not answered yet, and how many of them have waited more than
    five working days (`AccessRequest.due_on`), in one query."""
    today = today or timezone.localdate()
    waiting = list(AccessRequest.objects.visible_to(user).filter(outcome="").values_list("received_on", flat=True))
    return len(waiting), sum(1 for received in waiting if today > AccessRequest(received_on=received).due_on)


@register_tasks(14)
def access_request_tasks(user) -> list[Task]:
    """The office's start page: the access requests not answered yet, and apart those past five working days (one
    query, for the office only)."""
    if not access.can(user, "view", AccessRequest):
        return []
    waiting, late = unanswered(user)
    url = reverse("portfolio:access_request_list")
    return [
        Task("access_requests_late", ngettext("access request not answered in five working days",
                                              "access requests not answered in five working days", late),
             late, url, overdue=True),
        Task("access_requests_open", ngettext("access request to answer", "access requests to answer",
                                              waiting - late), waiting - late, url),
    ]  # fmt: skip
