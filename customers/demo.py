"""Demo customers, their admins, the directory, and the demo supplier's invitations.

The relationships go through the services, so the timelines read as they
would in real use. Électricité Démo SA is left without a relationship: it is
the target of the guide's walk-through.
"""

from accounts.demo import ensure_user
from accounts.models import Supplier, User
from customers import services
from customers.models import Customer, CustomerMember, Relationship

TERMS = (
    "By requesting a connection you confirm that the company information you give is "
    "accurate, and you agree that {name} may contact you about purchasing."
)

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
    created += _seed_relationships()
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
        terms_text=TERMS.format(name=name),
    )
    return services.save_customer_settings(customer=customer), True


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

    # Invited you.
    if globex := missing("Globex Corporation"):
        admin = CustomerMember.objects.filter(customer=globex).select_related("user").first()
        services.invite(
            supplier=supplier,
            customer=globex,
            actor=admin.user if admin else None,
            email=user.email,
        )
    # Closed: an invitation the supplier declined.
    if massive := missing("Massive Dynamic"):
        services.decline(
            relationship=services.invite(supplier=supplier, customer=massive, actor=None),
            actor=user,
        )
    return created
