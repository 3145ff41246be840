"""FastSelect renders exactly the HTML of Django's Select, escaped, with the selection and the attributes."""

import re

from django import forms

from core.forms import FastSelect, fast_selects


class Pick(forms.Form):
    colour = forms.ChoiceField(
        choices=[("", "All"), ("r", "Rød <b>"), ("g", "Grønn")],
        required=False,
        widget=forms.Select(attrs={"class": "x"}),
    )
    group = forms.ChoiceField(choices=[("Nord", [("a", "Alta"), ("b", "Bodø")]), ("s", "Sør")])
    many = forms.MultipleChoiceField(choices=[("a", "A")], required=False)


def test_fast_select_renders_what_django_renders():
    plain, fast = Pick({"colour": "r", "group": "b"}), Pick({"colour": "r", "group": "b"})
    fast_selects(fast)
    assert type(fast.fields["colour"].widget) is FastSelect and type(fast.fields["group"].widget) is FastSelect
    assert type(fast.fields["many"].widget) is forms.SelectMultiple  # only plain single selects are swapped
    for name in ("colour", "group"):
        assert str(fast[name]) == re.sub(r">\s+<", "><", str(plain[name]))  # Django's template adds whitespace
    html = str(fast["colour"])
    assert "Rød &lt;b&gt;" in html and 'value="r" selected' in html and 'class="x"' in html
