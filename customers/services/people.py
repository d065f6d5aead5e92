"""A person's own account, across both sides: deleting it.

The accounts app empties the account and takes the person off their
supplier's team; the person's place on a customer's staff is this app's. One
transaction: a refusal on either side (the last administrator of a company
or the last admin of a customer cannot go) changes nothing.
"""

from django.db import transaction

from accounts import team
from accounts.models import User
from customers.models import (
    Customer,
    CustomerAuditEvent,
    CustomerMember,
    CustomerTeamInvitation,
)
from customers.services.colleagues import check_may_leave_customer, leave_on_account_deletion


@transaction.atomic
def delete_account(*, user: User) -> None:
    """Delete the user's account: they appear as a "former user" wherever they acted."""
    membership = CustomerMember.objects.select_related("customer", "user").filter(user=user).first()
    if membership is not None:
        Customer.objects.select_for_update().get(pk=membership.customer_id)
        check_may_leave_customer(membership)
    team.check_may_leave(user)
    if membership is not None:
        leave_on_account_deletion(membership)
    team.forget_name_in_audit(CustomerAuditEvent.objects.all(), user)
    CustomerTeamInvitation.objects.filter(accepted_by=user).update(
        email=team.former_email(user), full_name=""
    )
    team.delete_account(user=user)
