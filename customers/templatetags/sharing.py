"""``{% sharing_section membership %}``: the company page's **Sharing** section.

The company page belongs to the accounts app, which knows nothing of
customers; whether a customer sees the restricted profile is the customers
app's, so the section renders from here (``customers.views.sharing`` saves it).
"""

from django import template

from customers.selectors.setup import sharing_choices

register = template.Library()


@register.inclusion_tag("customers/_sharing_section.html", takes_context=True)
def sharing_section(context, membership) -> dict:
    return {
        "membership": membership,
        "relationships": sharing_choices(membership.supplier),
        "may_change": membership.is_admin,
        "csrf_token": context.get("csrf_token"),
    }
