"""Forms of the budget scenarios (validation only; the services hold the rules)."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import CleanTextMixin, OptionsSelectMultiple
from core.models import Organisation, OrganisationKind
from lifeevents.models import LifeEvent
from portfolio.models import Measure

from .models import FundingSource
from .scenario_models import Scenario
from .scenario_queries import RUNNING

LINE = re.compile(
    r"^\s*(?P<year>\d{4})\s*(?P<source>[^:=]*?)\s*[:=]\s*(?P<amount>[\d\s.\u00a0]+)\s*(kr|NOK)?\s*$", re.I
)
KEY = re.compile(r"^[TF]\d+$")


def _amounts(text: str, *, with_source: bool) -> dict[str, int]:
    out: dict[str, int] = {}
    sources = {s.lower(): s for s in FundingSource.objects.values_list("name", flat=True)} if with_source else {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = LINE.match(line)
        if not match or (bool(match["source"]) != with_source):
            example = "2027 StimuLab: 5 000 000" if with_source else "2027: 40 000 000"
            raise ValidationError(
                _("Line %(number)s is not understood. Write one year a line, as %(example)s."),
                params={"number": number, "example": example},
            )
        year = int(match["year"])
        if not 2000 <= year <= 2100:
            raise ValidationError(
                _("Line %(number)s: the year must be between 2000 and 2100."), params={"number": number}
            )
        amount = int(re.sub(r"[\s.\u00a0]", "", match["amount"]))
        key = str(year)
        if with_source:
            source = sources.get(match["source"].lower())
            if source is None:
                raise ValidationError(
                    _("Line %(number)s: there is no funding source called “%(source)s”."),
                    params={"number": number, "source": match["source"]},
                )
            key = f"{year}|{source}"
        if key in out:
            raise ValidationError(_("Line %(number)s repeats a year."), params={"number": number})
        out[key] = amount
    return out


class ScenarioForm(CleanTextMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    budgets = forms.CharField(
        label=_("Money per year (NOK)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One year a line, for example “2027: 40 000 000”."),
    )
    source_budgets = forms.CharField(
        label=_("Money per funding source and year (NOK)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("One line for each source and year, for example “2027 StimuLab: 5 000 000”."),
    )
    mandatory = forms.ModelMultipleChoiceField(
        label=_("Measures that must stay"),
        queryset=Measure.objects.none(),
        required=False,
        widget=OptionsSelectMultiple(attrs={"size": 6}),
    )
    exclusions = forms.CharField(
        label=_("Mutual exclusions"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_(
            "One pair a line of which at most one may be chosen, by their codes (T = measure, F = proposal), "
            "for example “T12 F34”."
        ),  # fmt: skip
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mandatory"].queryset = Measure.objects.visible_to(user).filter(status__in=RUNNING).only("title")
        self.life_events = list(LifeEvent.objects.all())
        for le in self.life_events:
            self.fields[f"limit_{le.pk}"] = forms.IntegerField(
                label=_("Most measures and proposals chosen in %(name)s") % {"name": le.name},
                min_value=0,
                max_value=10000,
                required=False,
            )

    @classmethod
    def initial_for(cls, scenario: Scenario) -> dict:
        initial = {
            "name": scenario.name,
            "description": scenario.description,
            "budgets": "\n".join(f"{y}: {a}" for y, a in sorted(scenario.budgets.items())),
            "source_budgets": "\n".join(
                f"{k.split('|')[0]} {k.split('|', 1)[1]}: {a}" for k, a in sorted(scenario.source_budgets.items())
            ),
            "mandatory": list(scenario.mandatory.all()),
            "exclusions": "\n".join(" ".join(pair) for pair in scenario.exclusions),
        }
        initial.update({f"limit_{le}": n for le, n in scenario.life_event_limits.items()})
        return initial

    def clean_budgets(self) -> dict[str, int]:
        budgets = _amounts(self.cleaned_data["budgets"], with_source=False)
        if not budgets:
            raise ValidationError(_("Give the money for at least one year."))
        return budgets

    def clean_source_budgets(self) -> dict[str, int]:
        return _amounts(self.cleaned_data["source_budgets"], with_source=True)

    def clean_exclusions(self) -> list[list[str]]:
        pairs = []
        for number, line in enumerate(self.cleaned_data["exclusions"].splitlines(), start=1):
            keys = line.replace(",", " ").upper().split()
            if not keys:
                continue
            if len(keys) != 2 or not all(KEY.match(k) for k in keys) or keys[0] == keys[1]:
                raise ValidationError(
                    _("Line %(number)s: write two different codes, as “T12 F34”."), params={"number": number}
                )
            pairs.append(keys)
        return pairs

    def cleaned(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if not k.startswith("limit_")}
        data["life_event_limits"] = {
            str(le.pk): self.cleaned_data[f"limit_{le.pk}"]
            for le in self.life_events
            if self.cleaned_data.get(f"limit_{le.pk}") is not None
        }
        return data

    @property
    def limit_fields(self):
        return [self[f"limit_{le.pk}"] for le in self.life_events]

    @property
    def main_fields(self):
        return [self[name] for name in ("name", "description", "budgets", "source_budgets", "mandatory", "exclusions")]


class ShareForm(forms.Form):
    ministries = forms.ModelMultipleChoiceField(
        label=_("Share with these ministries"),
        queryset=Organisation.objects.filter(kind=OrganisationKind.MINISTRY),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class RecommendForm(CleanTextMixin, forms.Form):
    recommendation = forms.CharField(
        label=_("Recommendation to the steering dialogue"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the office recommends the ministries decide, based on this scenario."),
    )


class CompareForm(forms.Form):
    a = forms.ModelChoiceField(label=_("First scenario"), queryset=Scenario.objects.none())
    b = forms.ModelChoiceField(label=_("Second scenario"), queryset=Scenario.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("a", "b"):
            self.fields[name].queryset = Scenario.objects.visible_to(user).only("name")
