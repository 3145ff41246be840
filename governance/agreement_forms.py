"""Forms of the collaboration agreement (a draft whole: text, bodies, estimate, parties and funding rows; a party's
answer) and of the generation plan. Input only: the services hold the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import CleanTextMixin, OptionsSelect, OptionsSelectMultiple, ScopedFormMixin, share_options
from core.models import Organisation
from lifeevents.choices import PlanningMode
from portfolio.models import Measure, Mission

from .agreement_models import AgreementVersion, ResponseKind
from .agreements import FundingRow, PartyRow
from .generation_models import Generation
from .models import GovernanceBody

MIN_PARTY_ROWS, MIN_FUNDING_ROWS = 5, 8
TEXT_AREAS = ("purpose", "governance_structure", "next_phase_note", "change_note")


def _organisations():
    return Organisation.objects.filter(is_active=True).order_by("name")


class AgreementVersionForm(CleanTextMixin, ScopedFormMixin, forms.ModelForm):
    """The draft with a row per party (organisation, roles and responsibilities) and a row per party and year of
    funding; empty rows are ignored. Rows are numbered fields, so errors link to the field like any other."""

    bodies = forms.ModelMultipleChoiceField(
        label=_("Governance bodies"),
        queryset=GovernanceBody.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The bodies of the governance structure; they are shown on the life event once it is in force."),
    )

    class Meta:
        model = AgreementVersion
        fields = [
            "purpose",
            "governance_structure",
            "bodies",
            "next_phase_months",
            "next_phase_cost",
            "next_phase_person_years",
            "next_phase_note",
            "change_note",
        ]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in TEXT_AREAS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("next_phase_cost", "next_phase_person_years"):
            self.fields[name].localize = True  # «3,5» as the user writes it in Norwegian (a number input refuses it)
            self.fields[name].widget = forms.TextInput(attrs={"inputmode": "decimal"})
            self.fields[name].widget.is_localized = True
        if self.instance.number <= 1:
            del self.fields["change_note"]
        parties = list(self.instance.parties.select_related("organisation")) if self.instance.pk else []
        lines = list(self.instance.funding_lines.select_related("party")) if self.instance.pk else []
        self.party_rows = max(MIN_PARTY_ROWS, len(parties) + 2)
        self.funding_rows = max(MIN_FUNDING_ROWS, len(lines) + 3)
        organisations = _organisations()
        for i in range(1, self.party_rows + 1):
            party = parties[i - 1] if i <= len(parties) else None
            self.fields[f"party_{i}"] = forms.ModelChoiceField(
                label=_("Party %(n)s") % {"n": i}, queryset=organisations, required=False,
                initial=party.organisation_id if party else None, widget=OptionsSelect,
            )  # fmt: skip
            self.fields[f"roles_{i}"] = forms.CharField(
                label=_("Roles and responsibilities of party %(n)s") % {"n": i}, required=False,
                widget=forms.Textarea(attrs={"rows": 2}), initial=party.roles if party else "",
            )  # fmt: skip
        for i in range(1, self.funding_rows + 1):
            line = lines[i - 1] if i <= len(lines) else None
            self.fields[f"funding_{i}_party"] = forms.ModelChoiceField(
                label=_("Funding row %(n)s: party") % {"n": i}, queryset=organisations, required=False,
                initial=line.party.organisation_id if line else None, widget=OptionsSelect,
            )  # fmt: skip
            self.fields[f"funding_{i}_year"] = forms.IntegerField(
                label=_("Funding row %(n)s: year") % {"n": i}, required=False, min_value=2000, max_value=2100,
                initial=line.year if line else None,
            )  # fmt: skip
            self.fields[f"funding_{i}_amount"] = forms.DecimalField(
                label=_("Funding row %(n)s: amount (NOK)") % {"n": i}, required=False, min_value=0,
                max_digits=14, decimal_places=0, initial=line.amount if line else None,
            )  # fmt: skip
        # every row's select offers the same organisations: read once for all of them, not once a select
        selects = [self.fields[f"party_{i}"] for i in range(1, self.party_rows + 1)]
        selects += [self.fields[f"funding_{i}_party"] for i in range(1, self.funding_rows + 1)]
        share_options(*selects, rows=organisations)

    @property
    def party_fields(self):
        return [(self[f"party_{i}"], self[f"roles_{i}"]) for i in range(1, self.party_rows + 1)]

    @property
    def funding_fields(self):
        return [
            (self[f"funding_{i}_party"], self[f"funding_{i}_year"], self[f"funding_{i}_amount"])
            for i in range(1, self.funding_rows + 1)
        ]

    @property
    def main_fields(self):
        return [self[name] for name in self._meta.fields if name in self.fields]

    def clean(self):
        data = super().clean()
        for i in range(1, self.party_rows + 1):
            if data.get(f"roles_{i}") and not data.get(f"party_{i}"):
                self.add_error(f"party_{i}", _("Choose the party these roles belong to."))
            if data.get(f"party_{i}") and not (data.get(f"roles_{i}") or "").strip():
                self.add_error(f"roles_{i}", _("Give the party's roles and responsibilities."))
        for i in range(1, self.funding_rows + 1):
            values = [data.get(f"funding_{i}_{k}") for k in ("party", "year", "amount")]
            if any(v not in (None, "") for v in values) and any(v in (None, "") for v in values):
                self.add_error(f"funding_{i}_party", _("Give the party, the year and the amount, or none of them."))
        return data

    def parties(self) -> list[PartyRow]:
        d = self.cleaned_data
        return [
            PartyRow(d[f"party_{i}"], d[f"roles_{i}"]) for i in range(1, self.party_rows + 1) if d.get(f"party_{i}")
        ]

    def funding(self) -> list[FundingRow]:
        d = self.cleaned_data
        return [
            FundingRow(d[f"funding_{i}_party"], d[f"funding_{i}_year"], d[f"funding_{i}_amount"])
            for i in range(1, self.funding_rows + 1)
            if d.get(f"funding_{i}_party") and d.get(f"funding_{i}_year") and d.get(f"funding_{i}_amount") is not None
        ]

    def version_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields if name in self.fields}


class AgreementResponseForm(CleanTextMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Your organisation's answer"), choices=ResponseKind.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason or comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you decline: what must change for your organisation to confirm."),
    )

    def clean(self):
        data = super().clean()
        if data.get("kind") == ResponseKind.DECLINED and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason why your organisation declines."))
        return data


class PlanningModeForm(forms.Form):
    planning_mode = forms.ChoiceField(
        label=_("The life event plans in"), choices=PlanningMode.choices, widget=forms.RadioSelect
    )


class GenerationForm(CleanTextMixin, ScopedFormMixin, forms.ModelForm):
    class Meta:
        model = Generation
        fields = [
            "number",
            "name",
            "start_year",
            "end_year",
            "state",
            "concept",
            "missions",
            "measures",
            "building_blocks",
            "arena",
            "legacy",
        ]
        widgets = {
            "concept": forms.Textarea(attrs={"rows": 3}),
            "building_blocks": forms.Textarea(attrs={"rows": 4}),
            "arena": forms.Textarea(attrs={"rows": 3}),
            "legacy": forms.Textarea(attrs={"rows": 3}),
            "missions": OptionsSelectMultiple(attrs={"data-combobox": ""}),
            "measures": OptionsSelectMultiple(attrs={"data-combobox": ""}),
        }

    def __init__(self, *args, life_event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["missions"].queryset = Mission.objects.filter(life_events=life_event).order_by("title")
        self.fields["measures"].queryset = (
            Measure.objects.visible_to(self.user).filter(life_events=life_event).order_by("title")
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("start_year"), data.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", _("The last year cannot be before the first."))
        return data
