"""Reads of intake per call (issue 22): a proposal's answers to its call's questions (its page), the answers as
columns of the proposal list's export, and the proposals whose text answers match a search (the list's `q`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery
from django.db.models import CharField, Exists, FilteredRelation, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse

from core.export import Column

from .. import redaction
from ..models import CallAnswer, CallQuestion, Proposal
from ..models.call_intake import QuestionKind, call_answer_search_document
from ..models.public_access import ANSWER_PREFIX


@dataclass
class AnswerRow:
    question: CallQuestion
    answer: CallAnswer | None
    url: str = ""  # a file answer's download (the attachments' view checks the policy)

    @property
    def text(self) -> str:
        return self.answer.display if self.answer else ""


def call_questions(proposal: Proposal) -> list[CallQuestion]:
    """The questions of the proposal's call, in the call's order, each with the proposal's answer to it (`mine`, with
    its file; None when it has none): one query (a LEFT JOIN on the answers of this proposal), none without a call.
    The proposal's page reads them once for its answers and for the labels of its exempt answers."""
    if not proposal.call_id:
        return []
    mine = FilteredRelation("answers", condition=Q(answers__proposal_id=proposal.pk))
    questions = list(
        CallQuestion.objects.filter(call_id=proposal.call_id)
        .annotate(mine=mine)
        .select_related("mine", "mine__attachment")
        .order_by("sort_order", "pk")
    )
    for question in questions:
        question.mine = getattr(question, "mine", None)  # (not set on a question it did not answer)
    return questions


def answer_rows(proposal: Proposal, questions: list[CallQuestion] | None = None) -> list[AnswerRow]:
    """The questions of the proposal's call (those in use, and any it answered) with its answers, as the reader of the
    redacted `proposal` may read them (portfolio/redaction.py: an exempt answer gives its legal basis, a file answer
    no link). One query (`call_questions`), none when `questions` were read by it already."""
    if questions is None:
        questions = call_questions(proposal)
    answers = {q.pk: q.mine for q in questions if q.mine is not None}
    redaction.redact_answers(proposal, list(answers.values()))
    rows = []
    for question in questions:
        if not (question.is_active or question.pk in answers):
            continue
        answer = answers.get(question.pk)
        url = ""
        if answer and question.kind == QuestionKind.FILE and answer.attachment_id:
            url = reverse("portfolio:attachment_download", args=[proposal.pk, answer.attachment_id])
        rows.append(AnswerRow(question, answer, url))
    return rows


def answer_columns(rows: Iterable[Proposal]) -> list[Column]:
    """The export's columns for the calls' questions its rows answered (one per question, headed by the call and
    the question, in the call's order), after the list's own. One query, whatever the number of rows."""
    ids = [p.pk for p in rows]
    if not ids:
        return []
    found = list(CallAnswer.objects.filter(proposal_id__in=ids).select_related("question__call", "attachment"))
    by_proposal = {}
    for a in found:
        by_proposal.setdefault(a.proposal_id, []).append(a)
    for row in rows:  # the rows are redacted for the reader: an exempt answer gives its legal basis
        redaction.redact_answers(row, by_proposal.get(row.pk, []))
    answers, questions = {}, {}
    for a in found:
        answers[(a.proposal_id, a.question_id)] = a.display
        questions[a.question_id] = a.question
    order = sorted(questions.values(), key=lambda q: (q.call.deadline, q.call_id, q.sort_order, q.pk))

    def column(question: CallQuestion) -> Column:
        return Column(f"{question.call.title}: {question.label}", lambda p: answers.get((p.pk, question.pk), ""))

    return [column(q) for q in order]


def proposals_answering(query: SearchQuery, user=None) -> QuerySet:
    """The ids of the proposals with a text answer that matches `query` (the GIN index `callanswer_text_fts`). With
    `user`, an answer exempt from public access that the user may not see is not searched for them (a hit would tell
    what it says; portfolio/redaction.py)."""
    answers = CallAnswer.objects.alias(document=call_answer_search_document()).filter(document=query)
    if user is not None:
        key = Concat(Value(ANSWER_PREFIX), Cast(OuterRef("question_id"), CharField()))
        hidden = redaction.hidden_answers(user).filter(proposal_id=OuterRef("proposal_id"), field=key)
        answers = answers.exclude(Exists(hidden))
    return answers.order_by().values("proposal_id")
