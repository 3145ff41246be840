"""Forms of the change of a running measure (issue 23): the office's decision with the new scope, deliveries and
benefits, and the owner's answer. Validation only; the rules are in governance/measure_change.py."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.forms import CleanTextMixin
from core.models import Organisation
from portfolio.forms.lifecycle import styled

DATE = forms.DateInput(attrs={"type": "date"})


class MeasureChangeForm(CleanTextMixin, forms.Form):
    """Each benefit of the plan in force: keep it (with its target and target date) or drop it; and one new benefit."""

    rationale = forms.CharField(label=_("Rationale"), widget=forms.Textarea(attrs={"rows": 4}))
    scope = forms.CharField(label=_("New scope"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    deliveries = forms.CharField(label=_("New deliveries"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    new_indicator = forms.CharField(label=_("Indicator"), required=False, max_length=200)
    new_description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    new_owner = forms.ModelChoiceField(label=_("Who gains it"), queryset=Organisation.objects.none(), required=False)
    new_baseline = forms.DecimalField(label=_("Baseline"), required=False, max_digits=14, decimal_places=2)
    new_target = forms.DecimalField(label=_("Target"), required=False, max_digits=14, decimal_places=2)
    new_target_date = forms.DateField(label=_("Target date"), required=False, widget=DATE)
    new_is_disbenefit = forms.BooleanField(label=_("Dis-benefit"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, entries: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.entries = entries
        self.fields["new_owner"].queryset = Organisation.objects.filter(is_active=True).order_by("name")
        self.rows = []
        for n, entry in enumerate(entries):
            keep, target, date = f"keep_{n}", f"target_{n}", f"target_date_{n}"
            name = {"indicator": entry["indicator"]}
            self.fields[keep] = forms.BooleanField(
                label=gettext("Keep “%(indicator)s”") % name, required=False, initial=True
            )
            self.fields[target] = forms.DecimalField(
                label=gettext("Target for “%(indicator)s”") % name,
                required=False,
                max_digits=14,
                decimal_places=2,
                initial=entry.get("target") or None,
            )
            self.fields[date] = forms.DateField(
                label=gettext("Target date for “%(indicator)s”") % name,
                required=False,
                widget=DATE,
                initial=entry.get("target_date") or None,
            )
            self.rows.append((entry, self[keep], self[target], self[date]))
        styled(self)

    def new_fields(self):
        return [self[f] for f in self.fields if f.startswith("new_")]

    def clean(self):
        data = super().clean()
        started = any(data.get(f) not in (None, "", False) for f in self.fields if f.startswith("new_"))
        if started:
            if not data.get("new_indicator"):
                self.add_error("new_indicator", _("Give the new benefit's indicator."))
            if not data.get("new_owner"):
                self.add_error("new_owner", _("Say who gains the new benefit."))
        return data

    def benefits(self) -> list[dict]:
        """The plan entries the measure is to have."""
        data, out = self.cleaned_data, []
        for n, entry in enumerate(self.entries):
            if data.get(f"keep_{n}"):
                out.append({**entry, "target": data.get(f"target_{n}"), "target_date": data.get(f"target_date_{n}")})
        if data.get("new_indicator"):
            out.append(
                {
                    "key": "",
                    "indicator": data["new_indicator"],
                    "description": data.get("new_description", ""),
                    "owner_id": data["new_owner"].pk,
                    "baseline": data.get("new_baseline"),
                    "target": data.get("new_target"),
                    "target_date": data.get("new_target_date"),
                    "is_disbenefit": data.get("new_is_disbenefit", False),
                    "unit": "",
                }
            )
        return out


class MeasureChangeAnswerForm(CleanTextMixin, forms.Form):
    answer = forms.ChoiceField(
        label=_("The owner's answer"),
        choices=[("confirm", _("We confirm the change")), ("disagree", _("We disagree"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when you disagree: it goes to the steering dialogue."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        styled(self)
