"""The moves a card on the office's board offers now: the workflow's moves (portfolio/workflow.py) from the card's
column to another column, each only when the policy allows its action to this user now (`can`). A move the board
makes in one step (taking a proposal into triage) is a button that posts to `portfolio:board_move`; a move that needs
its own form (qualifying in step 2, recording a decision) links to that form. The "Flytt" menu and dragging a card
to another column (static/js/portal.js) both use this list, so a card can go only where the rules let it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypedDict

from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from core import access
from core.links import row_url

from ..choices import STEP_OF_STATUS
from ..choices import ProposalStatus as S
from ..models import Proposal
from ..workflow import MOVES

ONE_STEP = {"triage": S.HARMONISING}  # action -> the column the board moves the card to itself
LABELS = {
    "triage": _("Take into step 2: harmonise and qualify"),
    "qualify": _("Qualify (step 2)…"),
    "decide": _("Record a decision…"),
}


class Move(TypedDict):
    """A move of a card's menu: a dict, as the board's cards are (a template reads a dict's key at once, where an
    attribute costs it a failed `move[name]` first; four lookups a move, some forty moves a board)."""

    action: str
    to: tuple[str, ...]  # the columns this move takes the card to (a decision may end in several)
    label: str  # escaped for HTML (SafeString), as `targets`: made once per column, printed on each of its cards
    url: str  # the form's page, or "" for a move the board posts itself
    post_to: str  # the status posted to portfolio:board_move, or "" for a move to a form
    targets: str  # `to` as the menu's data-move-to says it, space-separated


def form_urls() -> dict[str, Callable[[int], str]]:
    """The forms of the moves the board does not make itself, action → (key → URL), reversed once."""
    detail, anchor = row_url("portfolio:proposal_detail"), SafeString("#qualify")
    return {"qualify": lambda pk: detail(pk) + anchor, "decide": row_url("decisions:proposal_decide")}  # step 4


def _by_action(status: str) -> dict[str, tuple[str, ...]]:
    """The workflow's moves from `status` to another column, action → the columns it may end in, in order."""
    by_action: dict[str, list[str]] = {}
    for frm, to, action in MOVES:
        if frm == status and to in STEP_OF_STATUS and to != frm and action in LABELS:
            by_action.setdefault(action, []).append(to)
    return {action: tuple(targets) for action, targets in by_action.items()}


def _allowed(user, status: str, card) -> list[tuple[str, tuple[str, ...], str, str]]:
    """(action, columns, label, targets) of the moves from `status` that the policy lets `user` make on `card` now,
    the label and the columns as text escaped for HTML once."""
    return [(action, to, escape(str(LABELS[action])), escape(" ".join(to))) for action, to in _by_action(status).items()
            if access.can(user, action, card)]  # fmt: skip


def _moves(allowed, url: Callable[[str], str]) -> list[Move]:
    """The allowed moves as the menu lists them: the board's own as a post, the others as a link to `url(action)`."""
    return [Move(action=action, to=to, label=label, url="", post_to=ONE_STEP[action], targets=targets)
            if action in ONE_STEP
            else Move(action=action, to=to, label=label, url=url(action), post_to="", targets=targets)
            for action, to, label, targets in allowed]  # fmt: skip


def moves_for(user, card) -> list[Move]:
    """The moves of `card` (a proposal on the board) to other columns that `user` may make now, in workflow order."""
    urls = form_urls()
    return _moves(_allowed(user, card.status, card), lambda action: urls[action](card.pk))


def column_moves(user, cards) -> dict[str, list[tuple[str, tuple[str, ...], str, str]]]:
    """The moves allowed for the cards of one page of the board (its Cards: key, status, organisation), per status:
    the policy is asked once per status, of the first card in it (the rules of the board's moves, portfolio/rules.py:
    triage, qualify, decide, depend on the user and the proposal's step). `card_moves` makes each card's menu."""
    allowed: dict[str, list] = {}
    for card in cards:
        if card["status"] not in allowed:
            asked = Proposal(pk=card["pk"], status=card["status"], organisation_id=card["organisation_id"])
            allowed[card["status"]] = _allowed(user, card["status"], asked)
    return allowed


def card_moves(allowed, pk: int, urls: dict[str, Callable[[int], str]]) -> list[Move]:
    """One card's menu from its column's `allowed` moves (`column_moves`): a move to a form links to the card's form
    (`urls`: `form_urls()`, reversed once per page)."""
    return _moves(allowed, lambda action: urls[action](pk))
