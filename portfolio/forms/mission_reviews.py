"""The office's form for the quality check of a mission: the five criteria of Digdir's case, each a judgement
(met, partly met, not met) with a note, and the scope. The service (portfolio/services/mission_reviews.py) checks
the policy and audits."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import CleanTextMixin

from ..models import MissionReview
from ..models.mission_reviews import CRITERIA
from ..services.mission_reviews import REVIEW_FIELDS

NOTE = forms.Textarea(attrs={"rows": 2, "class": "ds-input"})


class MissionReviewForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = MissionReview
        fields = REVIEW_FIELDS
        widgets = {
            **{key: forms.RadioSelect for key, _name, _question in CRITERIA},
            **{f"{key}_note": NOTE for key, _name, _question in CRITERIA},
            "scope": forms.RadioSelect,
            "summary": forms.Textarea(attrs={"rows": 3, "class": "ds-input"}),
        }
        help_texts = {
            **{key: question for key, _name, question in CRITERIA},
            "scope": _("A mission can easily become far too general, or far too small and detailed."),
        }
        error_messages = {
            **{key: {"required": _("Choose a judgement for this criterion.")} for key, _n, _q in CRITERIA},
            "scope": {"required": _("Choose whether the mission is too broad, about right or too narrow.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in [key for key, _name, _question in CRITERIA] + ["scope"]:
            field = self.fields[name]
            field.choices = [c for c in field.choices if c[0]]  # no empty "-----" radio

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            field = self.fields.get(name)
            if field is not None and isinstance(field.widget, forms.RadioSelect):
                field.widget.attrs["aria-invalid"] = "true"

    def criteria(self):
        """The five criteria as (judgement field, note field) pairs, for the template's fieldsets."""
        return [(self[key], self[f"{key}_note"]) for key, _name, _question in CRITERIA]
