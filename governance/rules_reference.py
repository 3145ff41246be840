"""Who may keep governance's reference records (funding, governance bodies), registered with `core.access`.

Imported by governance/services.py, their only writer.
"""

from __future__ import annotations

from core.access import is_office, rule


@rule("governance.funding", "view")
def _funding_view(user, funding) -> bool:
    return True  # Funding.objects.visible_to decides (a life event's: everyone; a measure's: its scope)


def _not_from_an_agreement(funding) -> bool:
    """A row written from a collaboration agreement's commitments says what the parties confirmed: it is changed or
    removed only through a new version of the agreement (governance/agreements.py), never on its own."""
    return funding.agreement_version is None


@rule("governance.funding", "change", "delete", when=_not_from_an_agreement)
def _funding_change(user, funding) -> bool:
    return is_office(user)


@rule("governance.funding", "create")
@rule("governance.governancebody", "create", "change")
@rule("governance.bodymembership", "create", "change", "delete")
def _reference_data_change(user, obj) -> bool:
    return is_office(user)
