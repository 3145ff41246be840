"""Forms of intake per call (issue 22): the office's question and extra criterion of a call, and the call's
questions as fields of the intake form (`add_question_fields`). Validation only; the rules are in
portfolio/services/call_intake.py."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import CleanTextMixin

from ..choices import CriterionAxis
from ..models import CallAnswer, CallQuestion
from ..models.call_intake import MAX_CHOICES, QuestionKind
from ..services import attachments
from ..services.call_intake import questions_of


class RadioSelect(forms.RadioSelect):
    """A group of options answers its own id, so the error summary links to the group (as in forms/intake.py)."""

    def id_for_label(self, id_, index=None):
        return id_ if index is None else super().id_for_label(id_, index)


def _styled(form) -> None:
    for field in form.fields.values():
        if not isinstance(field.widget, (forms.CheckboxInput, forms.RadioSelect, forms.HiddenInput)):
            field.widget.attrs.setdefault("class", "ds-input")


class CallQuestionForm(CleanTextMixin, forms.ModelForm):
    choices = forms.CharField(
        label=_("Choices"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For a question answered by a choice: one choice per line (at least two, at most %(n)s).")
        % {"n": MAX_CHOICES},
    )  # fmt: skip

    class Meta:
        model = CallQuestion
        fields = ["label", "help_text", "kind", "required", "choices", "sort_order"]
        widgets = {"kind": RadioSelect}
        help_texts = {
            "label": _("What the proposers are asked, as they will see it."),
            "help_text": _("An explanation under the question, if needed."),
            "required": _("A proposal cannot be submitted without an answer (a draft can be saved)."),
            "sort_order": _("Lower numbers come first."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["choices"] = "\n".join(self.instance.choices)
        self.fields["sort_order"].required = False
        _styled(self)

    def clean_sort_order(self) -> int:
        return self.cleaned_data.get("sort_order") or 0

    def clean_choices(self) -> list[str]:
        return [line.strip() for line in (self.cleaned_data.get("choices") or "").splitlines() if line.strip()]


class CallCriterionForm(CleanTextMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What the reviewers judge, scored from 1 to 5 like the standard rubric."),
    )  # fmt: skip
    weight = forms.IntegerField(
        label=_("Weight"), min_value=1, max_value=10, initial=1,
        help_text=_("1–10: how much it counts in the weighted result, beside the standard criteria's weights."),
    )  # fmt: skip
    axis = forms.ChoiceField(label=_("Axis"), choices=CriterionAxis.choices, initial=CriterionAxis.POTENTIAL,
                             widget=RadioSelect)  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)


# ---- the call's questions in the intake form -----------------------------------------------------------------------


def _field(question: CallQuestion) -> forms.Field:
    help_text = question.help_text
    if question.required:
        help_text = f"{help_text} {_('Required to submit.')}".strip()
    common = {"label": question.label, "help_text": help_text, "required": False}
    if question.kind == QuestionKind.TEXT:
        return forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 3}), **common)
    if question.kind == QuestionKind.NUMBER:
        return forms.DecimalField(max_digits=16, decimal_places=2, widget=forms.NumberInput(attrs={"step": "any"}),
                                  **common)  # fmt: skip
    if question.kind == QuestionKind.CHOICE:
        return forms.ChoiceField(choices=[(c, c) for c in question.choices], widget=RadioSelect, **common)
    limit = attachments.max_bytes() // (1024 * 1024)
    common["help_text"] = " ".join(
        filter(None, [help_text, str(_("%(kinds)s, at most %(limit)s MB.") % {"kinds": attachments.ALLOWED_LABEL,
                                                                             "limit": limit})])
    )  # fmt: skip
    return forms.FileField(
        widget=forms.FileInput(attrs={"accept": ".pdf,.docx,.xlsx,.pptx,.odt,.png,.jpg,.jpeg"}), **common
    )


def _call_id(form) -> int | None:
    """The call the form is about: the one sent (bound), else the proposal's, else the one it starts with."""
    if form.is_bound:
        raw = form.data.get(form.add_prefix("call"))
        return int(raw) if raw and str(raw).isdigit() else None
    call = form.initial.get("call") or (form.instance.call_id if form.instance.pk else None)
    return getattr(call, "pk", call)


def add_question_fields(form) -> None:
    """Add the questions of the form's call to the intake form (`form.call_questions`), with the proposal's answers
    as their initial values."""
    form.call_questions = questions_of(_call_id(form))
    answers = {}
    if form.instance.pk and form.call_questions:
        answers = {a.question_id: a for a in CallAnswer.objects.filter(proposal=form.instance).select_related(
            "attachment")}  # fmt: skip
    for question in form.call_questions:
        form.fields[question.field_name] = _field(question)
        answer = answers.get(question.pk)
        if answer is None:
            continue
        if question.kind == QuestionKind.FILE:
            field = form.fields[question.field_name]
            now = _("Now: %(name)s. Choose a file only to add a new one in its place.") % {"name": answer.display}
            field.help_text = f"{field.help_text} {now}".strip()
        else:
            form.initial[question.field_name] = answer.number if question.kind == QuestionKind.NUMBER else answer.text
    form.answered = {q.pk for q in form.call_questions if q.pk in answers}


def clean_answers(form, data: dict) -> None:
    """The answers into `data["call_answers"]`; when submitting, a required question without an answer (sent now or
    saved before) is an error on its field."""
    data["call_answers"] = {q.pk: data.get(q.field_name) for q in form.call_questions}
    if not form.submitting:
        return
    for question in form.call_questions:
        name = question.field_name
        if question.required and data.get(name) in (None, "") and question.pk not in form.answered:
            if name not in form.errors:
                form.add_error(name, _("Answer this question from the call before you submit."))


def question_field_names(form) -> list[str]:
    return [q.field_name for q in getattr(form, "call_questions", [])]
