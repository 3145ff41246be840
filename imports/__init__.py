"""The import of the running portfolio from a spreadsheet: a dry run that says what each row will do, then the run,
through the same services as the pages."""
