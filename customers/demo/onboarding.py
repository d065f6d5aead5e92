"""The demo onboarding questionnaires (each covers every kind of question) and the demo
supplier's progress through two of them."""

from accounts.models import CompanyDocument, DocumentKind, User
from customers.models import (
    Customer,
    CustomerMember,
    Onboarding,
    Question,
    QuestionKind,
    Questionnaire,
    RelationshipState,
    Section,
)
from customers.services.onboarding import (
    draft_questionnaire,
    publish_questionnaire,
    return_answers,
    save_draft,
    submit_answers,
)

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


def seed_questionnaires() -> list[str]:
    created = []
    for name, (title, introduction, sections) in QUESTIONNAIRES.items():
        customer = Customer.objects.filter(name=name).first()
        if customer is None or Questionnaire.objects.for_customer(customer).exists():
            continue
        french = FRENCH_VERSIONS.get(name, {}).get
        draft = draft_questionnaire(customer=customer)
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
        publish_questionnaire(questionnaire=draft, actor=member.user if member else None)
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
        save_draft(onboarding=acme, actor=supplier_user, values=_by_label(acme, draft))
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
        submit_answers(
            onboarding=initech, actor=supplier_user, values=_by_label(initech, INITECH_SUBMITTED)
        )
        return_answers(onboarding=initech, actor=reviewer, comment=INITECH_COMMENT)
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
