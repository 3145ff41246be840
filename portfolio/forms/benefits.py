"""The office's forms of the benefit register: a benefit's plan (owner, baseline, target, indicator) and a
realisation measured on a date. The services (portfolio/services/benefits.py) check the policy and audit."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import CleanTextMixin, ScopedFormMixin

from ..models import Benefit, BenefitRealisation, MissionTarget, TargetMeasurement
from .intake import _styled

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BenefitForm(CleanTextMixin, ScopedFormMixin, forms.ModelForm):
    class Meta:
        model = Benefit
        fields = [
            "indicator",
            "description",
            "unit",
            "baseline",
            "expected_value",
            "expected_date",
            "owner",
            "cost_bearer",
            "is_disbenefit",
            "annual_value_nok",
            "annual_cost_nok",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "expected_date": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)


class RealisationForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = BenefitRealisation
        fields = ["date", "value", "note"]
        widgets = {"date": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, auto_id="id_realisation_%s", **kwargs)
        _styled(self)


class MeasurementForm(CleanTextMixin, forms.ModelForm):
    """A mission target's value measured on a date."""

    class Meta:
        model = TargetMeasurement
        fields = ["target", "date", "value", "note"]
        widgets = {"date": DATE}

    def __init__(self, *args, mission, **kwargs):
        super().__init__(*args, auto_id="id_measurement_%s", **kwargs)
        target = self.fields["target"]
        target.queryset = MissionTarget.objects.filter(mission=mission)  # only this mission's targets
        target.empty_label, target.label = None, _("Target")
        target.label_from_instance = lambda t: t.indicator
        _styled(self)
