"""Intake per call (issue 22): the page of a call's own questions and extra criteria, where the office adds,
changes (until answered) and retires questions and adds criteria. Thin views: access → form → service → response."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import access
from core.forms import add_service_errors
from core.htmx import redirect_to

from ..forms.call_intake import CallCriterionForm, CallQuestionForm
from ..models import CallForProposals, CallQuestion
from ..services import call_intake as services

PAGE = "portfolio/calls/call_questions.html"


def _page(request, call, *, status=200, **forms) -> HttpResponse:
    user = request.user
    questions = list(
        CallQuestion.objects.visible_to(user).filter(call=call).annotate(answer_count=Count("answers"))
        .order_by("-is_active", "sort_order", "pk")
    )  # fmt: skip
    for question in questions:
        question.call = call  # asked by the rules: not read again per question
        question.can_change = access.can(user, "change", question)
        question.can_retire = access.can(user, "retire", question)
    ctx = {
        "call": call,
        "questions": questions,
        "criteria": list(call.criteria.order_by("sort_order", "pk")),
        "can_add": access.can(user, "add_question", call),
        "question_form": forms.get("question_form") or CallQuestionForm(auto_id="id_question_%s"),
        "criterion_form": forms.get("criterion_form") or CallCriterionForm(auto_id="id_criterion_%s"),
    }
    return render(request, PAGE, ctx, status=status)


def _back(request, call) -> HttpResponse:
    return redirect_to(request, reverse("portfolio:call_questions", kwargs={"pk": call.pk}))


@require_GET
def call_questions(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, access.get_for_user(request.user, CallForProposals, pk, "view"))


@require_POST
def call_question_add(request: HttpRequest, pk: int) -> HttpResponse:
    call = access.get_for_user(request.user, CallForProposals, pk, "add_question")
    form = CallQuestionForm(request.POST, auto_id="id_question_%s")
    if form.is_valid():
        try:
            services.call_question_add(call=call, data=form.cleaned_data, by=request.user)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("The question was added to the call."))
            return _back(request, call)
    return _page(request, call, status=422, question_form=form)


@require_http_methods(["GET", "POST"])
def call_question_edit(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    call = access.get_for_user(request.user, CallForProposals, pk, "view")
    question = get_object_or_404(CallQuestion.objects.visible_to(request.user).filter(call=call), pk=question_pk)
    access.require_now(request.user, "change", question)  # answered: 409, add a new question instead
    form = CallQuestionForm(request.POST if request.method == "POST" else None, instance=question)
    if request.method == "POST" and form.is_valid():
        try:
            services.call_question_update(question=question, data=form.cleaned_data, by=request.user)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("The question was saved."))
            return _back(request, call)
    status = 422 if request.method == "POST" else 200
    return render(request, "portfolio/calls/call_question_form.html", {"form": form, "call": call}, status=status)


@require_POST
def call_question_retire(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    call = access.get_for_user(request.user, CallForProposals, pk, "view")
    question = get_object_or_404(CallQuestion.objects.visible_to(request.user).filter(call=call), pk=question_pk)
    access.require_now(request.user, "retire", question)
    services.call_question_retire(question=question, by=request.user)
    messages.success(request, _("The question “%(label)s” is no longer asked.") % {"label": question.label})
    return _back(request, call)


@require_POST
def call_criterion_add(request: HttpRequest, pk: int) -> HttpResponse:
    call = access.get_for_user(request.user, CallForProposals, pk, "add_criterion")
    form = CallCriterionForm(request.POST, auto_id="id_criterion_%s")
    if form.is_valid():
        try:
            services.call_criterion_add(call=call, data=form.cleaned_data, by=request.user)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("The criterion was added to the call's rubric."))
            return _back(request, call)
    return _page(request, call, status=422, criterion_form=form)
