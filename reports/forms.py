"""Forms of the reports pages; rules stay in services.py."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core import access
from core.forms import CleanTextMixin, ConcurrencyFormMixin, ScopedFormMixin
from core.models import Organisation
from lifeevents.choices import Phase
from lifeevents.models import LifeEvent, Participation

from .choices import DocumentKind
from .models import ReportingRound, StatusReport


class RoundForm(CleanTextMixin, ScopedFormMixin, ConcurrencyFormMixin, forms.ModelForm):
    """Opening a round, or editing an open one (then with the version it was loaded at: `round_update`)."""

    class Meta:
        model = ReportingRound
        fields = ["title", "life_event", "deadline", "remind_days_before"]
        widgets = {"deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.add_version_field(self.instance.version)
        self.fields["life_event"].empty_label = _("All life events")
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "ds-input")


class StatusReportForm(CleanTextMixin, ConcurrencyFormMixin, forms.ModelForm):
    """The status of one measure; one extra number field per benefit indicator of the measure."""

    phase = forms.ChoiceField(label=_("Phase"), choices=[("", "—"), *Phase.choices], required=False)

    class Meta:
        model = StatusReport
        fields = ["traffic", "progress", "phase", "spent", "budget", "risks", "needs_from_ministries", "comment"]
        widgets = {
            "traffic": forms.RadioSelect,
            "risks": forms.Textarea(attrs={"rows": 3}),
            "needs_from_ministries": forms.Textarea(attrs={"rows": 3}),
            "comment": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, benefits=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["traffic"].required = False
        self.fields["traffic"].choices = [c for c in self.fields["traffic"].choices if c[0]]
        self.add_version_field(self.instance.version if self.instance.pk else 0)
        values = self.instance.indicator_values or {}
        self.benefit_fields = []
        for benefit in benefits:
            name = f"indicator_{benefit.pk}"
            label = f"{benefit.indicator} ({benefit.unit})" if benefit.unit else benefit.indicator
            self.fields[name] = forms.DecimalField(
                label=label, required=False, max_digits=14, decimal_places=2, initial=values.get(str(benefit.pk))
            )
            self.benefit_fields.append(name)
        for field in self.fields.values():
            if not isinstance(field.widget, (forms.RadioSelect, forms.HiddenInput)):
                field.widget.attrs.setdefault("class", "ds-input")

    def service_data(self) -> dict:
        data = {f: self.cleaned_data.get(f) for f in self.Meta.fields}
        data["phase"] = data["phase"] or ""
        data["indicator_values"] = {
            name.removeprefix("indicator_"): float(self.cleaned_data[name])
            for name in self.benefit_fields
            if self.cleaned_data.get(name) is not None
        }
        return data


class OrderForm(ScopedFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Format"), choices=DocumentKind.choices)
    life_event = forms.ModelChoiceField(
        label=_("Life event"), queryset=LifeEvent.objects.all(), required=False, empty_label=_("All life events")
    )
    ministry = forms.ModelChoiceField(
        label=_("Or a ministry: a brief of all its life events"),
        queryset=Organisation.objects.ministries()
        .filter(
            Q(pk__in=LifeEvent.objects.values("owner_ministry"))
            | Q(pk__in=Participation.objects.values("organisation"))
        )
        .order_by("name"),
        required=False,
        empty_label="—",
    )
    table = forms.ChoiceField(label=_("Table (for CSV)"), required=False)
    evaluations = forms.BooleanField(
        label=_("With the evaluations and their scores (office only; Excel workbook)"), required=False
    )

    def __init__(self, *args, **kwargs):
        from .frames import table_titles

        super().__init__(*args, **kwargs)
        ministry = access.ministry_of(self.user)
        if ministry is not None:
            self.fields["life_event"].queryset = LifeEvent.objects.of_ministry(ministry)
            self.fields["ministry"].queryset = Organisation.objects.filter(pk=ministry)
        if not access.can(self.user, "order_evaluations", ReportingRound):
            del self.fields["evaluations"]  # the scores stay with the office (the reveal rule)
        self.fields["table"].choices = [("", "—"), *table_titles().items()]
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "ds-input")

    def chosen_life_event(self):
        """The report page's "Show" choice: it sends only the life event (the format is chosen when ordering), so
        the life event is read whether or not the rest of the form is filled in; an invalid choice shows all."""
        if not self.is_bound:
            return None
        self.is_valid()
        return self.cleaned_data.get("life_event")

    def params(self) -> dict:
        life_event, ministry = self.cleaned_data.get("life_event"), self.cleaned_data.get("ministry")
        return {
            "life_event": life_event.pk if life_event else None,
            "ministry": ministry.pk if ministry else None,
            "table": self.cleaned_data.get("table"),
            "evaluations": bool(self.cleaned_data.get("evaluations")),
        }
