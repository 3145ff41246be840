"""Who may do what with governance records (decisions and their steering dialogue), registered with `core.access`.

Loaded by `GovernanceConfig.ready()`. Decisions are seen through `Decision.objects.visible_to` (the proposals and
measures the user may see); recording one is the proposal's "decide" (portfolio/rules.py).
"""

from __future__ import annotations

from core.access import is_ministry_official, is_office, rule


@rule("governance.decision", "view")
def _decision_view(user, decision) -> bool:
    return True  # Decision.objects.visible_to decides


@rule("governance.decision", "see_steering")
def _decision_steering(user, decision) -> bool:
    """The steering dialogue: the office, and the ministries an escalated decision names (their scope)."""
    return is_office(user) or is_ministry_official(user)
