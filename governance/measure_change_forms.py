"""Forms of the change of a running measure (issue 23): the office's decision with the new scope, deliveries and
benefits, and the owner's answer. Validation only; the rules are in governance/measure_change.py."""

from django import forms
from django.forms.utils import ErrorDict
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.forms import CleanTextMixin
from core.models import Organisation
from portfolio.forms.lifecycle import styled

DATE = forms.DateInput(attrs={"type": "date"})


NEW_MAX = 10  # new benefits one change can add (the page adds a row at a time)


class MeasureChangeForm(CleanTextMixin, forms.Form):
    """Each benefit of the plan in force: keep it (with its target and target date) or drop it; and new benefits, one
    row each (`new_count` rows; "Add another new benefit" posts back with one more). When the change drops a benefit
    another organisation gains, the page warns before the decision and the office confirms it has seen that."""

    rationale = forms.CharField(label=_("Rationale"), widget=forms.Textarea(attrs={"rows": 4}))
    scope = forms.CharField(label=_("New scope"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    deliveries = forms.CharField(label=_("New deliveries"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput)
    new_count = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=NEW_MAX, required=False)

    def __init__(self, *args, entries: list[dict], dependants: dict | None = None, adding: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.entries = entries
        self.dependants = dependants or {}  # entry key -> the organisation that depends on it (not the owner)
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
            dependant = self.dependants.get(entry["key"])
            self.rows.append((entry, self[keep], self[target], self[date], dependant))
        self.new_count = self._count(adding)
        owners = Organisation.objects.filter(is_active=True).order_by("name")
        self.new_rows = []
        for i in range(self.new_count):
            n = {"n": i + 1}
            self.fields[f"new_{i}_indicator"] = forms.CharField(
                label=gettext("Indicator of new benefit %(n)s") % n, required=False, max_length=200
            )
            self.fields[f"new_{i}_description"] = forms.CharField(
                label=gettext("Description of new benefit %(n)s") % n,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"new_{i}_owner"] = forms.ModelChoiceField(
                label=gettext("Who gains new benefit %(n)s") % n, queryset=owners, required=False
            )
            self.fields[f"new_{i}_baseline"] = forms.DecimalField(
                label=gettext("Baseline of new benefit %(n)s") % n, required=False, max_digits=14, decimal_places=2
            )
            self.fields[f"new_{i}_target"] = forms.DecimalField(
                label=gettext("Target of new benefit %(n)s") % n, required=False, max_digits=14, decimal_places=2
            )
            self.fields[f"new_{i}_target_date"] = forms.DateField(
                label=gettext("Target date of new benefit %(n)s") % n, required=False, widget=DATE
            )
            self.fields[f"new_{i}_is_disbenefit"] = forms.BooleanField(
                label=gettext("New benefit %(n)s is a dis-benefit") % n, required=False
            )
            self.new_rows.append((i + 1, [self[f] for f in self.fields if f.startswith(f"new_{i}_")]))
        self.fields["new_count"].initial = self.new_count
        if adding:  # a row more, the rest as typed: nothing is checked yet
            self.data = self.data.copy()
            self.data["new_count"] = str(self.new_count)
            self._errors = ErrorDict()
        if any(self.dependants.values()):
            self.fields["confirm_drop"] = forms.BooleanField(
                label=_("We have seen the warning and decide to drop the benefit all the same"), required=False
            )
        styled(self)

    def _count(self, adding: bool) -> int:
        try:
            count = int(self.data.get("new_count") or 1) if self.is_bound else 1
        except (TypeError, ValueError):
            count = 1
        count = max(1, min(count, NEW_MAX))
        return min(count + 1, NEW_MAX) if adding else count

    def may_add(self) -> bool:
        return self.new_count < NEW_MAX

    def _new_started(self, data, i) -> bool:
        return any(data.get(f"new_{i}_{f}") not in (None, "", False) for f in NEW_FIELDS)

    def clean(self):
        data = super().clean()
        for i in range(self.new_count):
            if self._new_started(data, i):
                if not data.get(f"new_{i}_indicator"):
                    self.add_error(f"new_{i}_indicator", _("Give the new benefit's indicator."))
                if not data.get(f"new_{i}_owner"):
                    self.add_error(f"new_{i}_owner", _("Say who gains the new benefit."))
        return data

    def benefits(self) -> list[dict]:
        """The plan entries the measure is to have."""
        data, out = self.cleaned_data, []
        for n, entry in enumerate(self.entries):
            if data.get(f"keep_{n}"):
                out.append({**entry, "target": data.get(f"target_{n}"), "target_date": data.get(f"target_date_{n}")})
        for i in range(self.new_count):
            if data.get(f"new_{i}_indicator"):
                out.append(
                    {
                        "key": "",
                        "indicator": data[f"new_{i}_indicator"],
                        "description": data.get(f"new_{i}_description", ""),
                        "owner_id": data[f"new_{i}_owner"].pk,
                        "baseline": data.get(f"new_{i}_baseline"),
                        "target": data.get(f"new_{i}_target"),
                        "target_date": data.get(f"new_{i}_target_date"),
                        "is_disbenefit": data.get(f"new_{i}_is_disbenefit", False),
                        "unit": "",
                    }
                )
        return out


NEW_FIELDS = ("indicator", "description", "owner", "baseline", "target", "target_date", "is_disbenefit")


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
