"""The office's form of a measure's funding in one year: from a source, an amount or, when it is not known, none
(a status then says what is known). The services (governance/services.py) check the policy and audit."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import CleanTextMixin, NamedModelChoiceField, OptionsSelect, ScopedFormMixin
from portfolio.models import Measure

from .models import Funding, FundingSource


class FundingForm(CleanTextMixin, ScopedFormMixin, forms.ModelForm):
    measure = NamedModelChoiceField(  # every measure: its options read as (key, title) and written in one pass
        Measure.objects.order_by("title", "pk"), label=_("Measure"), label_field="title",
        widget=OptionsSelect(attrs={"data-combobox": ""}),
    )  # fmt: skip
    source = forms.ModelChoiceField(FundingSource.objects.order_by("name"), label=_("Source"))

    class Meta:
        model = Funding
        fields = ["measure", "year", "source", "amount", "status", "raw_text"]
        widgets = {"raw_text": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"amount": _("Leave it empty when the amount is not known; then give a status.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if not isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs.setdefault("class", "ds-input")
