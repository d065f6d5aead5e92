"""Demo customers, their staff, the directory, the demo supplier's relationships, and a
colleague of the demo supplier who acts for one customer only.

The relationships go through the services, so the timelines read as they
would in real use. Électricité Démo SA is left without a relationship: it is
the target of the guide's walk-through. Acme Industries and Initech publish
onboarding questionnaires before any relationship exists, so accepting the
demo supplier starts its onboarding; ``seed_onboarding_progress`` (run last,
by ``csp_portal/demo.py``) then answers some of it, and ``seed_sharing`` shares
the demo supplier's restricted profile with Acme Industries (not with Initech).
Languages: Acme's questionnaire is written in English and French; Électricité
Démo SA's connection terms are in French only.
"""

from accounts.demo import ensure_user
from accounts.models import Supplier, SupplierMember, User
from customers import services
from customers.demo.onboarding import seed_onboarding_progress, seed_questionnaires
from customers.models import (
    ColleagueAccess,
    Customer,
    CustomerMember,
    Invitation,
    Relationship,
)
from customers.services import invitations, sharing

__all__ = [
    "DEMO_CUSTOMERS",
    "DIRECTORY",
    "NEWCOMER_EMAIL",
    "seed",
    "seed_onboarding_progress",
    "seed_sharing",
]

TERMS = (
    "By requesting a connection you confirm that the company information you give is "
    "accurate, and you agree that {name} may contact you about purchasing."
)
# Électricité Démo SA writes its terms in French only: English readers see them, marked.
FRENCH_TERMS = {
    "Électricité Démo SA": (
        "En demandant une connexion, vous confirmez que les informations que vous donnez sur "
        "votre entreprise sont exactes, et vous acceptez qu'Électricité Démo SA vous contacte "
        "au sujet de ses achats. Vos coordonnées ne sont utilisées que pour nos appels d'offres."
    ),
}

# name, country, city, domain, accepts requests, admin login
DEMO_CUSTOMERS = [
    ("Acme Industries", "US", "Springfield", "acme.example", True, "buyer@acme.example"),
    ("Globex Corporation", "US", "Cypress Creek", "globex.example", False, "buyer@globex.example"),
    (
        "Électricité Démo SA",
        "FR",
        "Lyon",
        "electricite-demo.example",
        True,
        "acheteur@electricite-demo.example",
    ),
    ("Initech", "US", "Austin", "initech.example", True, "buyer@initech.example"),
]

DIRECTORY = [
    ("Société Générale Démo", "FR", "Paris"),
    ("Banque Populaire Démo", "FR", "Nantes"),
    ("Crédit Agricole Démo", "FR", "Montrouge"),
    ("Compagnie Générale des Eaux Démo", "FR", "Paris"),
    ("Électronique Française SARL", "FR", "Grenoble"),
    ("Aéroports de Province", "FR", "Toulouse"),
    ("Hôpitaux Réunis de Bretagne", "FR", "Rennes"),
    ("Boulangeries Artisanales Dupré", "FR", "Bordeaux"),
    ("Métallurgie du Nord", "FR", "Lille"),
    ("Chantiers Navals de l'Atlantique Démo", "FR", "Saint-Nazaire"),
    ("Transports Rhône-Alpes", "FR", "Lyon"),
    ("Laboratoires Pharmaceutiques Étoile", "FR", "Strasbourg"),
    ("Verrerie de Champagne", "FR", "Reims"),
    ("Coopérative Laitière des Alpes", "FR", "Annecy"),
    ("Énergies Renouvelables du Sud", "FR", "Montpellier"),
    ("Groupe Hôtelier Côte d'Azur", "FR", "Nice"),
    ("Imprimerie Nationale Démo", "FR", "Douai"),
    ("Papeteries de Normandie", "FR", "Rouen"),
    ("Sucreries de Picardie", "FR", "Amiens"),
    ("Textiles Lorrains", "FR", "Nancy"),
    ("Mairie de Villeneuve-Démo", "FR", "Villeneuve"),
    ("Université Numérique de France", "FR", "Paris"),
    ("Brasserie du Mont-Blanc Démo", "FR", "Chamonix"),
    ("Fromageries Bel Démo", "FR", "Suresnes"),
    ("Société Nationale des Chemins de Démo", "FR", "Saint-Denis"),
    ("Umbrella Corporation", "US", "Raccoon City"),
    ("Stark Industries", "US", "New York"),
    ("Wayne Enterprises", "US", "Gotham"),
    ("Cyberdyne Systems", "US", "Sunnyvale"),
    ("Tyrell Corporation", "US", "Los Angeles"),
    ("Soylent Industries", "US", "New York"),
    ("Massive Dynamic", "US", "New York"),
    ("Wonka Industries", "GB", "London"),
    ("Oceanic Airlines", "AU", "Sydney"),
    ("Vandelay Industries", "US", "New York"),
    ("Dunder Mifflin Paper Company", "US", "Scranton"),
    ("Prestige Worldwide", "US", "Los Angeles"),
    ("Gringotts Banking Group", "GB", "London"),
    ("Nakatomi Trading", "JP", "Tokyo"),
    ("Buy n Large", "US", "Chicago"),
    ("Hooli", "US", "Palo Alto"),
    ("Pied Piper", "US", "Palo Alto"),
    ("Aperture Science", "US", "Cleveland"),
    ("Black Mesa Research", "US", "Albuquerque"),
    ("Monarch Solutions", "GB", "Manchester"),
    ("Northwind Traders", "GB", "Bristol"),
    ("Contoso Pharmaceuticals", "DE", "Berlin"),
    ("Fabrikam Logistics", "DE", "Hamburg"),
    ("Blue Yonder Airlines", "IE", "Dublin"),
    ("Tailspin Toys", "NL", "Amsterdam"),
    ("Wide World Importers", "BE", "Brussels"),
    ("Adventure Works Cycles", "CA", "Montréal"),
    ("Alpine Ski House", "CH", "Genève"),
    ("Coho Winery", "ES", "Barcelona"),
    ("Lucerne Publishing", "CH", "Lucerne"),
]


def seed(*, password: str) -> list[str]:
    created: list[str] = []
    for name, country, city, domain, accepts, admin_email in DEMO_CUSTOMERS:
        customer, made = _ensure_customer(name, country, city, domain=domain, accepts=accepts)
        if made:
            created.append(f"customer {name}")
        user, _made = ensure_user(admin_email, password, full_name=_admin_name(admin_email))
        if not CustomerMember.objects.filter(user=user).exists():
            CustomerMember.objects.create(customer=customer, user=user)
    directory_made = sum(
        _ensure_customer(name, country, city)[1] for name, country, city in DIRECTORY
    )
    if directory_made:
        created.append(f"{directory_made} directory customers")
    created += seed_questionnaires()  # before any relationship: accepting starts onboarding
    created += _seed_relationships()
    created += _seed_invitations()
    created += _seed_teams(password=password)
    return created


def _seed_teams(*, password: str) -> list[str]:
    """A colleague of the demo supplier who acts for Acme Industries only, and a reviewer
    of Acme Industries. Existing places are left as they are."""
    from accounts.demo import DEMO_SUPPLIER_NAME

    created = []
    supplier = Supplier.objects.filter(name=DEMO_SUPPLIER_NAME).first()
    acme = Customer.objects.filter(name="Acme Industries").first()
    colleague, _made = ensure_user("colleague@example.com", password, full_name="Camille Dubois")
    if supplier and acme and not SupplierMember.objects.filter(user=colleague).exists():
        membership = SupplierMember.objects.create(
            supplier=supplier,
            user=colleague,
            role=SupplierMember.Role.MEMBER,
            can_manage_connections=True,
        )
        ColleagueAccess.objects.create(membership=membership).customers.set([acme])
        created.append(f"supplier colleague {colleague.email} (Acme Industries only)")
    reviewer, _made = ensure_user("reviewer@acme.example", password, full_name="Rémi Relecteur")
    if acme and not CustomerMember.objects.filter(user=reviewer).exists():
        CustomerMember.objects.create(
            customer=acme, user=reviewer, role=CustomerMember.Role.REVIEWER
        )
        created.append(f"customer reviewer {reviewer.email}")
    return created


def _ensure_customer(
    name: str, country: str, city: str, *, domain: str = "", accepts: bool = True
) -> tuple[Customer, bool]:
    customer = Customer.objects.filter(name=name).first()
    if customer is not None:
        return customer, False
    customer = Customer(
        name=name,
        country=country,
        city=city,
        description=f"{name}, {city}.",
        email_domains=[domain] if domain else [],
        accepts_requests=accepts,
    )
    customer = services.save_customer_settings(customer=customer)
    french = FRENCH_TERMS.get(name)
    texts = {"fr": french} if french else {"en": TERMS.format(name=name)}
    services.publish_terms(customer=customer, texts=texts, actor=None)
    return customer, True


def _admin_name(email: str) -> str:
    return {
        "buyer@acme.example": "Alice Buyer",
        "buyer@globex.example": "Hank Scorpio",
        "acheteur@electricite-demo.example": "Élise Acheteuse",
        "buyer@initech.example": "Bill Lumbergh",
    }.get(email, "")


def _seed_relationships() -> list[str]:
    """The demo supplier's invitation-based relationships.

    The request-based ones (connected, pending, rejected, withdrawn, expired,
    ended) are real connection requests: ``connections/demo.py``.
    """
    supplier = Supplier.objects.filter(members__user__email="supplier@example.com").first()
    if supplier is None:
        return []
    user = User.objects.get(email="supplier@example.com")
    created: list[str] = []

    def missing(name: str) -> Customer | None:
        customer = Customer.objects.get(name=name)
        if Relationship.objects.filter(supplier=supplier, customer=customer).exists():
            return None
        created.append(f"relationship with {name}")
        return customer

    # Invited you: an invitation with its email (under var/mail/ locally).
    if globex := missing("Globex Corporation"):
        admin = CustomerMember.objects.filter(customer=globex).select_related("user").first()
        invitations.send_invitation(
            customer=globex,
            email=user.email,
            invited_by=admin.user if admin else None,
            contact_name=user.full_name,
            company_name=supplier.name,
            language="fr",
            message="Nous souhaitons vous ajouter à nos fournisseurs agréés de fournitures de bureau.",
        )
    # Closed: an invitation the supplier declined.
    if massive := missing("Massive Dynamic"):
        services.decline(
            relationship=services.invite(supplier=supplier, customer=massive, actor=None),
            actor=user,
        )
    return created


NEWCOMER_EMAIL = "new.supplier@newco.example"


def _seed_invitations() -> list[str]:
    """An invitation to an address with no account yet: open its link from var/mail/."""
    if Invitation.objects.filter(email=NEWCOMER_EMAIL).exists():
        return []
    acme = Customer.objects.get(name="Acme Industries")
    inviter = CustomerMember.objects.filter(customer=acme).select_related("user").first()
    invitations.send_invitation(
        customer=acme,
        email=NEWCOMER_EMAIL,
        invited_by=inviter.user if inviter else None,
        contact_name="Noah Newcomer",
        company_name="NewCo Supplies",
        language="en",
    )
    return [f"an invitation from Acme Industries to {NEWCOMER_EMAIL}"]


def seed_sharing() -> list[str]:
    """The demo supplier shares its restricted profile with Acme Industries, not with Initech.

    Once: a relationship whose sharing someone already changed is left alone.
    """
    from accounts.demo import DEMO_SUPPLIER_NAME

    user = User.objects.filter(email="supplier@example.com").first()
    relationship = (
        Relationship.objects.open()
        .filter(supplier__name=DEMO_SUPPLIER_NAME, customer__name="Acme Industries")
        .first()
    )
    if (
        user is None
        or relationship is None
        or relationship.restricted_profile_shared
        or relationship.events.filter(message__startswith="Restricted profile").exists()
    ):
        return []
    sharing.set_sharing(relationship=relationship, shared=True, actor=user)
    return ["the restricted profile, shared with Acme Industries"]
