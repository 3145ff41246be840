"""Writes owned by core: a user's role and organisation (audited), and the audited save and delete that the services
of plain reference records (benefits, missions, funding, governance bodies) are built from."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import models, transaction

from . import access, audit
from .models import Organisation, User

UNSET = object()


def _concrete(model: type[models.Model], data: Mapping) -> tuple[dict, dict]:
    """Split `data` into the model's concrete (column) fields and its many-to-many fields; other keys are refused."""
    columns, many = {}, {}
    for name, value in data.items():
        field = model._meta.get_field(name)  # FieldDoesNotExist for a typo: a programming error, not user input
        if field.many_to_many:
            many[name] = value
        elif field.concrete and not field.primary_key:
            columns[name] = value
        else:
            raise ValueError(f"{model.__name__}.{name} cannot be set")
    return columns, many


def _m2m_ids(obj, names) -> dict:
    return {name: sorted(getattr(obj, name).values_list("pk", flat=True)) for name in names}


@transaction.atomic
def record_save(*, obj: models.Model, data: Mapping, by, action: str) -> models.Model:
    """Create `obj` (no pk yet) or change it with `data` ({field: value}, many-to-many fields too), after
    `access.require(by, "create" | "change", ...)`, with its validation, and with one AuditEvent
    `"<action>.created"` or `"<action>.changed"` holding what changed. Nothing is written when nothing changed."""
    model = type(obj)
    columns, many = _concrete(model, data)
    if obj.pk is None:
        access.require(by, "create", model)
        for name, value in columns.items():
            setattr(obj, name, value)
        obj.full_clean()
        obj.save()
        for name, value in many.items():
            getattr(obj, name).set(value)
        changes = {**audit.snapshot(obj, list(columns)), **_m2m_ids(obj, many)}
        audit.record(actor=by, action=f"{action}.created", obj=obj, changes=changes)
        return obj
    current = model.objects.select_for_update(of=("self",)).get(pk=obj.pk)
    access.require(by, "change", current)
    before = {**audit.snapshot(current, list(columns)), **_m2m_ids(current, many)}
    raw = {name: getattr(current, model._meta.get_field(name).attname) for name in columns}
    for name, value in columns.items():
        setattr(current, name, value)
    current.full_clean()
    touched = [name for name in columns if raw[name] != getattr(current, model._meta.get_field(name).attname)]
    if touched:
        if any(f.name == "updated_at" for f in model._meta.concrete_fields):
            touched.append("updated_at")
        current.save(update_fields=touched)
    for name, value in many.items():
        getattr(current, name).set(value)
    changes = audit.diff(before, {**audit.snapshot(current, list(columns)), **_m2m_ids(current, many)})
    if changes:
        audit.record(actor=by, action=f"{action}.changed", obj=current, changes=changes)
    return current


@transaction.atomic
def record_delete(*, obj: models.Model, by, action: str) -> None:
    """Delete a reference record after `access.require(by, "delete", obj)`, with an AuditEvent `"<action>.deleted"`
    that keeps its last values. Case records (proposals, measures, decisions …) are never deleted: no rule allows it."""
    current = type(obj).objects.select_for_update(of=("self",)).get(pk=obj.pk)
    access.require(by, "delete", current)
    values = {f.name: getattr(current, f.attname) for f in type(obj)._meta.concrete_fields if not f.primary_key}
    audit.record(actor=by, action=f"{action}.deleted", obj=current, changes=values)
    current.delete()


@transaction.atomic
def user_change_role(*, user: User, by, role: str | object = UNSET, organisation: Organisation | None | object = UNSET):
    """Change a user's role and/or organisation (what they may see and do), audited: one AuditEvent per kind of
    change (`core.user.role_changed`, `core.user.organisation_changed`) with the before → after."""
    access.require(by, "change_role", user)
    current = User.objects.select_for_update(of=("self",)).get(pk=user.pk)
    changed = []
    if role is not UNSET and role != current.role:
        old, current.role = current.role, role
        current.full_clean(exclude=[f.name for f in User._meta.fields if f.name != "role"])
        changed.append(("role", "core.user.role_changed", old, role))
    if organisation is not UNSET and getattr(organisation, "pk", None) != current.organisation_id:
        old, current.organisation = current.organisation, organisation
        changed.append(("organisation", "core.user.organisation_changed", old, organisation))
    if changed:
        current.save(update_fields=[name for name, *_ in changed])
        for name, action, old, new in changed:
            audit.record(actor=by, action=action, obj=current, changes={name: [old, new]})
    user.role, user.organisation_id = current.role, current.organisation_id
    return current


ORGANISATION_FIELDS = ["name", "short_name", "kind", "orgnr", "parent", "external_id"]


def organisation_save(*, organisation: Organisation | None = None, data: Mapping, by) -> Organisation:
    """Create or change an organisation (the office; audited `core.organisation.created` / `.changed`, nothing
    written when nothing changed). The register's own fields are Enhetsregisteret's sync's (core.enhetsregisteret)."""
    values = {name: value for name, value in data.items() if name in ORGANISATION_FIELDS}
    return record_save(obj=organisation or Organisation(), data=values, by=by, action="core.organisation")
