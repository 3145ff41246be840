"""Forms of the strategic drivers (validation only; the rules are in governance/drivers.py)."""

from __future__ import annotations

from itertools import combinations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import CleanTextMixin

from .driver_models import SCORE_MAX, Driver

# Saaty's verbal scale: the value says how many times more important the first driver is than the second.
PAIR_CHOICES = [
    ("9", _("%(a)s is extremely more important")),
    ("7", _("%(a)s is very strongly more important")),
    ("5", _("%(a)s is strongly more important")),
    ("3", _("%(a)s is moderately more important")),
    ("1", _("Equally important")),
    ("1/3", _("%(b)s is moderately more important")),
    ("1/5", _("%(b)s is strongly more important")),
    ("1/7", _("%(b)s is very strongly more important")),
    ("1/9", _("%(b)s is extremely more important")),
]


def _ratio(text: str) -> float:
    top, _slash, bottom = text.partition("/")
    return float(top) / float(bottom or 1)


class DriverForm(CleanTextMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(label=_("What it means"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    sort_order = forms.IntegerField(label=_("Order"), min_value=0, max_value=1000, initial=0)
    is_active = forms.BooleanField(
        label=_("In use"), required=False, initial=True, help_text=_("Drivers not in use are left out of the ranking.")
    )

    @classmethod
    def initial_for(cls, driver: Driver) -> dict:
        return {f: getattr(driver, f) for f in ("name", "description", "sort_order", "is_active")}


class _ShareMixin(forms.Form):
    rubric_share = forms.IntegerField(
        label=_("The rubric's share of the priority value (%)"),
        min_value=0,
        max_value=100,
        initial=50,
        help_text=_("The rest of the priority value comes from the strategic drivers."),
    )
    note = forms.CharField(label=_("Why the weights change"), max_length=300, required=False)


class DirectWeightsForm(CleanTextMixin, _ShareMixin):
    def __init__(self, *args, drivers: list[Driver], weights: dict[int, float], **kwargs):
        super().__init__(*args, **kwargs)
        self.drivers = drivers
        for d in drivers:
            self.fields[f"w_{d.pk}"] = forms.IntegerField(
                label=_("Weight of “%(name)s”") % {"name": d.name},
                min_value=0,
                max_value=1000,
                initial=round(weights.get(d.pk, 0) * 100),
                help_text=_("Any whole numbers; they are scaled to add up to 100 %."),
            )

    @property
    def weight_fields(self):
        return [self[f"w_{d.pk}"] for d in self.drivers]

    def weights(self) -> dict[int, int]:
        return {d.pk: self.cleaned_data[f"w_{d.pk}"] for d in self.drivers}


class PairwiseForm(CleanTextMixin, _ShareMixin):
    def __init__(self, *args, drivers: list[Driver], comparisons: dict[str, float], **kwargs):
        super().__init__(*args, **kwargs)
        self.pairs = list(combinations(drivers, 2))
        for a, b in self.pairs:
            stored = comparisons.get(f"{a.pk}|{b.pk}")
            initial = next((v for v, _label in PAIR_CHOICES if stored and abs(_ratio(v) - stored) < 1e-3), "1")
            self.fields[f"p_{a.pk}_{b.pk}"] = forms.ChoiceField(
                label=_("“%(a)s” against “%(b)s”") % {"a": a.name, "b": b.name},
                choices=[(v, str(label) % {"a": a.name, "b": b.name}) for v, label in PAIR_CHOICES],
                initial=initial,
            )

    @property
    def pair_fields(self):
        return [self[f"p_{a.pk}_{b.pk}"] for a, b in self.pairs]

    def comparisons(self) -> dict[tuple[int, int], float]:
        return {(a.pk, b.pk): _ratio(self.cleaned_data[f"p_{a.pk}_{b.pk}"]) for a, b in self.pairs}


class DriverScoresForm(forms.Form):
    def __init__(self, *args, drivers: list[Driver], scores: dict[int, int], **kwargs):
        super().__init__(*args, **kwargs)
        self.drivers = drivers
        choices = [("", _("Not scored"))] + [(str(n), str(n)) for n in range(SCORE_MAX + 1)]
        for d in drivers:
            self.fields[f"s_{d.pk}"] = forms.TypedChoiceField(
                label=d.name,
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                initial="" if scores.get(d.pk) is None else str(scores[d.pk]),
                help_text=d.description or _("0 = does not serve the driver, 5 = serves it fully."),
            )

    def scores(self) -> dict[int, int | None]:
        return {d.pk: self.cleaned_data[f"s_{d.pk}"] for d in self.drivers}
