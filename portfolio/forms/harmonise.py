"""Forms of step 2 and a proposal's page: the facilitator, the qualification, a message. Validation only; the rules
are in portfolio/services/harmonise.py."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from core.forms import CleanTextMixin, OptionsSelect, ScopedFormMixin

from ..choices import MessageKind, Qualification
from ..models import Measure, Message, Proposal
from ..services.harmonise import facilitator_candidates, facilitator_choices
from ..workflow import OPEN


def _styled(form):
    for field in form.fields.values():
        if not isinstance(field.widget, (forms.CheckboxInput, forms.RadioSelect, forms.HiddenInput)):
            field.widget.attrs.setdefault("class", "ds-input")


class FacilitatorForm(ScopedFormMixin, forms.Form):
    facilitator = forms.ModelChoiceField(
        label=_("Facilitator"), queryset=get_user_model().objects.none(), widget=OptionsSelect
    )  # (its options: `facilitator_choices`, plain (key, label) rows written in one pass)

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["facilitator"]
        # Offered: those the rule allows at first sight; accepted for checking: every office member, so that a
        # refusal says why (the service's rule) instead of "select a valid choice".
        field.queryset = facilitator_candidates()
        field.label_from_instance = lambda u: f"{u} ({u.organisation.label})" if u.organisation else str(u)
        field.widget.choices = [("", field.empty_label), *facilitator_choices(proposal)]
        self.fields["facilitator"].help_text = _(
            "A member of the portfolio office with no stake in the proposal: not from the proposing organisation, "
            "and not from the owner of an overlapping measure."
        )
        _styled(self)


class QualifyForm(CleanTextMixin, ScopedFormMixin, forms.Form):
    """The proposal and measure are given by number (shown in the overlap suggestions), so the page never lists
    thousands of choices; the querysets validate them (only what the user may see)."""

    outcome = forms.ChoiceField(label=_("Outcome"), choices=Qualification.choices, widget=forms.RadioSelect)
    duplicate_of = forms.ModelChoiceField(
        label=_("Number of the proposal it duplicates"),
        queryset=Proposal.objects.filter(status__in=OPEN),
        required=False,
        widget=forms.NumberInput(attrs={"min": 1}),
        help_text=_("Only for a duplicate: the two are merged into that proposal, keeping both texts and authors."),
        error_messages={"invalid_choice": _("There is no proposal in progress with that number.")},
    )
    related_measure = forms.ModelChoiceField(
        label=_("Number of the measure it extends or complements"),
        queryset=Measure.objects.active(),
        required=False,
        widget=forms.NumberInput(attrs={"min": 1}),
        help_text=_("Only when it extends or complements a measure."),
        error_messages={"invalid_choice": _("There is no active measure with that number.")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when it is not qualified: the submitter sees it."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)


class MessageForm(CleanTextMixin, forms.Form):
    kind = forms.ChoiceField(choices=MessageKind.choices, widget=forms.HiddenInput)
    body = forms.CharField(label=_("Message"), max_length=10000, widget=forms.Textarea(attrs={"rows": 3}))
    parent = forms.ModelChoiceField(queryset=Message.objects.none(), required=False, widget=forms.HiddenInput)

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Message.objects.filter(proposal=proposal)
        _styled(self)


class UnmergeForm(CleanTextMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why is the merge undone?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Both submitters can read it in the proposal's history."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)
