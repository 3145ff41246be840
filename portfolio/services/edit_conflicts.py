"""Editing a proposal while others edit it (optimistic locking): the proposal's editable values, the same values in
a comparable, JSON-safe shape (the edit form keeps them as its `base`), who changed which fields since a version
(from the audit trail), and the three-way merge that takes this user's changes on top of theirs or raises
`Conflict` with both sides of each clash. Used by `intake.proposal_update`, the forms, the API and the import."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.models import AuditEvent

from ..choices import Channel, Origin
from ..models import Proposal

TEXT_FIELDS = ["title", "need", "solution", "expected_benefits", "beneficiaries", "estimated_cost", "call"]
M2M_FIELDS = ["life_events", "missions", "partners"]
EDIT_FIELDS = [*TEXT_FIELDS, "channel", "origin", *M2M_FIELDS]


class Conflict(ValidationError):
    """Someone else saved the proposal since it was loaded. `current` is the proposal as it is now, `changes` the
    fields they changed ({field: (label, their value)}) and `by` who changed them. After a three-way merge,
    `clashes` holds the fields both changed differently ({field: (label, theirs, yours)}) and `mine` the fields
    this user changed (the others take the saved values)."""

    def __init__(self, message, *, current, changes, by, clashes=None, mine=()):
        super().__init__(message, code="conflict")
        self.current, self.changes, self.by = current, changes, by
        self.clashes, self.mine = clashes or {}, tuple(mine)


def proposal_values(proposal: Proposal) -> dict:
    """The editable values of a saved proposal (m2m as lists), for the submit rule and the audit trail."""
    values = {f: getattr(proposal, f) for f in [*TEXT_FIELDS, "channel", "origin"]}
    for f in M2M_FIELDS:
        values[f] = list(getattr(proposal, f).all())
    return values


def comparable(values: Mapping) -> dict:
    """The editable fields of `values` (a form's cleaned data or `proposal_values`) as plain, comparable values:
    text stripped, relations as primary keys (sorted), the cost as a whole number. JSON-safe: the edit form keeps
    the proposal's values as loaded (its `base`) in this shape for the three-way merge."""
    out = {}
    for f in EDIT_FIELDS:
        if f not in values:
            continue
        value = values[f]
        if f in M2M_FIELDS:
            out[f] = sorted(o.pk for o in (value or []))
        elif f == "call":
            out[f] = value.pk if value else None
        elif f == "estimated_cost":
            out[f] = None if value in (None, "") else str(int(value))
        else:
            out[f] = (value or "").strip()
    return out


def _shown(field: str, value) -> str:
    if field in M2M_FIELDS:
        value = sorted(str(o) for o in (value or []))
    return _display(field, value)


def three_way_merge(current: Proposal, data: Mapping, base: Mapping, version: int) -> dict:
    """The edit of someone who loaded the proposal at `base` (comparable values), applied on top of what others
    saved since: only the fields this user changed are taken from `data`, the others keep the saved values. A
    field both changed to different values is a clash: `Conflict` shows each side and nothing is saved."""
    saved = proposal_values(current)
    mine, now = comparable(data), comparable(saved)
    changed = [f for f in mine if mine[f] != base.get(f)]
    clashes = [f for f in changed if now[f] != base.get(f) and now[f] != mine[f]]
    if clashes:
        theirs, people = changed_since(current, version)
        labels = {f: Proposal._meta.get_field(f).verbose_name for f in EDIT_FIELDS}
        raise Conflict(
            _(
                "Someone else saved this proposal while you were editing it, and changed some of the same fields. "
                "Both versions of those fields are shown below; the form keeps yours, and their other changes. "
                "Nothing was saved. Choose, then save again."
            ),
            current=current,
            changes={f: c for f, c in theirs.items() if f in clashes},
            by=people,
            clashes={f: (labels[f], _shown(f, saved[f]), _shown(f, data[f])) for f in clashes},
            mine=changed,
        )
    merged = {f: v for f, v in saved.items() if f in data}
    merged.update({f: data[f] for f in changed})
    return merged


def snapshot(proposal: Proposal) -> dict:
    values = proposal_values(proposal)
    for f in M2M_FIELDS:
        values[f] = sorted(str(o) for o in values[f])
    return values


def changed_since(proposal: Proposal, version: int) -> tuple[dict, list]:
    """The fields others changed after `version` ({field: (label, value now)}) and who changed them, read from the
    audit trail (each edit records the version it replaced)."""
    events = (
        AuditEvent.objects.for_object(proposal)
        .filter(action="portfolio.proposal.changed", changes__version__0__gte=version)
        .order_by("created_at", "pk")
    )
    fields, people = [], []
    for event in events:
        fields += [f for f in event.changes if f in EDIT_FIELDS and f not in fields]
        if event.actor and event.actor not in people:
            people.append(event.actor)
    now = snapshot(proposal)
    labels = {f: Proposal._meta.get_field(f).verbose_name for f in EDIT_FIELDS}
    return {f: (labels[f], _display(f, now[f])) for f in fields}, people


def _display(field: str, value) -> str:
    if field == "channel" and value:
        return str(Channel(value).label)
    if field == "origin" and value:
        return str(Origin(value).label)
    if isinstance(value, list):
        value = ", ".join(value)
    return "—" if value is None or value == "" else str(value)
