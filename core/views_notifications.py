"""The user's notifications (the bell in the header): the list, marking read, and how they want to be told.
Each action is a plain POST that ends on the notifications page (focus on its heading, the outcome announced)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import access
from . import notifications as services
from .forms import add_service_errors
from .notification_models import Delivery, Notification, NotificationPreference

PAGE_SIZE = 30


class NotificationSettingsForm(forms.Form):
    """One choice per kind of notification: e-mail at once, in the daily digest, or only here."""

    def __init__(self, *args, preferences, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label, delivery in preferences:
            self.fields[kind] = forms.ChoiceField(
                label=label, choices=Delivery.choices, initial=delivery, widget=forms.RadioSelect
            )


@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    access.require(request.user, "view", Notification)
    rows = Notification.objects.visible_to(request.user).only(
        "kind", "title", "body", "url", "language", "created_at", "read_at"
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    unread = services.unread_count(request.user)
    return render(request, "core/notification_list.html", {"page": page, "unread": unread})


@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = access.get_for_user(request.user, Notification, pk, "change")
    services.notification_read(notification=notification, by=request.user)
    if request.POST.get("open") and url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        return redirect(notification.url)  # "open": read it where it points (a path inside the portal only)
    messages.success(request, _("Marked as read: “%(title)s”.") % {"title": notification.title})
    return redirect("notification_list")


@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    count = services.notifications_read_all(by=request.user)
    messages.success(request, _("All notifications are marked as read.") if count else _("No unread notifications."))
    return redirect("notification_list")


@require_http_methods(["GET", "POST"])
def notification_settings(request: HttpRequest) -> HttpResponse:
    access.require(request.user, "change", NotificationPreference)
    form = NotificationSettingsForm(request.POST or None, preferences=services.preferences_of(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.notification_preferences_save(by=request.user, deliveries=form.cleaned_data)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("Your notification settings are saved."))
            return redirect(reverse("notification_list"))
    status = 422 if form.is_bound else 200
    return render(request, "core/notification_settings.html", {"form": form}, status=status)
