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
from accounts.models import CompanyDocument, DocumentKind, Supplier, SupplierMember, User
from customers import services
from customers.models import (
    ColleagueAccess,
    Customer,
    CustomerMember,
    Invitation,
    Onboarding,
    Question,
    QuestionKind,
    Questionnaire,
    Relationship,
    RelationshipState,
    Section,
)
from customers.services import invitations, sharing
from customers.services import onboarding as onboarding_services

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
    created += _seed_questionnaires()  # before any relationship: accepting starts onboarding
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


# --- onboarding -------------------------------------------------------------------

K = QuestionKind

# customer → (title, introduction, [(section title, [(label, kind, required, choices,
# profile field, help text), …]), …]). Each covers every kind of question.
QUESTIONNAIRES = {
    "Acme Industries": (
        "Acme supplier onboarding",
        "Acme buys only from suppliers whose company details, contacts and certifications "
        "we hold on file. Questions: supplier.onboarding@acme.example.",
        [
            (
                "Your company",
                [
                    ("Company name", K.SHORT_TEXT, True, "", "name", ""),
                    ("Legal name, if different", K.SHORT_TEXT, False, "", "legal_name", ""),
                    ("VAT or tax number", K.SHORT_TEXT, True, "", "tax_id", "As on your invoices."),
                    ("Country of registration", K.COUNTRY, True, "", "country", ""),
                    ("Date of incorporation", K.DATE, True, "", "", ""),
                    ("Number of employees", K.NUMBER, True, "", "", "An estimate is fine."),
                ],
            ),
            (
                "Contacts",
                [
                    (
                        "Email for purchase orders",
                        K.EMAIL,
                        True,
                        "",
                        "",
                        "Acme sends its purchase orders to this address.",
                    ),
                    ("Phone number", K.PHONE, True, "", "phone", ""),
                    ("Postal address", K.LONG_TEXT, True, "", "postal_address", ""),
                ],
            ),
            (
                "Quality and scope",
                [
                    ("Are you ISO 9001 certified?", K.YES_NO, True, "", "", ""),
                    (
                        "Certificate of insurance",
                        K.FILE,
                        True,
                        "",
                        "",
                        "Your current civil liability insurance certificate.",
                    ),
                    (
                        "Company size",
                        K.SINGLE_CHOICE,
                        True,
                        "Micro (fewer than 10 people)\nSmall (10 to 49)\nMedium (50 to 249)\n"
                        "Large (250 or more)",
                        "",
                        "",
                    ),
                    (
                        "What do you supply?",
                        K.MULTIPLE_CHOICE,
                        True,
                        "Office supplies\nFurniture\nIT equipment\nCleaning products\n"
                        "Maintenance services",
                        "",
                        "Tick every category that applies.",
                    ),
                    ("Anything else we should know?", K.LONG_TEXT, False, "", "", ""),
                ],
            ),
        ],
    ),
    "Initech": (
        "Initech vendor setup",
        "Initech pays vendors on its own payment terms; tell us how to work with you.",
        [
            (
                "About you",
                [
                    ("Company name", K.SHORT_TEXT, True, "", "name", ""),
                    ("What your company does", K.LONG_TEXT, True, "", "description", ""),
                    ("Country", K.COUNTRY, True, "", "country", ""),
                    ("Accounts receivable email", K.EMAIL, True, "", "", ""),
                    ("Phone", K.PHONE, False, "", "phone", ""),
                ],
            ),
            (
                "Working together",
                [
                    ("Annual revenue in US dollars", K.NUMBER, True, "", "", ""),
                    ("First date you can deliver", K.DATE, True, "", "", ""),
                    ("Do you deliver to Texas?", K.YES_NO, True, "", "", ""),
                    ("Certificate of insurance", K.FILE, False, "", "", ""),
                    (
                        "Payment terms you accept",
                        K.SINGLE_CHOICE,
                        True,
                        "30 days\n45 days\n60 days",
                        "",
                        "",
                    ),
                    (
                        "Certifications",
                        K.MULTIPLE_CHOICE,
                        False,
                        "ISO 9001\nISO 14001\nSOC 2",
                        "",
                        "",
                    ),
                ],
            ),
        ],
    ),
}


# Acme writes its questionnaire in English and French: each text's French version, by the
# English one (choices: one per line, in the same order).
FRENCH_VERSIONS = {
    "Acme Industries": {
        "Acme supplier onboarding": "Référencement des fournisseurs d'Acme",
        "Acme buys only from suppliers whose company details, contacts and certifications "
        "we hold on file. Questions: supplier.onboarding@acme.example.": (
            "Acme n'achète qu'auprès de fournisseurs dont elle connaît l'entreprise, les "
            "contacts et les certifications. Vos questions\u00a0: supplier.onboarding@acme.example."
        ),
        "Your company": "Votre entreprise",
        "Contacts": "Contacts",
        "Quality and scope": "Qualité et périmètre",
        "Company name": "Nom de l'entreprise",
        "Legal name, if different": "Raison sociale, si elle diffère",
        "VAT or tax number": "Numéro de TVA ou d'identification fiscale",
        "As on your invoices.": "Comme sur vos factures.",
        "Country of registration": "Pays d'immatriculation",
        "Date of incorporation": "Date de création",
        "Number of employees": "Nombre de salariés",
        "An estimate is fine.": "Une estimation suffit.",
        "Email for purchase orders": "E-mail pour les bons de commande",
        "Acme sends its purchase orders to this address.": (
            "Acme envoie ses bons de commande à cette adresse."
        ),
        "Phone number": "Numéro de téléphone",
        "Postal address": "Adresse postale",
        "Are you ISO 9001 certified?": "Êtes-vous certifiés ISO 9001\u00a0?",
        "Certificate of insurance": "Attestation d'assurance",
        "Your current civil liability insurance certificate.": (
            "Votre attestation d'assurance responsabilité civile en cours de validité."
        ),
        "Company size": "Taille de l'entreprise",
        "Micro (fewer than 10 people)\nSmall (10 to 49)\nMedium (50 to 249)\nLarge (250 or more)": (
            "Micro (moins de 10 personnes)\nPetite (10 à 49)\nMoyenne (50 à 249)\n"
            "Grande (250 ou plus)"
        ),
        "What do you supply?": "Que fournissez-vous\u00a0?",
        "Office supplies\nFurniture\nIT equipment\nCleaning products\nMaintenance services": (
            "Fournitures de bureau\nMobilier\nMatériel informatique\nProduits d'entretien\n"
            "Services de maintenance"
        ),
        "Tick every category that applies.": "Cochez chaque catégorie qui s'applique.",
        "Anything else we should know?": "Autre chose à nous dire\u00a0?",
    },
}


def _seed_questionnaires() -> list[str]:
    created = []
    for name, (title, introduction, sections) in QUESTIONNAIRES.items():
        customer = Customer.objects.filter(name=name).first()
        if customer is None or Questionnaire.objects.for_customer(customer).exists():
            continue
        french = FRENCH_VERSIONS.get(name, {}).get
        draft = onboarding_services.draft_questionnaire(customer=customer)
        draft.language = "en"
        draft.title, draft.introduction = title, introduction
        draft.title_translation = french(title, "")
        draft.introduction_translation = french(introduction, "")
        draft.save()
        for position, (section_title, questions) in enumerate(sections, start=1):
            section = Section.objects.create(
                questionnaire=draft,
                title=section_title,
                title_translation=french(section_title, ""),
                position=position,
            )
            Question.objects.bulk_create(
                Question(
                    section=section,
                    label=label,
                    kind=kind,
                    required=required,
                    choices=choices,
                    profile_field=profile_field,
                    help_text=help_text,
                    label_translation=french(label, ""),
                    help_text_translation=french(help_text, "") if help_text else "",
                    choices_translation=french(choices, "") if choices else "",
                    position=index,
                )
                for index, (label, kind, required, choices, profile_field, help_text) in enumerate(
                    questions, start=1
                )
            )
        member = CustomerMember.objects.filter(customer=customer).select_related("user").first()
        onboarding_services.publish_questionnaire(
            questionnaire=draft, actor=member.user if member else None
        )
        created.append(f"the onboarding questionnaire of {name}")
    return created


# Acme: a draft, partly answered. Initech: submitted, then returned for changes.
ACME_DRAFT = {
    "Company name": "Démo Fournitures SARL",
    "Country of registration": "FR",
    "Number of employees": "42",
    "What do you supply?": ["Office supplies", "Furniture"],
}
INITECH_SUBMITTED = {
    "Company name": "Démo Fournitures SARL",
    "What your company does": "Office supplies and furniture for companies in France.",
    "Country": "FR",
    "Accounts receivable email": "compta@demo-fournitures.example",
    "Annual revenue in US dollars": "2500000",
    "First date you can deliver": "2027-01-15",
    "Do you deliver to Texas?": "no",
    "Payment terms you accept": "45 days",
    "Certifications": ["ISO 9001"],
}
INITECH_COMMENT = (
    "We only work with vendors who deliver to Texas: please check with your logistics "
    "partner and change that answer. Also give your revenue in US dollars, not euros."
)


def seed_onboarding_progress() -> list[str]:
    """The demo supplier's onboardings in progress; run after every relationship is seeded.

    Finds the relationships by supplier and customer; leaves alone any that is
    not onboarding, or whose answers someone already touched.
    """
    from accounts.demo import DEMO_SUPPLIER_NAME

    created = []
    supplier_user = User.objects.filter(email="supplier@example.com").first()
    acme = _onboarding(DEMO_SUPPLIER_NAME, "Acme Industries")
    if supplier_user and acme and acme.status == Onboarding.Status.DRAFT and not acme.values:
        insurance = CompanyDocument.objects.filter(
            supplier__name=DEMO_SUPPLIER_NAME, kind=DocumentKind.INSURANCE
        ).first()
        draft = {**ACME_DRAFT, "Certificate of insurance": str(insurance.pk) if insurance else ""}
        onboarding_services.save_draft(
            onboarding=acme, actor=supplier_user, values=_by_label(acme, draft)
        )
        created.append("Acme's onboarding, in progress")
    initech = _onboarding(DEMO_SUPPLIER_NAME, "Initech")
    reviewer = User.objects.filter(email="buyer@initech.example").first()
    if (
        supplier_user
        and reviewer
        and initech
        and initech.status == Onboarding.Status.DRAFT
        and initech.reviewed_at is None
    ):
        onboarding_services.submit_answers(
            onboarding=initech, actor=supplier_user, values=_by_label(initech, INITECH_SUBMITTED)
        )
        onboarding_services.return_answers(
            onboarding=initech, actor=reviewer, comment=INITECH_COMMENT
        )
        created.append("Initech's onboarding, returned for changes")
    return created


def _onboarding(supplier_name: str, customer_name: str) -> Onboarding | None:
    return (
        Onboarding.objects.select_related("relationship", "questionnaire")
        .filter(
            relationship__supplier__name=supplier_name,
            relationship__customer__name=customer_name,
            relationship__state=RelationshipState.ONBOARDING,
        )
        .first()
    )


def _by_label(onboarding: Onboarding, answers: dict) -> dict:
    return {
        question.answer_key: answers[question.label]
        for question in onboarding.questionnaire.questions()
        if question.label in answers
    }


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
