from django import forms
from django.utils.translation import gettext_lazy as _

from .kinds import KINDS
from .models import ImportKind
from .rules import may_import


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"), widget=forms.RadioSelect)
    file = forms.FileField(
        label=_("File"),
        help_text=_("An Excel workbook (.xlsx) or a CSV file (UTF-8), with the columns of the template."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (k, label) for k, label in ImportKind.choices if k in KINDS and may_import(user, k)
        ]
        if len(self.fields["kind"].choices) == 1:
            self.fields["kind"].initial = self.fields["kind"].choices[0][0]
