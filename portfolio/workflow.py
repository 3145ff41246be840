"""The proposal's workflow as data: every allowed move, named by the action that makes it, and the status groups
derived from those moves (defined here once; the services, the access rules, the queries and the pages use them).

`portfolio.services.transitions.proposal_transition` enforces the moves; `portfolio.rules` combines the groups
with the user's role and scope. This module imports nothing but the choices, so the models may use it too.
"""

from __future__ import annotations

from .choices import ProposalStatus as S

# (from, to, action): the only moves a proposal can make. Closed statuses (withdrawn) lead nowhere.
MOVES: tuple[tuple[str, str, str], ...] = (
    (S.DRAFT, S.SUBMITTED, "submit"),
    (S.DRAFT, S.WITHDRAWN, "withdraw"),
    (S.SUBMITTED, S.HARMONISING, "triage"),
    (S.SUBMITTED, S.WITHDRAWN, "withdraw"),
    (S.HARMONISING, S.ASSESSING, "qualify"),
    (S.HARMONISING, S.NOT_QUALIFIED, "qualify"),
    (S.HARMONISING, S.MERGED, "merge"),
    (S.HARMONISING, S.WITHDRAWN, "withdraw"),
    (S.ASSESSING, S.HARMONISING, "send_back"),
    (S.ASSESSING, S.DECIDING, "decide"),
    (S.ASSESSING, S.WITHDRAWN, "withdraw"),
    (S.DECIDING, S.DECIDED, "decide"),
    (S.DECIDING, S.MERGED, "decide"),  # merged into a measure by a decision
    (S.DECIDING, S.DEFERRED, "decide"),
    (S.DECIDING, S.REJECTED, "decide"),
    (S.DECIDING, S.WITHDRAWN, "withdraw"),
    (S.NOT_QUALIFIED, S.HARMONISING, "revive"),
    (S.DEFERRED, S.DECIDING, "revive"),
    (S.REJECTED, S.DECIDING, "revive"),
    (S.MERGED, S.HARMONISING, "unmerge"),  # merge.proposal_unmerge
)

_ORDER = {status: i for i, status in enumerate(S.values)}


def _group(statuses) -> tuple[str, ...]:
    """A status group in the order the statuses are declared (stable, so an index condition never changes)."""
    return tuple(S(s) for s in sorted(set(statuses), key=_ORDER.__getitem__))


def sources(action: str) -> tuple[str, ...]:
    """The statuses from which `action` moves a proposal: where the action is possible at all."""
    return _group(frm for frm, _to, act in MOVES if act == action)


def targets(action: str) -> tuple[str, ...]:
    return _group(to for _frm, to, act in MOVES if act == action)


# From each status, the statuses a proposal may move to.
ALLOWED: dict[str, frozenset[str]] = {s: frozenset(to for frm, to, _a in MOVES if frm == s) for s in S.values}

DRAFTS = sources("submit")  # not yet submitted: its organisation still writes it
WITHDRAWABLE = sources("withdraw")
OPEN = tuple(s for s in WITHDRAWABLE if s not in DRAFTS)  # submitted and still being processed (steps 1 to 4)
CLOSED = _group(targets("withdraw") + targets("merge"))  # withdrawn or merged: nothing more to edit
TRIAGE = _group(sources("triage") + sources("qualify"))  # steps 1–2: the facilitator is chosen here
BEFORE_ASSESSMENT = _group(DRAFTS + TRIAGE)  # not yet qualified for assessment: no scores to see
EDITABLE = _group(DRAFTS + OPEN)  # the proposal's content may still change
IN_ASSESSMENT = tuple(s for s in targets("qualify") if s not in sources("revive"))  # step 3: reviewers score
DECIDABLE = sources("decide")  # a decision can be recorded (steps 3 and 4); also the assessment matrix
AWAITING_DECISION = tuple(s for s in DECIDABLE if s not in IN_ASSESSMENT)  # step 4: assessed, to be decided
SHELVED = sources("revive")  # the shelf: not qualified, deferred, rejected – each can be revived
REVIVE_TO: dict[str, str] = {frm: to for frm, to, act in MOVES if act == "revive"}
STOPPED = _group(CLOSED + SHELVED)  # off the main line, shown as a warning
# Moves that need a reason the submitter can read: withdrawing and shelving (a merge names its target instead).
REASON_REQUIRED = frozenset(targets("withdraw") + SHELVED)
