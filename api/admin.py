"""API tokens in the admin: issued and revoked through api.services (audited); the token is shown once."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from core import access

from .models import ApiToken
from .services import token_issue, token_revoke


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
