"""The cards of the office's board (portfolio/board.html), each written by one tag from a card the query layer
prepared (`queries.board.Card`, its moves from `board_moves.card_moves`): the markup the template wrote, escaped by
`format_row` as `{{ }}` escapes, as the long tables' rows are (portfolio_rows.py), instead of some twenty variables and
conditions per card through the template engine (issue 17: most of the board's CPU, fifty cards a page); and so the
overdue measure reviews above it (`queries.board.OverdueReview`, 25 rows)."""

from __future__ import annotations

from typing import TypedDict

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from core.rows import format_row

register = template.Library()


class CardTexts(TypedDict):
    """The fixed texts of every card, translated and escaped once per page (`card_texts`)."""

    move: str
    decide: str
    awaiting: str
    late: str


def card_texts() -> CardTexts:
    return CardTexts(
        move=escape(gettext("Move")),
        decide=escape(gettext("Decide")),
        awaiting=escape(gettext("Waiting for the submitter's answer")),
        late=escape(gettext("Submitted after the deadline")),
    )


CARD = """<li data-testid="card-{}" id="card-{}"{}>
          <a class="ds-link" href="{}">{}</a>
          <span class="portal-muted">{} · {}</span>
          {}
          {}
          {}
          {}
        </li>"""
DRAGGABLE = ' class="portal-board-card" draggable="true" data-board-card'
AWAITING = '<span class="ds-tag" data-color="warning">{}</span>'
LATE = '<span class="ds-tag" data-color="danger">{}</span>'
DECIDE = '<a class="ds-link" href="{}">{}<span class="ds-sr-only"> – {}</span></a>'
MENU = (
    '<details class="portal-board-move" data-board-moves>\n'
    '            <summary class="ds-button" data-variant="tertiary" data-size="sm">{}'
    '<span class="ds-sr-only"> – {}</span></summary>\n'
    '            <ul class="portal-board-move__list">{}</ul>\n'
    "          </details>"
)
POST_MOVE = """
              <li><form method="post" action="{}"><input type="hidden" name="csrfmiddlewaretoken" value="{}"><button class="ds-button" type="submit" name="to" value="{}" data-variant="secondary" data-size="sm" data-move-to="{}">{}</button></form>
              </li>
            """  # noqa: E501 (one line of the page)
LINK_MOVE = """
              <li><a class="ds-link" href="{}" data-move-to="{}">{}</a></li>
            """


@register.simple_tag
def board_card(card, movable, decides: bool, texts: CardTexts, csrf_token: str = ""):
    """A card: its link, organisation and age, the tags for an awaited answer and a late submission, the link to the
    decision form in the columns that decide, and the menu of its moves in a column that has any (`movable`), each
    move a button that posts (`csrf_token`: the page's, as `{% csrf_token %}` writes it) or a link to its form."""
    title = card["title"]
    menu = ""
    if movable:
        moves = "".join(
            format_row(POST_MOVE, card["move_url"], csrf_token, m["post_to"], m["targets"], m["label"])
            if m["post_to"]
            else format_row(LINK_MOVE, m["url"], m["targets"], m["label"])
            for m in card["moves"]
        )
        menu = format_row(MENU, texts["move"], title, SafeString(moves))
    return format_row(
        CARD,
        card["key"],
        card["key"],
        SafeString(DRAGGABLE if movable else ""),
        card["url"],
        title,
        card["organisation"],
        card["age_text"],
        format_row(AWAITING, texts["awaiting"]) if card["awaiting_answer"] else "",
        format_row(LATE, texts["late"]) if card["submitted_late"] else "",
        format_row(DECIDE, card["decide_url"], texts["decide"], title) if decides else "",
        menu,
    )


OVERDUE_ROW = '<li><a class="ds-link" href="{}">{}</a> <span class="portal-muted">{} · {}</span></li>'


@register.simple_tag
def overdue_review(m):
    """An overdue measure review above the board (`queries.board.OverdueReview`): its link, owner and how late."""
    return format_row(OVERDUE_ROW, m["url"], m["title"], m["owner_label"], m["overdue_text"])
