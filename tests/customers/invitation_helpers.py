"""Helpers for the invitation tests: send one, and read its link from the email."""

import re

from customers.services import invitations

LINK = re.compile(r"https?://[^/\s]+(/invite/([A-Za-z0-9_-]+)/)")


def link_path(message) -> str:
    """The path of the invitation link in an email (django.core.mail message)."""
    match = LINK.search(message.body)
    assert match, message.body
    return match.group(1)


def token_of(message) -> str:
    return LINK.search(message.body).group(2)


def send(capture, mailoutbox, *, customer, invited_by, email="new.person@newco.example", **fields):
    """Send an invitation, run the on-commit sending, return (invitation, link path)."""
    with capture(execute=True):
        invitation = invitations.send_invitation(
            customer=customer, email=email, invited_by=invited_by, **fields
        )
    return invitation, link_path(mailoutbox[-1])
