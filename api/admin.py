"""API tokens in the admin: issued and revoked through api.services (audited); the token is shown once."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from core import access

from .models import ApiToken, WebhookDelivery, WebhookEvent, WebhookSubscription
from .services import token_issue, token_revoke
from .webhooks import delivery_resend, subscription_create, subscription_resume


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "created_by", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "user__username", "prefix"]
    fields = ["user", "name", "prefix", "created_at", "created_by", "last_used_at", "revoked_at", "revoked_by"]
    readonly_fields = ["prefix", "created_at", "created_by", "last_used_at", "revoked_at", "revoked_by"]
    autocomplete_fields = ["user"]
    actions = ["revoke"]

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "user", "name"] if obj else self.readonly_fields

    def has_module_permission(self, request):
        return access.can(request.user, "view", ApiToken)

    def has_view_permission(self, request, obj=None):
        return access.can(request.user, "view", ApiToken)

    def has_add_permission(self, request):
        return access.can(request.user, "issue", ApiToken)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # revoked, never deleted: the audit trail points at it

    def save_model(self, request, obj, form, change):
        token, raw = token_issue(user=form.cleaned_data["user"], name=form.cleaned_data["name"], by=request.user)
        obj.pk = token.pk
        messages.warning(
            request,
            _("The token for %(user)s is shown only now; copy it to the system that will use it: %(token)s")
            % {"user": token.user, "token": raw},
        )

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not access.can(request.user, "revoke", ApiToken):
            actions.pop("revoke", None)
        return actions

    @admin.action(description=_("Revoke the chosen tokens"))
    def revoke(self, request, queryset):
        for token in queryset:
            token_revoke(token=token, by=request.user)
        messages.success(request, _("The tokens were revoked."))


class _AdministratorsOnly(admin.ModelAdmin):
    def has_module_permission(self, request):
        return access.can(request.user, "administer", WebhookSubscription)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SubscriptionForm(forms.ModelForm):
    url = forms.URLField(label=_("URL"), max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(
        label=_("events"), choices=WebhookEvent.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = WebhookSubscription
        fields = ["organisation", "owner", "url", "events"]


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(_AdministratorsOnly):
    form = SubscriptionForm
    list_display = ["organisation", "url", "owner", "is_active", "paused_at", "failures"]
    list_filter = ["is_active"]
    autocomplete_fields = ["organisation", "owner"]
    readonly_fields = ["is_active", "paused_at", "failures"]
    actions = ["resume"]

    def has_add_permission(self, request):
        return access.can(request.user, "create", WebhookSubscription)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        made = subscription_create(
            organisation=data["organisation"], owner=data["owner"], url=data["url"], events=data["events"],
            by=request.user,
        )  # fmt: skip
        obj.pk = made.pk
        messages.warning(
            request,
            _("The signing secret is shown only now; give it to the receiver: %(secret)s") % {"secret": made.secret},
        )

    @admin.action(description=_("Resume the chosen subscriptions"))
    def resume(self, request, queryset):
        for subscription in queryset:
            subscription_resume(subscription=subscription, by=request.user)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(_AdministratorsOnly):
    list_display = ["created_at", "event", "subscription", "status", "attempts", "response_status", "delivered_at"]
    list_filter = ["status", "event"]
    list_select_related = ["subscription__organisation"]
    actions = ["resend"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Send the chosen deliveries again"))
    def resend(self, request, queryset):
        for delivery in queryset.select_related("subscription"):
            delivery_resend(delivery=delivery, by=request.user)
        messages.success(request, _("The deliveries were queued again."))
