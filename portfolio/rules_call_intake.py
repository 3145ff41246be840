"""Who may do what with a call's own questions and criteria (issue 22, intake per call): the office adds them while
the call is not closed; a question is changed only until a proposal has answered it (then the office adds a new
one and may retire the old). Everyone who sees the call reads its questions. Loaded by `PortfolioConfig.ready()`."""

from __future__ import annotations

from core.access import is_office, rule


def _call_not_closed(call) -> bool:
    return call.closed_at is None


def _unanswered(question) -> bool:
    count = getattr(question, "answer_count", None)  # a list of questions annotates it (one query for them all)
    answered = count > 0 if count is not None else question.answers.exists()
    return question.is_active and question.call.closed_at is None and not answered


def _in_use(question) -> bool:
    return question.is_active


@rule("portfolio.callforproposals", "add_question", "add_criterion", when=_call_not_closed)
def _call_extend(user, call) -> bool:
    return is_office(user)


@rule("portfolio.callquestion", "view")
def _question_view(user, question) -> bool:
    return True  # CallQuestion.objects.visible_to decides (every signed-in user), as for the call


@rule("portfolio.callquestion", "change", when=_unanswered)
def _question_change(user, question) -> bool:
    return is_office(user)


@rule("portfolio.callquestion", "retire", when=_in_use)
def _question_retire(user, question) -> bool:
    return is_office(user)
