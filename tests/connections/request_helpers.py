"""Helpers for the connection request tests: the status names, a date as shown, a relationship."""

from django.utils import timezone
from django.utils.formats import date_format

from connections.models import ConnectionRequest
from customers.models import Relationship

Status = ConnectionRequest.Status


def day(moment) -> str:
    return date_format(timezone.localtime(moment), "DATE_FORMAT")


def relationship_between(supplier, customer) -> Relationship:
    return Relationship.objects.get(supplier=supplier, customer=customer)
