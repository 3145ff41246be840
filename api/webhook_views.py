"""Self-service webhooks: an organisation's people subscribe their systems to its events, and see, pause, resume,
delete and send deliveries again, next to the administrators' admin. Every view asks the same policy (api/rules.py)
and calls the webhook services."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from core import access
from core.forms import CleanTextMixin, add_service_errors
from core.htmx import redirect_to

from . import webhooks
from .models import WebhookDelivery, WebhookEvent, WebhookSubscription

DELIVERIES_SHOWN = 50


class SubscriptionForm(CleanTextMixin, forms.Form):
    url = forms.URLField(
        label=gettext_lazy("Address of the receiving system"),
        max_length=500,
        help_text=gettext_lazy("Must start with https://. Each delivery is a signed POST to this address."),
    )
    events = forms.MultipleChoiceField(
        label=gettext_lazy("Events"), choices=WebhookEvent.choices, widget=forms.CheckboxSelectMultiple
    )


def _list(request: HttpRequest, form: SubscriptionForm, status: int = 200) -> HttpResponse:
    own = WebhookSubscription.objects.visible_to(request.user).filter(organisation_id=request.user.organisation_id)
    ctx = {"form": form, "subscriptions": own.select_related("owner")}
    return render(request, "api/webhook_list.html", ctx, status=status)


@require_GET
def webhook_list(request: HttpRequest) -> HttpResponse:
    access.require(request.user, "view", WebhookSubscription)
    return _list(request, SubscriptionForm())


@require_POST
def webhook_create(request: HttpRequest) -> HttpResponse:
    access.require(request.user, "create", WebhookSubscription)
    form = SubscriptionForm(request.POST)
    if form.is_valid():
        try:
            subscription = webhooks.subscription_create(
                organisation=request.user.organisation,
                owner=request.user,
                url=form.cleaned_data["url"],
                events=form.cleaned_data["events"],
                by=request.user,
            )
        except ValidationError as e:
            add_service_errors(form, e)
        else:  # the signing secret is shown this once, on this page, and never again
            messages.success(request, _("The subscription was created. Copy the signing secret now."))
            return _detail(request, subscription, secret=subscription.secret, status=201)
    return _list(request, form, status=422)


def _detail(request, subscription, secret: str = "", status: int = 200) -> HttpResponse:
    deliveries = subscription.deliveries.order_by("-created_at", "-pk")[:DELIVERIES_SHOWN]
    ctx = {"subscription": subscription, "deliveries": deliveries, "secret": secret}
    return render(request, "api/webhook_detail.html", ctx, status=status)


@require_GET
def webhook_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, access.get_for_user(request.user, WebhookSubscription, pk))


def _act(request: HttpRequest, pk: int, action: str, service, done: str) -> HttpResponse:
    subscription = access.get_for_user(request.user, WebhookSubscription, pk, action)
    service(subscription=subscription, by=request.user)
    messages.success(request, done)
    return redirect_to(request, reverse("webhooks:webhook_detail", kwargs={"pk": pk}))


@require_POST
def webhook_pause(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "change", webhooks.subscription_pause, _("The subscription is paused."))


@require_POST
def webhook_resume(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "change", webhooks.subscription_resume, _("The subscription is active again."))


@require_POST
def webhook_delete(request: HttpRequest, pk: int) -> HttpResponse:
    subscription = access.get_for_user(request.user, WebhookSubscription, pk, "delete")
    webhooks.subscription_delete(subscription=subscription, by=request.user)
    messages.success(request, _("The subscription was deleted."))
    return redirect_to(request, reverse("webhooks:webhook_list"))


@require_POST
def delivery_resend(request: HttpRequest, pk: int, delivery: int) -> HttpResponse:
    subscription = access.get_for_user(request.user, WebhookSubscription, pk, "resend")
    found = get_object_or_404(WebhookDelivery, pk=delivery, subscription=subscription)
    webhooks.delivery_resend(delivery=found, by=request.user)
    messages.success(request, _("The delivery is being sent again."))
    return redirect_to(request, reverse("webhooks:webhook_detail", kwargs={"pk": pk}))
