"""The Django admin as a client of the services, not a back door.

- `CaseRecordAdmin`: a case record (proposal, measure, decision, score, attachment, status report, learning entry …)
  is read in the admin, never added, changed or deleted there (by nobody, superusers included); what may happen to
  it is offered as actions that call the services (`service_action`), which check the policy and audit.
- `ServiceAdmin`: a reference record without a workflow (benefits, missions, funding, governance bodies) is saved
  and deleted through its app's services, so every change leaves an AuditEvent; the add/change/delete
  permissions follow the access policy (`core.access.can`).
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext, ngettext

from . import access


def error_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(str(m) for m in error.messages)
    return gettext("You may not do this.")


class CaseRecordAdmin(admin.ModelAdmin):
    """Read-only: no add, change or delete in the admin; the bulk delete action is not offered either."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


class ReadOnlyInline(admin.TabularInline):
    """An inline list shown on the parent's page, never added, changed or deleted there (each row has its own page)."""

    extra = 0
    show_change_link = True

    def get_readonly_fields(self, request, obj=None):
        return self.fields or []

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ServiceAdmin(admin.ModelAdmin):
    """Saves through `create(data=…, by=…)` / `update(obj, data=…, by=…)` and deletes through `remove(obj, by=…)`,
    the app's audited services. Inlines of such a parent must be read-only (`ReadOnlyInline`): a formset save
    would not go through a service."""

    def create(self, *, data, by):  # pragma: no cover - each admin names its service
        raise NotImplementedError

    def update(self, obj, *, data, by):  # pragma: no cover
        raise NotImplementedError

    def remove(self, obj, *, by):
        raise PermissionDenied

    def has_add_permission(self, request):
        return super().has_add_permission(request) and access.can(request.user, "create", self.model)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and access.can(request.user, "change", obj or self.model)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and access.can(request.user, "delete", obj or self.model)

    def save_model(self, request, obj, form, change):
        fields = {field.name for field in self.model._meta.get_fields()}
        try:
            if change:
                data = {name: form.cleaned_data[name] for name in form.changed_data if name in fields}
                self.update(obj, data=data, by=request.user)
            else:
                data = {name: value for name, value in form.cleaned_data.items() if name in fields}
                saved = self.create(data=data, by=request.user)
                obj.pk = saved.pk  # the admin goes on with its own instance (its redirect and inlines need the key)
        except (ValidationError, PermissionDenied) as error:
            # The service refused (its policy or its rules): nothing of this request is kept, and the form says why.
            request.service_refused = True
            transaction.set_rollback(True)
            self.message_user(request, error_text(error), messages.ERROR)

    def save_related(self, request, form, formsets, change):
        if getattr(request, "service_refused", False):
            return
        # The service has set the many-to-many fields already; only the inlines are left.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def log_addition(self, request, obj, message):
        if not getattr(request, "service_refused", False):
            return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        if not getattr(request, "service_refused", False):
            return super().log_change(request, obj, message)

    def response_add(self, request, obj, post_url_continue=None):
        if getattr(request, "service_refused", False):
            return HttpResponseRedirect(request.path)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if getattr(request, "service_refused", False):
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def delete_model(self, request, obj):
        self.remove(obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.remove(obj, by=request.user)


def service_action(name: str, *, description, form_class: type[forms.Form] | None, run):
    """An admin action that calls a service for each selected object: `run(obj, data, by)`. With a `form_class`
    it first asks for the form's fields (a reason, a target) on a page of its own. Each object is its own
    transaction: one refused object (policy or workflow) is reported and the others go on."""

    def action(modeladmin, request, queryset):
        form = None
        if form_class is not None:
            form = form_class(request.POST if "apply" in request.POST else None)
            if not form.is_bound or not form.is_valid():
                context = {
                    **modeladmin.admin_site.each_context(request),
                    "title": description,
                    "form": form,
                    "queryset": queryset,
                    "action": request.POST.get("action", ""),
                    "opts": modeladmin.model._meta,
                    "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                }
                return TemplateResponse(request, "admin/service_action.html", context)
        data = form.cleaned_data if form is not None else {}
        done = 0
        for obj in queryset:
            try:
                run(obj=obj, data=data, by=request.user)
                done += 1
            except (ValidationError, PermissionDenied) as error:
                modeladmin.message_user(request, f"{obj}: {error_text(error)}", messages.ERROR)
        if done:
            text = ngettext("%(count)d object changed.", "%(count)d objects changed.", done) % {"count": done}
            modeladmin.message_user(request, text, messages.SUCCESS)
        return None

    action.short_description = description
    action.__name__ = name  # the action's id in the changelist's form: the same in every process
    return action
