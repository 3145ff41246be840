"""Who may keep governance's reference records (funding, governance bodies), registered with `core.access`.

Imported by governance/services.py, their only writer.
"""

from __future__ import annotations

from core.access import is_office, rule


@rule("governance.funding", "view")
def _funding_view(user, funding) -> bool:
    return True  # Funding.objects.visible_to decides (a life event's: everyone; a measure's: its scope)


@rule("governance.funding", "create", "change", "delete")
@rule("governance.governancebody", "create", "change")
@rule("governance.bodymembership", "create", "change", "delete")
def _reference_data_change(user, obj) -> bool:
    return is_office(user)
