"""Forms of step 1, intake: the proposal form, withdrawal, attachments, calls for proposals. Validation only; the
rules are in portfolio/services/intake.py (and attachments.py, calls.py)."""

from django import forms
from django.core import signing
from django.db.models import Q, prefetch_related_objects
from django.utils.translation import gettext_lazy as _

from core.forms import (
    CleanTextMixin,
    ConcurrencyFormMixin,
    NamedModelChoiceField,
    NamedModelMultipleChoiceField,
    OptionsSelectMultiple,
    ScopedFormMixin,
)
from core.models import Organisation

from ..choices import Channel, Origin
from ..models import CallForProposals, Proposal
from ..services import attachments
from ..services.calls import CALL_FIELDS, date_problems
from ..services.intake import M2M_FIELDS, OFFICE_CHANNELS, comparable, proposal_values, submit_problems
from . import call_intake

CHOICE_WIDGETS = (forms.CheckboxSelectMultiple, forms.RadioSelect)
# With JavaScript the partners' select becomes a searchable combobox (static/js/portal.js), with this help text.
HELP = _(
    "Other organisations that would take part. Type a few letters of the name and choose with the arrow keys and "
    "Enter; choose as many as you need, and remove one with its cross."
)
BASE_SALT = "portfolio.proposal.base"


class _GroupIdMixin:
    """A group of options answers its own id (the options' container in components/_field.html), so the error
    summary links to the group; Django answers "" for groups (its labels use a legend instead)."""

    def id_for_label(self, id_, index=None):
        return id_ if index is None else super().id_for_label(id_, index)


class CheckboxSelectMultiple(_GroupIdMixin, forms.CheckboxSelectMultiple):
    pass  # same class name: components/_field.html renders by `widget_type`


class RadioSelect(_GroupIdMixin, forms.RadioSelect):
    pass


def _styled(form) -> None:
    for field in form.fields.values():
        if not isinstance(field.widget, (forms.CheckboxInput, *CHOICE_WIDGETS, forms.HiddenInput)):
            field.widget.attrs.setdefault("class", "ds-input")


def _mark_invalid_groups(form) -> None:
    """A group of checkboxes or radios with an error: each option says so (aria-invalid), like a single input."""
    for name in form.errors:
        field = form.fields.get(name)
        if field is not None and isinstance(field.widget, CHOICE_WIDGETS):
            field.widget.attrs["aria-invalid"] = "true"


class ProposalForm(CleanTextMixin, ScopedFormMixin, ConcurrencyFormMixin, forms.ModelForm):
    """The intake form. The office also chooses the proposing organisation (when registering) and the channel;
    agency staff register for their own organisation. `submitting=True` also asks what a submission needs."""

    class Meta:
        model = Proposal
        fields = [
            "title",
            "need",
            "solution",
            "expected_benefits",
            "beneficiaries",
            "life_events",
            "missions",
            "estimated_cost",
            "partners",
            "call",
        ]
        # The partners: two hundred organisations and more, read as (key, name) and written in one pass
        # (core.forms), not a model instance and a template per option: most of the form's CPU
        field_classes = {"partners": NamedModelMultipleChoiceField}
        widgets = {
            "need": forms.Textarea(attrs={"rows": 5}),
            "solution": forms.Textarea(attrs={"rows": 5}),
            "expected_benefits": forms.Textarea(attrs={"rows": 3}),
            "beneficiaries": forms.Textarea(attrs={"rows": 2}),
            "life_events": CheckboxSelectMultiple,
            "missions": CheckboxSelectMultiple,
            "partners": OptionsSelectMultiple(attrs={"size": 8, "data-combobox": "", "data-combobox-help": HELP}),
            "estimated_cost": forms.NumberInput(attrs={"min": 0, "step": 1, "inputmode": "numeric"}),
        }
        help_texts = {
            "need": _("What the people who meet the services experience today, in their words: not the solution."),
            "solution": _("Can be rough in a draft. Required to submit."),
            "expected_benefits": _("What gets better, and how it could be measured. Required to submit."),
            "beneficiaries": _("Users, agencies, municipalities … Required to submit."),
            "missions": _("The missions of the life events the proposal contributes to, if any."),
            "estimated_cost": _("A rough estimate in Norwegian kroner, if you have one."),
            "partners": _(
                "Other organisations that would take part. Hold Ctrl (Cmd on a Mac) to choose more than one."
            ),
        }

    def __init__(self, *args, user, submitting: bool = False, creating: bool = False, **kwargs):
        instance = kwargs.get("instance")
        if instance is not None and instance.pk:
            # A saved proposal's call and relations, read once (not again when read with it): its initial values
            # (ModelForm's) and its base (below) read the same ones
            prefetch_related_objects([instance], "call", *M2M_FIELDS)
        super().__init__(*args, user=user, **kwargs)
        from core import access

        self.submitting = submitting
        on_behalf = access.can(user, "register_on_behalf", Proposal)
        if creating and on_behalf:
            self.fields["organisation"] = NamedModelChoiceField(
                label=_("Proposing organisation"),
                queryset=Organisation.objects.visible_to(user).filter(is_active=True),
                help_text=_("The office registers the proposal on behalf of this organisation."),
            )
            self.order_fields(["organisation"])
        if on_behalf and (creating or self.instance.channel in OFFICE_CHANNELS):  # an agency's stays "submitted"
            self.fields["channel"] = forms.ChoiceField(
                label=_("Channel"),
                choices=[(c.value, c.label) for c in Channel if c in OFFICE_CHANNELS],
                initial=self.instance.channel if self.instance.channel in OFFICE_CHANNELS else Channel.SOUGHT_OUT,
                widget=RadioSelect,
            )
            self.fields["origin"] = forms.ChoiceField(
                label=_("Where it was found"),
                choices=[("", _("Not stated")), *Origin.choices],
                initial=self.instance.origin,
                required=False,
                help_text=_("For an opportunity the office sought out or received: interviews, a user panel, field "
                            "work, what other measures and life events have learned …"),
            )  # fmt: skip
        # A unit deleted from Enhetsregisteret (inactive) is no longer offered as a partner; one the proposal has
        # already keeps its place.
        linked = self.instance.partners.values("pk") if self.instance.pk else Organisation.objects.none()
        self.fields["partners"].queryset = self.fields["partners"].queryset.filter(Q(is_active=True) | Q(pk__in=linked))
        own = self.instance.organisation_id if self.instance.pk else getattr(user, "organisation_id", None)
        if own and not on_behalf:
            self.fields["partners"].queryset = self.fields["partners"].queryset.exclude(pk=own)
        open_calls = CallForProposals.objects.visible_to(user).open()
        if self.instance.call_id:  # a proposal keeps the call it answered, even when the call has closed
            open_calls = CallForProposals.objects.visible_to(user).filter(
                Q(pk__in=open_calls.values("pk")) | Q(pk=self.instance.call_id)
            )
        self.fields["call"].queryset = open_calls.order_by("deadline", "pk")
        self.fields["call"].empty_label = _("None – a proposal on our own initiative")
        self.fields["call"].help_text = _("Choose the call if the proposal answers one of the office's calls.")
        self.fields["life_events"].help_text = _("Choose at least one.")
        if not self.fields["missions"].queryset.exists():
            del self.fields["missions"]  # no missions yet: no empty group to wade through
        if self.instance.pk:
            self.add_version_field(self.instance.version)
            # The values as loaded, for the three-way merge when someone else saves meanwhile (signed: not forged).
            base = signing.dumps(comparable(proposal_values(self.instance)), salt=BASE_SALT)
            self.fields["base"] = forms.CharField(widget=forms.HiddenInput, initial=base, required=False)
        call_intake.add_question_fields(self)  # the call's own questions, after the proposal's fields
        self.order_fields([name for _title, names in self.SECTIONS for name in names])  # the summary's order too
        _styled(self)

    SECTIONS = (
        (_("The proposal"), ("organisation", "title", "need", "solution")),
        (_("Where it belongs"), ("life_events", "missions", "call")),
        (_("Benefits, cost and partners"), ("expected_benefits", "beneficiaries", "estimated_cost", "partners")),
        (_("How it came in"), ("channel", "origin")),
    )

    def clean_base(self) -> dict | None:
        try:
            return signing.loads(self.cleaned_data.get("base") or "", salt=BASE_SALT)
        except signing.BadSignature:
            return None  # no base: a stale save is refused as a plain conflict

    def sections(self) -> list[tuple[str, list]]:
        """The visible fields in titled groups (a heading each), skipping groups with no field for this user."""
        groups = [(title, [self[name] for name in names if name in self.fields]) for title, names in self.SECTIONS]
        groups.append((_("Questions from the call"), [self[n] for n in call_intake.question_field_names(self)]))
        return [(title, fields) for title, fields in groups if fields]

    @property
    def has_files(self) -> bool:
        """The form sends a file (a question of the call answered by one): multipart."""
        return any(isinstance(f, forms.FileField) for f in self.fields.values())

    def clean(self):
        data = super().clean()
        if self.submitting:
            for field, message in submit_problems(data).items():
                if field in self.fields and field not in self.errors:
                    self.add_error(field, message)
        call_intake.clean_answers(self, data)
        return data

    def full_clean(self):
        super().full_clean()
        _mark_invalid_groups(self)


class WithdrawForm(CleanTextMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why is the proposal withdrawn?"),
        max_length=2000,
        help_text=_("The portfolio office and everyone who follows the proposal will see the reason."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        max_length=255,
        widget=forms.FileInput(attrs={"accept": ".pdf,.docx,.xlsx,.pptx,.odt,.png,.jpg,.jpeg"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = attachments.max_bytes() // (1024 * 1024)
        self.fields["file"].help_text = _("%(kinds)s, at most %(limit)s MB.") % {
            "kinds": attachments.ALLOWED_LABEL,
            "limit": limit,
        }
        _styled(self)


class AttachmentRemoveForm(CleanTextMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why is the attachment removed?"), max_length=500, widget=forms.TextInput(attrs={"class": "ds-input"})
    )


class CallForm(CleanTextMixin, ScopedFormMixin, ConcurrencyFormMixin, forms.ModelForm):
    class Meta:
        model = CallForProposals
        fields = CALL_FIELDS
        widgets = {
            "question": forms.Textarea(attrs={"rows": 4}),
            "opens_at": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "question": _("What the office asks the agencies for, in plain words."),
            "mission": _("Choose a life event, a mission, or both."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        late = self.fields["late_submissions"]
        late.widget, late.required = RadioSelect(choices=late.choices), False  # not given: as it is (refuse)
        if self.instance.pk:
            self.add_version_field(self.instance.version)
            self.fields["version"].required = False  # without it, a save is not checked for conflicts
        _styled(self)

    def clean_late_submissions(self):
        return self.cleaned_data.get("late_submissions") or self.instance.late_submissions

    def clean(self):
        data = super().clean()
        problems = date_problems(data.get("opens_at"), data.get("deadline"), new=self.instance.pk is None)
        for field, message in problems.items():  # on the field, before the database constraint says it vaguely
            self.add_error(field, message)
        return data
