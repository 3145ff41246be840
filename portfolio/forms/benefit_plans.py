"""Forms of the owner's own change of a benefit plan within the office's limits, and of the limits (issue 23).
Validation only; the rule is portfolio/services/plan_limits.py."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.forms import CleanTextMixin, OptionsSelect
from core.models import Organisation

from .lifecycle import styled

DATE = forms.DateInput(attrs={"type": "date"})


class PlanLimitsForm(forms.Form):
    target_percent = forms.IntegerField(label=_("A target may move by at most (%)"), min_value=0, max_value=100)
    date_months = forms.IntegerField(label=_("A target date may move by at most (months)"), min_value=0, max_value=36)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        styled(self)


class PlanOwnerChangeForm(CleanTextMixin, forms.Form):
    """Each benefit of the plan in force: keep it (with its target and target date) or drop it; a new benefit
    (optional); and the reason."""

    reason = forms.CharField(label=_("Reason for the change"), widget=forms.Textarea(attrs={"rows": 3}))
    new_indicator = forms.CharField(label=_("Indicator of the new benefit"), required=False, max_length=200)
    new_owner = forms.ModelChoiceField(
        label=_("Who gains the new benefit"), queryset=Organisation.objects.none(), required=False, widget=OptionsSelect
    )
    new_baseline = forms.DecimalField(label=_("Baseline"), required=False, max_digits=14, decimal_places=2)
    new_target = forms.DecimalField(label=_("Target"), required=False, max_digits=14, decimal_places=2)
    new_target_date = forms.DateField(label=_("Target date"), required=False, widget=DATE)

    def __init__(self, *args, entries: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.entries, self.rows = entries, []
        for n, entry in enumerate(entries):
            name = {"indicator": entry["indicator"]}
            self.fields[f"keep_{n}"] = forms.BooleanField(
                label=gettext("Keep “%(indicator)s”") % name, required=False, initial=True
            )
            self.fields[f"target_{n}"] = forms.DecimalField(
                label=gettext("Target for “%(indicator)s”") % name,
                required=False,
                max_digits=14,
                decimal_places=2,
                initial=entry.get("target") or None,
            )
            self.fields[f"target_date_{n}"] = forms.DateField(
                label=gettext("Target date for “%(indicator)s”") % name,
                required=False,
                widget=DATE,
                initial=entry.get("target_date") or None,
            )
            self.rows.append((entry, self[f"keep_{n}"], self[f"target_{n}"], self[f"target_date_{n}"]))
        self.fields["new_owner"].queryset = Organisation.objects.filter(is_active=True).order_by("name")
        styled(self)

    def new_fields(self):
        return [self[f] for f in self.fields if f.startswith("new_")]

    def clean(self):
        data = super().clean()
        started = any(data.get(f) not in (None, "") for f in self.fields if f.startswith("new_"))
        if started and not data.get("new_indicator"):
            self.add_error("new_indicator", _("Give the new benefit's indicator."))
        if started and not data.get("new_owner"):
            self.add_error("new_owner", _("Say who gains the new benefit."))
        return data

    def benefits(self) -> list[dict]:
        data, out = self.cleaned_data, []
        for n, entry in enumerate(self.entries):
            if data.get(f"keep_{n}"):
                out.append({**entry, "target": data.get(f"target_{n}"), "target_date": data.get(f"target_date_{n}")})
        if data.get("new_indicator"):
            out.append({"key": "", "indicator": data["new_indicator"], "description": "", "unit": "",
                        "owner_id": data["new_owner"].pk, "baseline": data.get("new_baseline"),
                        "target": data.get("new_target"), "target_date": data.get("new_target_date"),
                        "is_disbenefit": False})  # fmt: skip
        return out
