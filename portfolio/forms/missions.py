"""The office's forms of the missions: a mission (title, statement, life events, period) and its measurable targets
(indicator, baseline, target value and date), and which mission targets a benefit serves. The services
(portfolio/services/missions.py, benefits.py) check the policy and audit."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import CleanTextMixin, ScopedFormMixin

from ..models import Benefit, Mission, MissionTarget
from .benefits import DATE
from .intake import _styled


class MissionForm(CleanTextMixin, ScopedFormMixin, forms.ModelForm):
    class Meta:
        model = Mission
        fields = ["title", "statement", "narrative", "life_events", "deadline", "portfolio_start", "portfolio_end"]
        widgets = {
            "statement": forms.Textarea(attrs={"rows": 3}),
            "narrative": forms.Textarea(attrs={"rows": 5}),
            "deadline": DATE,
            "life_events": forms.SelectMultiple(attrs={"data-combobox": ""}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["life_events"].required = False
        _styled(self)


class TargetForm(CleanTextMixin, forms.ModelForm):
    """A measurable target of a mission: from a baseline (value and date) to a target value by a date."""

    class Meta:
        model = MissionTarget
        fields = ["indicator", "unit", "baseline", "baseline_date", "target_value", "target_date"]
        widgets = {"baseline_date": DATE, "target_date": DATE}

    def __init__(self, *args, mission: Mission, **kwargs):
        super().__init__(*args, auto_id="id_target_%s", **kwargs)
        self.instance.mission = mission  # the model's own checks (target after baseline) see the whole target
        _styled(self)


class BenefitTargetsForm(forms.ModelForm):
    """The mission targets a benefit serves (its roll-up onto the missions and the benefits map)."""

    class Meta:
        model = Benefit
        fields = ["targets"]
        widgets = {"targets": forms.CheckboxSelectMultiple}  # a few targets per mission: each one a checkbox

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        targets = self.fields["targets"]
        targets.required = False
        targets.label = _("Mission targets this benefit serves")
        targets.queryset = MissionTarget.objects.select_related("mission").order_by("mission__title", "target_date")
        targets.label_from_instance = lambda t: f"{t.mission.title}: {t.indicator}"
        _styled(self)
