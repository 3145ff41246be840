"""Reporting rounds, the agencies' status reports and the generated documents (PDF, Excel, CSV) for the office and the
ministries."""
