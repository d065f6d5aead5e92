"""Reads of the customers app, one module per page family: ``setup`` (Customer Setup's
list, panel and timeline), ``onboarding`` (answers for a form, a review, the export) and
``domains`` (customers' email domains, reserved from suppliers)."""
