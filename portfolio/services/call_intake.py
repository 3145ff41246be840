"""Intake per call (issue 22): the office's own questions of a call (text, choice, number, file) and its extra rubric
criteria, and a proposal's answers to the questions. Audited; the policy is `portfolio/rules_call_intake.py`.

The answers are saved by the intake services (`intake.proposal_create` / `proposal_update`) in their transaction,
from the form's `call_answers`; a required question is required to submit (`call_answer_problems`, asked with
`submit_problems`), as the proposal's own fields are. A file answer is an attachment of the proposal, stored through
`attachments.attachment_add` with its checks. A question is never changed once answered: add a new one instead."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core import access, audit

from ..choices import CriterionAxis
from ..models import Attachment, CallAnswer, CallForProposals, CallQuestion, Criterion, Proposal
from ..models.call_intake import MAX_CHOICES, MAX_QUESTIONS, QuestionKind
from .attachments import attachment_add

QUESTION_FIELDS = ["label", "help_text", "kind", "required", "choices", "sort_order"]
CRITERION_FIELDS = ["name", "description", "weight", "axis"]


def _choices(kind: str, choices) -> list[str]:
    if kind != QuestionKind.CHOICE:
        return []
    cleaned = []
    for choice in choices or []:
        choice = str(choice).strip()
        if choice and choice not in cleaned:
            cleaned.append(choice[:200])
    if len(cleaned) < 2:
        raise ValidationError({"choices": _("Give at least two choices, one per line.")})
    if len(cleaned) > MAX_CHOICES:
        raise ValidationError({"choices": _("Give at most %(n)s choices.") % {"n": MAX_CHOICES}})
    return cleaned


def _fill(question: CallQuestion, data: Mapping) -> None:
    for name in QUESTION_FIELDS:
        if name in data:
            setattr(question, name, data[name])
    question.label, question.help_text = (question.label or "").strip(), (question.help_text or "").strip()
    question.choices = _choices(question.kind, question.choices)
    question.full_clean(exclude=["call"])


@transaction.atomic
def call_question_add(*, call: CallForProposals, data: Mapping, by) -> CallQuestion:
    """A new question of the call, shown in the intake form of every proposal answering it."""
    access.require(by, "add_question", call)
    call = CallForProposals.objects.select_for_update().get(pk=call.pk)
    access.check_state("add_question", call)
    if call.questions.count() >= MAX_QUESTIONS:
        raise ValidationError(_("A call can have at most %(n)s questions.") % {"n": MAX_QUESTIONS})
    question = CallQuestion(call=call)
    _fill(question, data)
    question.save()
    audit.record(
        actor=by, action="portfolio.call.question_added", obj=call,
        changes={"question": question.pk, **audit.snapshot(question, QUESTION_FIELDS)},
    )  # fmt: skip
    return question


@transaction.atomic
def call_question_update(*, question: CallQuestion, data: Mapping, by) -> CallQuestion:
    """Change a question no proposal has answered yet (once answered, it stays as the proposals saw it)."""
    access.require(by, "change", question)
    current = CallQuestion.objects.select_for_update().select_related("call").get(pk=question.pk)
    if not access.in_state("change", current):
        raise ValidationError(
            _("Proposals have answered this question, so it can no longer be changed. Add a new question instead."),
            code="answered",
        )
    before = audit.snapshot(current, QUESTION_FIELDS)
    _fill(current, data)
    changes = audit.diff(before, audit.snapshot(current, QUESTION_FIELDS))
    if changes:
        current.save(update_fields=QUESTION_FIELDS)
        audit.record(
            actor=by, action="portfolio.call.question_changed", obj=current.call,
            changes={"question": current.pk, **changes},
        )  # fmt: skip
    return current


@transaction.atomic
def call_question_retire(*, question: CallQuestion, by) -> CallQuestion:
    """Stop asking a question (new proposals no longer see it); the answers given stay with their proposals."""
    access.require(by, "retire", question)
    current = CallQuestion.objects.select_for_update().select_related("call").get(pk=question.pk)
    access.check_state("retire", current)
    current.is_active = False
    current.save(update_fields=["is_active"])
    audit.record(
        actor=by, action="portfolio.call.question_retired", obj=current.call,
        changes={"question": current.pk, "label": current.label, "is_active": [True, False]},
    )  # fmt: skip
    return current


@transaction.atomic
def call_criterion_add(*, call: CallForProposals, data: Mapping, by) -> Criterion:
    """An extra rubric criterion for this call's proposals: reviewers score it with the standard rubric, and it
    counts in the weighted result by its weight (`portfolio.queries.scoring.result_from`, the one definition)."""
    access.require(by, "add_criterion", call)
    call = CallForProposals.objects.select_for_update().get(pk=call.pk)
    access.check_state("add_criterion", call)
    criterion = Criterion(call=call, axis=data.get("axis") or CriterionAxis.POTENTIAL, sort_order=100)
    for name in ("name", "description", "weight"):
        if name in data:
            setattr(criterion, name, (data[name] or "").strip() if name != "weight" else data[name])
    criterion.sort_order = 100 + call.criteria.count()
    criterion.full_clean()
    criterion.save()
    audit.record(
        actor=by, action="portfolio.criterion.created", obj=criterion,
        changes={"call": call.pk, **audit.snapshot(criterion, CRITERION_FIELDS)},
    )  # fmt: skip
    return criterion


# ---- answers ------------------------------------------------------------------------------------------------------


def questions_of(call_id) -> list[CallQuestion]:
    """The questions a proposal under this call answers now (those in use), in order."""
    if not call_id:
        return []
    return list(CallQuestion.objects.active().filter(call_id=call_id).order_by("sort_order", "pk"))


def _value(question: CallQuestion, value):
    """A sent answer, checked for its kind; "" or None: no answer."""
    if value in (None, ""):
        return None
    if question.kind == QuestionKind.NUMBER:
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            raise ValidationError({question.field_name: _("Write a number.")}) from None
        if not number.is_finite() or abs(number) >= Decimal(10) ** 14:
            raise ValidationError({question.field_name: _("Write a number.")})
        return number.quantize(Decimal("0.01"))
    if question.kind == QuestionKind.CHOICE:
        if str(value) not in question.choices:
            raise ValidationError({question.field_name: _("Choose one of the choices.")})
        return str(value)
    if question.kind == QuestionKind.TEXT:
        return str(value).strip()[:5000] or None
    return value  # a file


def _shown(answer: CallAnswer | None) -> str | None:
    return answer.display if answer else None


def call_answers_save(*, proposal: Proposal, answers: Mapping[int, object], by) -> None:
    """Save the proposal's answers to its call's questions ({question id: value}; a file question's value is an
    upload, or an `Attachment` of the proposal (the API's reference), and its None keeps the file it has). Answers
    to another call's questions (the proposal changed call) are removed. Inside the intake service's transaction: a
    refused answer rolls the whole save back."""
    questions = {q.pk: q for q in questions_of(proposal.call_id)}
    existing = {
        a.question_id: a
        for a in CallAnswer.objects.select_for_update(of=("self",))
        .select_related("question", "attachment")
        .filter(proposal=proposal)
    }
    changes = {}
    for question_id, answer in list(existing.items()):
        if answer.question.call_id != proposal.call_id:
            changes[answer.question.label] = [_shown(answer), None]
            answer.delete()
            del existing[question_id]
    for question_id, sent in answers.items():
        question = questions.get(int(question_id))
        if question is None:
            continue
        value, answer = _value(question, sent), existing.get(question.pk)
        if question.kind == QuestionKind.FILE:
            if value is None:
                continue  # no new file: the one it has stays
            if isinstance(value, Attachment):  # the API's reference to a file the proposal has (not removed)
                if value.proposal_id != proposal.pk or value.removed_at is not None:
                    raise ValidationError({question.field_name: _("The proposal has no such attachment.")})
            else:
                try:
                    value = attachment_add(proposal=proposal, upload=value, by=by)
                except ValidationError as e:
                    raise ValidationError({question.field_name: e.messages}) from None
        elif isinstance(sent, Attachment):
            raise ValidationError({question.field_name: _("Only a file question is answered with a file.")})
        before = _shown(answer)
        if value is None:
            if answer is not None:
                answer.delete()
                changes[question.label] = [before, None]
            continue
        answer = answer or CallAnswer(proposal=proposal, question=question)
        answer.text = value if question.kind in (QuestionKind.TEXT, QuestionKind.CHOICE) else ""
        answer.number = value if question.kind == QuestionKind.NUMBER else None
        answer.attachment = value if question.kind == QuestionKind.FILE else None
        if answer.display != before:
            answer.save()
            changes[question.label] = [before, answer.display]
    if changes:
        audit.record(actor=by, action="portfolio.proposal.call_answered", obj=proposal, changes=changes)


def call_answer_problems(proposal: Proposal) -> dict[str, str]:
    """The required questions of the proposal's call it has not answered, as {form field: message}: what stops it
    from being submitted, beside `intake.submit_problems`."""
    required = [q for q in questions_of(proposal.call_id) if q.required]
    if not required:
        return {}
    answered = set(CallAnswer.objects.filter(proposal=proposal).values_list("question_id", flat=True))
    message = str(_("Answer this question from the call before you submit."))
    return {q.field_name: message for q in required if q.pk not in answered}
