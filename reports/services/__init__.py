"""Writes of the reports app, split by area: rounds.py (rounds, status reports, reminders) and documents.py
(ordering and generating the PDF/Excel/CSV documents)."""

from .documents import documents_sweep, report_generate, report_request
from .rounds import (
    round_close,
    round_open,
    round_remind,
    round_update,
    rounds_close_due,
    rounds_notify_office_due,
    status_report_save,
    status_report_submit,
)

__all__ = [
    "documents_sweep",
    "report_generate",
    "report_request",
    "round_close",
    "round_open",
    "round_remind",
    "round_update",
    "rounds_close_due",
    "rounds_notify_office_due",
    "status_report_save",
    "status_report_submit",
]
