"""The moves a card on the office's board offers now: the workflow's moves (portfolio/workflow.py) from the card's
column to another column, each only when the policy allows its action to this user now (`can`). A move the board
makes in one step (taking a proposal into triage) is a button that posts to `portfolio:board_move`; a move that needs
its own form (qualifying in step 2, recording a decision) links to that form. The "Flytt" menu and dragging a card
to another column (static/js/portal.js) both use this list, so a card can go only where the rules let it."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import access

from ..choices import STEP_OF_STATUS
from ..choices import ProposalStatus as S
from ..workflow import MOVES

ONE_STEP = {"triage": S.HARMONISING}  # action -> the column the board moves the card to itself
LABELS = {
    "triage": _("Take into step 2: harmonise and qualify"),
    "qualify": _("Qualify (step 2)…"),
    "decide": _("Record a decision…"),
}


@dataclass(frozen=True)
class Move:
    action: str
    to: tuple[str, ...]  # the columns this move takes the card to (a decision may end in several)
    label: str
    url: str  # the form's page, or "" for a move the board posts itself
    post_to: str = ""  # the status posted to portfolio:board_move

    @property
    def targets(self) -> str:
        return " ".join(self.to)


def _form_url(action: str, pk: int) -> str:
    if action == "qualify":
        return reverse("portfolio:proposal_detail", kwargs={"pk": pk}) + "#qualify"
    return reverse("decisions:proposal_decide", kwargs={"pk": pk})  # step 4 is governance's form


def moves_for(user, card) -> list[Move]:
    """The moves of `card` (a proposal on the board) to other columns that `user` may make now, in workflow order."""
    by_action: dict[str, list[str]] = {}
    for frm, to, action in MOVES:
        if frm == card.status and to in STEP_OF_STATUS and to != frm and action in LABELS:
            by_action.setdefault(action, []).append(to)
    moves = []
    for action, targets in by_action.items():
        if not access.can(user, action, card):
            continue
        if action in ONE_STEP:
            moves.append(Move(action, tuple(targets), str(LABELS[action]), "", post_to=ONE_STEP[action]))
        else:
            moves.append(Move(action, tuple(targets), str(LABELS[action]), _form_url(action, card.pk)))
    return moves


def action_for(status: str, to: str) -> str | None:
    """The action the board makes itself to move a proposal from `status` to `to` (None: not a one-step move)."""
    for frm, target, action in MOVES:
        if frm == status and target == to and ONE_STEP.get(action) == to:
            return action
    return None
