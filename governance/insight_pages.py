"""What the pages of user insight (user panels and shared user journeys, issue 22) share: one form on its own page,
and saving it through a service whose refusal goes onto the form."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render

from core.forms import add_service_errors
from core.htmx import redirect_to, template_for

FORM_PAGE = "governance/insight_form.html"


def form_page(request, form, *, heading: str, action: str, submit: str, back, intro: str = "", extra=None):
    """One form on its own page (a partial for htmx), 422 after a refused POST."""
    ctx = {"form": form, "heading": heading, "action": action, "submit": submit, "back": back, "intro": intro,
           **(extra or {})}  # fmt: skip
    status = 422 if request.method == "POST" else 200
    return render(request, template_for(request, FORM_PAGE, "insight-form"), ctx, status=status)


def save_form(request, form, write, success: str, url) -> HttpResponse | None:
    """Run the service on a valid form; its refusal goes onto the form. The redirect on success, else None."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        saved = write(form.cleaned_data)
    except ValidationError as e:
        add_service_errors(form, e)
        return None
    messages.success(request, success)
    return redirect_to(request, url(saved) if callable(url) else url)
