"""Forms of public access (offentleglova): exempt a part of a record, lift an exemption, log an access request and
answer it. Shape only; the services (portfolio/services/public_access.py) check the policy and the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import CleanTextMixin

from ..models import Measure, Proposal
from ..models.public_access import AccessOutcome, LegalBasis

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})
PROVISION_HELP = _("Required with § 13: the provision that gives the duty of confidentiality, e.g. «fvl. § 13 første "
                   "ledd nr. 1» (personal matters) or «fvl. § 13 første ledd nr. 2» (business secrets).")  # fmt: skip


def _basis_choices():
    return [("", _("Choose the legal basis")), *LegalBasis.choices]


class ExemptionForm(CleanTextMixin, forms.Form):
    part = forms.ChoiceField(
        label=_("Part of the record"), error_messages={"required": _("Choose the field or attachment to exempt.")}
    )
    legal_basis = forms.ChoiceField(
        label=_("Legal basis (offentleglova)"),
        choices=_basis_choices,
        error_messages={"required": _("Choose the section of offentleglova the exemption rests on.")},
    )
    provision = forms.CharField(
        label=_("Provision that gives the duty of confidentiality"), required=False, max_length=200,
        help_text=PROVISION_HELP,
    )  # fmt: skip
    reason = forms.CharField(
        label=_("Reason"), widget=TEXT, error_messages={"required": _("Give the reason for the exemption.")},
        help_text=_("Why the part must be exempt now. Read by the office and your own organisation only."),
    )  # fmt: skip
    review_date = forms.DateField(
        label=_("Review date"), widget=DATE, help_text=_("When the exemption is to be considered again."),
        error_messages={"required": _("Give a review date after today.")},
    )  # fmt: skip

    def __init__(self, *args, parts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["part"].choices = [("", _("Choose a part")), *parts]


class LiftForm(CleanTextMixin, forms.Form):
    lift_reason = forms.CharField(
        label=_("Reason for lifting the exemption"), widget=TEXT,
        error_messages={"required": _("Give the reason for lifting the exemption.")},
    )  # fmt: skip


class AccessRequestForm(CleanTextMixin, forms.Form):
    KIND_CHOICES = [("proposal", _("Proposal")), ("measure", _("Measure"))]

    kind = forms.ChoiceField(label=_("Kind of record"), choices=KIND_CHOICES, widget=forms.RadioSelect)
    number = forms.IntegerField(
        label=_("Number of the proposal or measure"), min_value=1,
        error_messages={"required": _("Give the number of the proposal or measure asked for.")},
    )  # fmt: skip
    received_on = forms.DateField(
        label=_("Received"), widget=DATE, error_messages={"required": _("Give the date the request was received.")}
    )
    requester_name = forms.CharField(label=_("Requester's name"), required=False, max_length=200,
                                     help_text=_("Optional: anyone may ask, also anonymously."))  # fmt: skip
    requester_email = forms.EmailField(label=_("Requester's e-mail"), required=False)
    note = forms.CharField(label=_("What was asked for"), required=False, widget=TEXT)

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        model = {"proposal": Proposal, "measure": Measure}.get(data.get("kind"))
        if model and data.get("number"):
            record = model.objects.visible_to(self.user).filter(pk=data["number"]).first()
            if record is None:
                self.add_error("number", _("There is no such proposal or measure."))
            data["record"] = record
        return data


class AnswerForm(CleanTextMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Answer"), choices=AccessOutcome.choices, widget=forms.RadioSelect,
                                error_messages={"required": _("Choose the answer.")})  # fmt: skip
    refusal_basis = forms.ChoiceField(label=_("Legal basis of a refusal"), choices=_basis_choices, required=False)
    refusal_provision = forms.CharField(
        label=_("Provision that gives the duty of confidentiality"), required=False, max_length=200,
        help_text=PROVISION_HELP,
    )  # fmt: skip
    answered_on = forms.DateField(label=_("Answered"), widget=DATE, required=False,
                                  help_text=_("Today when left empty."))  # fmt: skip
    answer_text = forms.CharField(label=_("Answer to the requester"), required=False, widget=TEXT)
