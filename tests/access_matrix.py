"""The format of the access-control matrix (run by tests/test_access_matrix.py).

Each app lists its URL cases in `tests/<app>/access_cases.py` as `CASES: list[Case]`. The matrix test walks every
named URL pattern in the URL conf and fails when one has no case (or no declared exemption), so a new view cannot
escape it. For each case and each persona it builds fresh objects with `setup(personas)` and checks the answer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

PERSONAS = ("anonymous", "agency", "other_agency", "office", "ministry", "admin")


@dataclass
class Personas:
    """The users of the matrix. `agency` is at NAV, `other_agency` at Skatteetaten, `office` at Digdir,
    `ministry` at ASD (owner ministry of NAV), `admin` an administrator. `anonymous` is None."""

    agency: object
    other_agency: object
    office: object
    ministry: object
    admin: object
    anonymous: object = None


@dataclass
class Case:
    url_name: str  # "portfolio:proposal_detail"
    setup: Callable[[Personas], dict]  # creates what the URL needs (factories) and returns the URL kwargs
    expect: dict[str, int]  # persona -> expected status code; anonymous is normally 302 (login)
    method: str = "get"
    data: dict | Callable[[Personas], dict] | None = field(default=None)
    note: str = ""


@dataclass
class ClassCase:
    """A class-level question of the policy: `can(user, action, Model)` ("may this user … at all?"), as the menu,
    the list pages and the create views ask it. `expect`: persona -> the answer (anonymous: always False)."""

    model: str  # "portfolio.proposal"
    action: str  # "create"
    expect: dict[str, bool]
    note: str = ""


def class_expect(*allowed: str) -> dict[str, bool]:
    """The personas that may (the rest, anonymous included, may not)."""
    return {persona: persona in allowed for persona in PERSONAS}
