"""The tables of the status report as pandas DataFrames (pandas is used only in this package).

Every function takes the plain rows of `queries.round_data(round)` and returns DataFrames whose column labels are
already translated into the active language, so the web page, the PDF and the Excel workbook show the same table.
`base.py` holds the rows as frames, `life_event.py` the tables of one life event, `portfolio.py` the portfolio-wide
tables and `build()`, which assembles a whole report.
"""

from .base import NOT_REPORTED, Data
from .evaluations import evaluation_tables, evaluation_titles
from .life_event import LIFE_EVENT_TABLES, allocation_footnote, table_titles
from .portfolio import build, measures_label, one_table, portfolio_keys, portfolio_table

__all__ = [
    "LIFE_EVENT_TABLES",
    "NOT_REPORTED",
    "Data",
    "allocation_footnote",
    "evaluation_tables",
    "evaluation_titles",
    "build",
    "measures_label",
    "one_table",
    "portfolio_keys",
    "portfolio_table",
    "table_titles",
]
