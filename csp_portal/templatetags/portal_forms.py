"""Form rendering: labels and legends without a trailing colon (``templates/django/forms/field.html``)."""

from django import template

register = template.Library()


@register.filter
def label_without_colon(field):
    return field.label_tag(label_suffix="")


@register.filter
def legend_without_colon(field):
    return field.legend_tag(label_suffix="")
