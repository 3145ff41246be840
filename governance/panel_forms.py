"""Forms of user panels and shared user journeys (issue 22). Validation only; the rules and the writes are in
governance/panels.py. The proposals and measures offered for a link are those of the panel's or journey's life event
that the user may see (the service checks each one again)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import CleanTextMixin
from core.models import Organisation
from lifeevents.models import LifeEvent
from portfolio.forms.lifecycle import styled
from portfolio.models import Measure, Proposal

from .models import Consultation, JourneyStep, PainPoint, PanelMember, UserJourney, UserPanel

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _organisations():
    return Organisation.objects.filter(is_active=True).order_by("name")


def _links(form, user, life_event) -> None:
    """The proposals and measures of the life event the user may see, as long multiple choices (a combobox)."""
    form.fields["proposals"].queryset = (
        Proposal.objects.visible_to(user).filter(life_events=life_event).only("pk", "title").order_by("title", "pk")
    )
    form.fields["measures"].queryset = (
        Measure.objects.visible_to(user).filter(life_events=life_event).only("pk", "title").order_by("title", "pk")
    )
    for name in ("proposals", "measures"):
        form.fields[name].widget.attrs["data-combobox"] = ""


class UserPanelForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = UserPanel
        fields = ["life_event", "name", "description", "coordinator"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["life_event"].queryset = LifeEvent.objects.all()
        self.fields["coordinator"].queryset = _organisations()
        styled(self)


class PanelMemberForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = PanelMember
        fields = ["name", "email", "phone", "consent_given_on", "consent_purpose", "recruited_by"]
        widgets = {"consent_given_on": DATE, "consent_purpose": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, panel: UserPanel, **kwargs):
        kwargs.setdefault("initial", {"recruited_by": panel.coordinator_id, "consent_given_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["recruited_by"].queryset = _organisations()
        self.fields["phone"].widget.attrs.update(type="tel", autocomplete="off")
        self.fields["email"].widget.attrs["autocomplete"] = "off"
        styled(self)

    def clean(self):
        data = super().clean()
        if not (data.get("email") or data.get("phone")) and not self.has_error("email") and not self.has_error("phone"):
            self.add_error("email", _("Give an e-mail address or a phone number, so the member can be reached."))
        return data


class ConsentWithdrawalForm(forms.Form):
    withdrawn_on = forms.DateField(label=_("Consent withdrawn on"), widget=DATE)
    confirm = forms.BooleanField(
        label=_("I understand that the member's e-mail address and phone number are deleted for good"),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"withdrawn_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        styled(self)


class ConsultationForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Consultation
        fields = ["date", "method", "topic", "participants", "findings", "proposals", "measures"]
        widgets = {"date": DATE, "findings": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, panel: UserPanel, user, **kwargs):
        super().__init__(*args, **kwargs)
        _links(self, user, panel.life_event_id)
        styled(self)


class UserJourneyForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = UserJourney
        fields = ["life_event", "title", "description", "source"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["life_event"].queryset = LifeEvent.objects.all()
        styled(self)


class JourneyStepForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = JourneyStep
        fields = ["title", "description", "agency"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = _organisations()
        styled(self)


class PainPointForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = PainPoint
        fields = ["step", "description", "source", "proposals", "measures"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, journey: UserJourney, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].queryset = JourneyStep.objects.filter(journey=journey).order_by("position")
        _links(self, user, journey.life_event_id)
        styled(self)
