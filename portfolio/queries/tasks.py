"""The portfolio's part of a user's start page: what is theirs to do now (drafts to finish, questions to answer,
reviews to submit, proposals to triage, qualify or decide, overdue measure reviews), each with a count and a link to
the list filtered to exactly those rows. Built from the existing queries and the access policy; three queries at
most whatever the portfolio's size (one aggregate over the user's own visible proposals, the review queue, the overdue
measure reviews). The proposals waiting in a step of the office are counted as the board counts them: the start
page's board panel reads those counts, and the tasks take theirs from that one query (`core.dashboard.read_once`)."""

from __future__ import annotations

import functools
import operator
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from core import access
from core.dashboard import Task

from .. import workflow
from ..models import Measure, Proposal
from .board import HOME_OVERDUE, board, overdue_reviews
from .scoring import review_queue_for


def _list_url(**params) -> str:
    return reverse("portfolio:proposal_list") + "?" + urlencode(params)


def _status_url(action: str) -> str:
    return _list_url(status=workflow.sources(action)[0])


def _proposal_counts(user) -> dict[str, Q | tuple[str, ...]]:
    """The proposal counts this user has work in (asked of the policy: who registers drafts, who answers the office's
    questions, who triages, qualifies and decides), each as the condition that selects its rows: a `Q` on the
    user's own rows, or the statuses of a step of the board."""
    counts: dict[str, Q | tuple[str, ...]] = {}
    if access.can(user, "create", Proposal):
        counts["drafts"] = Q(status__in=workflow.DRAFTS, created_by=user)
    if access.can(user, "answer", Proposal) and not access.can(user, "ask", Proposal) and user.organisation_id:
        # the proposing organisation answers; the office, which asks, waits for the answers
        counts["questions"] = Q(awaiting_answer_since__isnull=False, organisation_id=user.organisation_id)
    if access.can(user, "triage", Proposal):
        counts["triage"] = workflow.sources("triage")
    if access.can(user, "qualify", Proposal):
        counts["qualify"] = workflow.sources("qualify")
    if access.can(user, "decide", Proposal):
        counts["decide"] = workflow.AWAITING_DECISION
    return counts


def _counted(user, conditions: dict[str, Q | tuple[str, ...]]) -> dict[str, int]:
    """The number of visible proposals of each condition: those of the board's steps (statuses, each a column of
    the board) from the board's counts (one query, by status, read from an index); the others in one aggregate that
    reads only the rows it counts (a draft of the user's, a question to the user's organisation), not every
    proposal."""
    n: dict[str, int] = {}
    own = {key: cond for key, cond in conditions.items() if isinstance(cond, Q)}
    steps = {key: statuses for key, statuses in conditions.items() if not isinstance(statuses, Q)}
    if own:
        rows = Proposal.objects.visible_to(user).filter(functools.reduce(operator.or_, own.values())).order_by()
        n.update(rows.aggregate(**{key: Count("pk", filter=cond) for key, cond in own.items()}))
    if steps:
        by_status = {column.status: column.count for column in board(user, cards=False)}
        n.update({key: sum(by_status[s] for s in statuses) for key, statuses in steps.items()})
    return n


def proposal_tasks(user) -> list[Task]:
    """Drafts, questions, triage, qualification and decisions: the board's counts and one aggregate over the user's
    own visible proposals (`_counted`)."""
    conditions = _proposal_counts(user)
    if not conditions:
        return []
    n = _counted(user, conditions)
    tasks = []
    if "drafts" in n:
        label = ngettext("draft of yours to finish and submit", "drafts of yours to finish and submit",
                         n["drafts"])  # fmt: skip
        tasks.append(Task("drafts", label, n["drafts"], _list_url(status="draft", mine="true")))
    if "questions" in n:
        label = ngettext("proposal with a question from the portfolio office to answer",
                         "proposals with a question from the portfolio office to answer",
                         n["questions"])  # fmt: skip
        url = _list_url(awaiting_answer="true", organisation=user.organisation_id)
        tasks.append(Task("questions", label, n["questions"], url))
    if "triage" in n:
        label = ngettext("new proposal awaiting triage", "new proposals awaiting triage", n["triage"])
        tasks.append(Task("triage", label, n["triage"], _status_url("triage")))
    if "qualify" in n:
        label = ngettext("proposal to harmonise and qualify", "proposals to harmonise and qualify",
                         n["qualify"])  # fmt: skip
        tasks.append(Task("qualify", label, n["qualify"], _status_url("qualify")))
    if "decide" in n:
        label = ngettext("proposal awaiting a decision", "proposals awaiting a decision", n["decide"])
        url = _list_url(status=workflow.AWAITING_DECISION[0])
        tasks.append(Task("decide", label, n["decide"], url))
    return tasks


def review_tasks(user) -> list[Task]:
    """Reviews assigned to me and not submitted (the review queue), the overdue ones apart."""
    queue = review_queue_for(user)
    if not queue:
        return []
    today = timezone.localdate()
    overdue = sum(1 for a in queue if a.due_date and a.due_date < today)
    url = reverse("portfolio:review_queue")
    tasks = []
    if overdue:
        label = ngettext("review past its due date", "reviews past their due date", overdue)
        tasks.append(Task("reviews_overdue", label, overdue, url, overdue=True))
    rest = len(queue) - overdue
    label = ngettext("review to score and submit", "reviews to score and submit", rest)
    tasks.append(Task("reviews", label, rest, url))
    return tasks


def measure_tasks(user) -> list[Task]:
    """Measures whose review date has passed (the office reviews them), shown on the board."""
    if not access.can(user, "review", Measure):
        return []
    count, _rows = overdue_reviews(user, limit=HOME_OVERDUE)  # what the board panel reads: read once
    label = ngettext("measure review overdue", "measure reviews overdue", count)
    return [Task("measures_overdue", label, count, reverse("portfolio:board") + "#overdue-heading", overdue=True)]
