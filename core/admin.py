from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import access, second_factor, services
from .adminkit import service_action
from .models import AuditEvent, Organisation, User


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "orgnr_formatted", "parent", "is_illustrative"]
    list_select_related = ["parent"]
    list_filter = ["kind", "is_illustrative", ("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "short_name", "orgnr"]
    autocomplete_fields = ["parent"]
    # Enhetsregisteret's values, kept in step by core.enhetsregisteret (manage.py sync_enhetsregisteret)
    readonly_fields = [
        "register_name", "organisation_form", "organisation_form_name", "sector_code", "sector_name", "parent_orgnr",
    ]  # fmt: skip

    @admin.display(description=_("organisation number"), ordering="orgnr")
    def orgnr_formatted(self, obj) -> str:
        return obj.orgnr_display


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "organisation", "role", "is_active"]
    list_select_related = ["organisation"]
    list_filter = ["role", "is_active", "organisation__kind"]
    search_fields = ["username", "first_name", "last_name", "email", "organisation__name"]
    autocomplete_fields = ["organisation"]
    fieldsets = [*BaseUserAdmin.fieldsets, (_("Portal"), {"fields": ["organisation", "role", "oidc_sub", "oidc_acr"]})]
    actions = [
        service_action(
            "second_factor_reset",
            description=_("Reset the second factor (lost phone): the user sets up the app again"),
            form_class=None,
            run=lambda obj, data, by: second_factor.reset(user=obj, by=by),
        )
    ]

    def get_readonly_fields(self, request, obj=None):
        """Role and organisation decide what a user may see: changed only by those the policy allows, through
        `user_change_role` (audited); never one's own."""
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and not access.can(request.user, "change_role", obj):
            fields += ["role", "organisation"]
        return fields

    def save_model(self, request, obj, form, change):
        portal = {name: form.cleaned_data[name] for name in ("role", "organisation") if name in form.changed_data}
        if change and portal:
            current = User.objects.only("role", "organisation").get(pk=obj.pk)
            obj.role, obj.organisation_id = current.role, current.organisation_id  # the service changes them
        super().save_model(request, obj, form, change)
        if change and portal:
            services.user_change_role(user=obj, by=request.user, **portal)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit trail is append-only."""

    list_display = ["created_at", "actor", "action", "object_repr"]
    list_filter = ["action", "content_type"]
    search_fields = ["object_repr", "action", "actor__username"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# The second factor's devices are never read or changed in the admin (a secret would show, a removal would leave no
# audit row): an administrator resets a user's devices with the user's action above (core.second_factor.reset).
for _device in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_device):
        admin.site.unregister(_device)
