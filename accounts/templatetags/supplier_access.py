"""``{% refusal membership "manage_connections" %}``: the notice a page shows a member
who may read it but not act, in the same words as the 403 (``accounts.access``)."""

from django import template

from accounts.access import Need, refusal_message

register = template.Library()


@register.simple_tag
def refusal(membership, need: str) -> str:
    return refusal_message(membership, Need(need))
