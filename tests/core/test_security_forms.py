"""core.forms.CleanTextMixin: control characters are stripped from text input before validation."""

from django import forms
from hypothesis import given
from hypothesis import strategies as st

from core.forms import CleanTextMixin, strip_control_characters


class _Form(CleanTextMixin, forms.Form):
    title = forms.CharField(max_length=20)
    body = forms.CharField(widget=forms.Textarea, required=False)
    amount = forms.IntegerField(required=False)


def test_control_characters_are_removed_and_line_breaks_kept():
    form = _Form({"title": "Ny\x00 tittel\x1b", "body": "linje 1\r\nlinje\t2\x07\x7f", "amount": "12"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"title": "Ny tittel", "body": "linje 1\r\nlinje\t2", "amount": 12}


def test_a_field_of_only_control_characters_is_empty_and_required_says_so():
    form = _Form({"title": "\x00\x01\x02"})
    assert not form.is_valid() and "title" in form.errors


@given(st.text())
def test_stripped_text_has_no_control_characters_but_keeps_the_rest(text):
    cleaned = strip_control_characters(text)
    assert not any(ord(c) < 32 and c not in "\t\n\r" or c == "\x7f" for c in cleaned)
    assert [c for c in text if (ord(c) >= 32 and c != "\x7f") or c in "\t\n\r"] == list(cleaned)
