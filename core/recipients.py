"""Who is told: the one place that says which people hear of an event (issue 18). The services say *what* is told
(the notification's kind, its subject and text, stay beside the event) and ask this module *who*, by one named
function per audience; `core.notifications.notify` then decides *how* (in the portal, and the e-mail each person
chose).

Every audience is given the object whose page the notification links to (`about`), and keeps only:
- active users (an inactive account is told nothing), each once, in the order of their id;
- users who may see that object by the one access policy (`Model.objects.visible_to(user)`, and `access.can` for
  the page's action when it is not "view"): a notification never points anyone to a page the policy refuses them.

Why this module is in `core`: it reads the fields of the objects it is given (a proposal's `created_by`, a measure's
`owner_id`, an agreement version's parties) and asks each object's own `visible_to`, so it needs no domain model.
`core` is the lowest layer (.importlinter), so every service above may call it and it imports none of them.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model

from . import access
from .models import Role


def may_see(users: Iterable, about, *, action: str = "view") -> list:
    """`users` narrowed to those told about `about`: active, each once (by id), who see it by the policy and, for
    an `action` other than "view", may do it now (`access.can`). Users whose scope is the whole portfolio (the
    office, administrators) see the same rows as each other, so the policy is asked once per kind of them."""
    people = {u.pk: u for u in users if u is not None and u.is_active}
    model = type(about)
    known: dict[tuple, bool] = {}
    kept = []
    for pk, user in sorted(people.items()):
        key = ("all", access.is_administrator(user)) if access.scope(user) == access.Scope.ALL else ("user", pk)
        if key not in known:
            known[key] = model.objects.visible_to(user).filter(pk=about.pk).exists()
        if known[key] and (action == "view" or access.can(user, action, about)):
            kept.append(user)
    return kept


def _but(users: Iterable, exclude) -> list:
    return [u for u in users if exclude is None or u.pk != exclude.pk]


def _active_users():
    return get_user_model().objects.filter(is_active=True).order_by("pk")


def office_staff(about, *, exclude=None) -> list:
    """The portfolio office's members (but `exclude`, who did it themself): they run the process, so they hear of
    new proposals, of the ministries' answers in the steering dialogue and of reporting rounds falling due."""
    return may_see(_but(_active_users().filter(role=Role.PORTFOLIO_OFFICE), exclude), about)


def submitter_of(proposal, *, about=None, exclude=None) -> list:
    """Who registered the proposal (not `exclude`, who made the move themself): the proposal is theirs, so they
    hear of its steps, of the office's questions, of decisions on it and of proposals merged into it. `about` is
    the page the notification links to when it is not the proposal's (a decision's page)."""
    return may_see(_but([proposal.created_by], exclude), about if about is not None else proposal)


def facilitator_or_office(proposal, *, exclude=None) -> list:
    """Who hears the submitter's answers: the proposal's facilitator, who asked for them in step 2; while it has
    none (or theirs is no longer active), the whole office, so an answer never goes unread. Not `exclude` (who
    wrote the answer)."""
    facilitator = proposal.facilitator if proposal.facilitator_id else None
    if facilitator is not None and facilitator.is_active:
        return may_see(_but([facilitator], exclude), proposal)
    return office_staff(proposal, exclude=exclude)


def officials_of(ministries, *, about) -> list:
    """The officials of these ministries (organisations or their ids): a decision escalated to the steering
    dialogue asks their ministry's answer, and a budget scenario shared with their ministry is theirs to read."""
    ids = [getattr(m, "pk", m) for m in ministries]
    return may_see(_active_users().filter(role=Role.MINISTRY_OFFICIAL, organisation_id__in=ids), about)


def owners_of(measure, *, about=None) -> list:
    """The measure owner's staff (agency staff of the organisation that owns it): a change of their running measure
    was decided and waits for their confirmation. `about`: the page they answer on (the change's)."""
    staff = _active_users().filter(role=Role.AGENCY_STAFF, organisation_id=measure.owner_id)
    return may_see(staff, about if about is not None else measure)


def staff_of(organisations, *, about) -> list:
    """The agency staff of these organisations (or their ids): a reporting round's reminder goes to everyone in
    an organisation that still owes status reports, since any of them may write one."""
    ids = [getattr(o, "pk", o) for o in organisations]
    return may_see(_active_users().filter(role=Role.AGENCY_STAFF, organisation_id__in=ids), about)


def representatives_of(version) -> list:
    """The parties' representatives of a collaboration agreement's version: the staff and officials of each party
    organisation whom the policy lets confirm or decline it for their party (its "respond" rule), asked to do so."""
    parties = version.parties.values("organisation_id")
    people = _active_users().filter(organisation_id__in=parties)
    return may_see(people, version, action="respond")


def reviewer_of(assignment) -> list:
    """The reviewer asked to assess a proposal, told when asked and when the assessment falls due; only while the
    policy lets them see the proposal's scoring (a withdrawn assignment does not)."""
    return may_see([assignment.reviewer], assignment.proposal, action="see_scoring")


def owner_of(subscription) -> list:
    """Who set up a webhook subscription: told when it is paused after failed deliveries, to mend the receiver."""
    return may_see([subscription.owner] if subscription.owner_id else [], subscription)
