"""Reads of the accounts app: a user's company, companies by email domain, profiles.

The customers app shows a supplier's profile through ``profile_for_customer``;
whether a customer sees the restricted part is the customers app's decision
(it owns sharing), passed in as ``restricted_shared``.
"""

from dataclasses import dataclass

from accounts.domains import domain_of_email
from accounts.models import (
    CompanyDomain,
    JoinRequest,
    PublicProfile,
    RestrictedProfile,
    Supplier,
    User,
)


@dataclass(frozen=True)
class CustomerFacingProfile:
    """A supplier's profile as one customer sees it."""

    public: PublicProfile
    # None: this customer may not see the restricted fields.
    restricted: RestrictedProfile | None


def profile_for_customer(
    supplier: Supplier, *, restricted_shared: bool = False
) -> CustomerFacingProfile:
    """What a customer in a relationship with ``supplier`` is shown of it.

    The public part always; the restricted part only when the supplier shared
    it with that customer. Until sharing exists, no customer sees it.
    """
    return CustomerFacingProfile(
        public=supplier.public_profile(),
        restricted=supplier.restricted_profile() if restricted_shared else None,
    )


def supplier_for_email(email: str) -> Supplier | None:
    """The company that proved the domain of this address, if one did.

    A domain declared but not proven counts for nothing. Depends only on the
    domain: it never tells whether the address has an account.
    """
    domain = domain_of_email(email)
    if not domain:
        return None
    found = CompanyDomain.objects.proven().matching(domain).select_related("supplier").first()
    return found.supplier if found else None


def open_join_request_of(user: User) -> JoinRequest | None:
    return JoinRequest.objects.open().filter(user=user).select_related("supplier").first()
