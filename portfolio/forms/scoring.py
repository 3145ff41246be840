"""Forms of step 3: a criterion of the rubric, one score, assigning and withdrawing a reviewer."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from core.forms import CleanTextMixin, ConcurrencyFormMixin, NamedModelChoiceField, OptionsSelect, ScopedFormMixin
from lifeevents.models import LifeEvent

from ..models import Criterion
from ..services.scoring import CRITERION_FIELDS, REVIEWER_ROLES


class CriterionForm(CleanTextMixin, ConcurrencyFormMixin, forms.ModelForm):
    class Meta:
        model = Criterion
        fields = CRITERION_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_version_field(self.instance.version if self.instance.pk else 0)
        self.fields["is_active"].help_text = _("A criterion is never deleted; take it out of use instead.")
        for field in self.fields.values():
            if not isinstance(field.widget, (forms.CheckboxInput, forms.HiddenInput)):
                field.widget.attrs.setdefault("class", "ds-input")


class ScoreForm(CleanTextMixin, forms.Form):
    """One score per criterion; the radio labels carry the criterion's descriptors."""

    value = forms.TypedChoiceField(label=_("Score"), coerce=int, widget=forms.RadioSelect(attrs={"class": "ds-input"}))
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2, "class": "ds-input"})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, initial=0)

    def __init__(self, *args, criterion, score=None, **kwargs):
        kwargs.setdefault("prefix", f"c{criterion.pk}")
        if score is not None:
            kwargs.setdefault("initial", {"value": score.value, "comment": score.comment, "version": score.version})
        super().__init__(*args, **kwargs)
        self.criterion = criterion
        self.fields["value"].choices = [(n, f"{n} – {text}" if text else str(n)) for n, text in criterion.descriptors]


class ReviewerAssignForm(ScopedFormMixin, forms.Form):
    reviewer = forms.ModelChoiceField(  # (the office's and agencies' reviewers, a hundred: written in one pass)
        label=_("Reviewer"), queryset=get_user_model().objects.none(), widget=OptionsSelect
    )
    due_date = forms.DateField(
        label=_("Due"), required=False, widget=forms.DateInput(attrs={"type": "date", "class": "ds-input"})
    )

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        taken = proposal.review_assignments.filter(withdrawn_at__isnull=True).values("reviewer_id")
        self.fields["reviewer"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, role__in=REVIEWER_ROLES)
            .exclude(organisation_id=proposal.organisation_id)
            .exclude(pk__in=taken)
            .select_related("organisation")
            .order_by("first_name", "last_name", "username")
        )
        self.fields["reviewer"].label_from_instance = lambda u: (
            f"{u} ({u.organisation.label}, {u.get_role_display()})"
            if u.organisation
            else f"{u} ({u.get_role_display()})"
        )
        self.fields["reviewer"].widget.attrs["class"] = "ds-input"


class ReviewerWithdrawForm(CleanTextMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=500, widget=forms.TextInput(attrs={"class": "ds-input"})
    )


class MatrixFilterForm(ScopedFormMixin, forms.Form):
    life_event = NamedModelChoiceField(
        label=_("Life event"),
        queryset=LifeEvent.objects.order_by("sort_order", "name_nb"),
        required=False,
        widget=OptionsSelect(attrs={"class": "ds-input"}),
        label_field="label",
    )  # (options read as values, as the board's filter: the label is the name in the active language)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        events = self.fields["life_event"]
        events.queryset = events.queryset.annotate(label=LifeEvent.name_expression())  # LifeEvent.name
