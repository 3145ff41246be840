"""Who may see and do what with the steering views of issue 20: the strategic drivers and their weights, the
roadmap, the benefits map and who pays, who gains. Registered with `core.access`; loaded by governance/rules.py.

Seeing rows is still each model's `visible_to` (the roadmap's and the benefits map's measures are the user's visible
measures, the money of who pays, who gains the benefits of those measures)."""

from __future__ import annotations

from core.access import Scope, is_office, rule, scope


def _signed_in_with_scope(user, obj) -> bool:
    return scope(user) != Scope.NONE


def _office(user, obj) -> bool:
    return is_office(user)


# The drivers and their weights are published to everyone who sees ranks; only the office defines, weighs and scores.
rule("governance.driver", "view", "list")(_signed_in_with_scope)
rule("governance.driver", "create", "change", "weigh", "score")(_office)
rule("governance.driverweighting", "view")(_signed_in_with_scope)

# The roadmap (measures and proposals on a time axis) and the benefits map of a mission or a life event.
rule("portfolio.measure", "see_roadmap")(_signed_in_with_scope)
rule("portfolio.mission", "see_benefit_map")(_signed_in_with_scope)

# Who pays, who gains: an organisation's costs, gains and dis-benefits on the measures the user may see.
rule("core.organisation", "see_flows")(_signed_in_with_scope)
