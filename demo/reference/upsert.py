"""`upsert`: like `update_or_create`, but writes only when a value differs, so a second load changes nothing
(not even `updated_at`)."""

from django.db import models


def _same(obj, name: str, value) -> bool:
    field = obj._meta.get_field(name)
    if field.is_relation and field.many_to_one:
        return getattr(obj, field.attname) == (value.pk if isinstance(value, models.Model) else value)
    return getattr(obj, name) == value


def upsert(model, defaults=None, **lookup):
    defaults = defaults or {}
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **defaults), True
    changed = [name for name, value in defaults.items() if not _same(obj, name, value)]
    for name in changed:
        setattr(obj, name, defaults[name])
    if changed:
        obj.save(update_fields=changed)
    return obj, False
