"""The filter forms of the roadmap, the benefits map and who pays, who gains (GET; validation only)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import share_options
from core.models import Organisation, OrganisationKind
from lifeevents.models import LifeEvent
from portfolio.models import Measure, Mission


class _LifeEventChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class _OrganisationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.label


def _life_event_field() -> forms.ModelChoiceField:
    return _LifeEventChoice(
        label=_("Life event"), queryset=LifeEvent.objects.order_by("sort_order"), required=False,
        empty_label=_("All life events"),
    )  # fmt: skip


class RoadmapFilterForm(forms.Form):
    life_event = _life_event_field()
    ministry = _OrganisationChoice(
        label=_("Ministry"), required=False, empty_label=_("All ministries"),
        queryset=Organisation.objects.filter(kind=OrganisationKind.MINISTRY).order_by("name"),
    )  # fmt: skip
    agency = _OrganisationChoice(
        label=_("Agency (owner or taking part)"), required=False, empty_label=_("All agencies"),
        queryset=Organisation.objects.filter(pk__in=Measure.objects.values("owner_id")).order_by("name"),
    )  # fmt: skip
    mission = forms.ModelChoiceField(
        label=_("Mission"), queryset=Mission.objects.order_by("title"), required=False, empty_label=_("All missions")
    )
    by = forms.ChoiceField(
        label=_("Group by"),
        choices=[("life_event", _("Life event")), ("mission", _("Mission"))],
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        share_options(self.fields["ministry"], self.fields["agency"])  # the organisations: one query
        # the life events, read once: the options, and the roadmap's groups by life event (`roadmap(life_events=)`)
        self.life_events = share_options(self.fields["life_event"])

    def filters(self) -> dict:
        d = self.cleaned_data
        return {
            "life_event": d["life_event"].pk if d.get("life_event") else None,
            "ministry": d["ministry"].pk if d.get("ministry") else None,
            "agency": d["agency"].pk if d.get("agency") else None,
            "mission": d["mission"].pk if d.get("mission") else None,
            "by": d.get("by") or "life_event",
        }


class BenefitMapFilterForm(forms.Form):
    mission = forms.ModelChoiceField(
        label=_("Mission"), queryset=Mission.objects.order_by("title"), required=False, empty_label=_("All missions")
    )
    life_event = _life_event_field()


class LifeEventFilterForm(forms.Form):
    life_event = _life_event_field()
