from django.urls import path

from customers.views import invitations, onboarding, setup

app_name = "customers"

urlpatterns = [
    path("setup/customers/", setup.customer_setup, name="setup"),
    path("setup/customers/<id:customer_id>/", setup.customer_setup, name="setup_customer"),
    path("setup/customers/<id:customer_id>/end/", setup.end_relationship, name="end_relationship"),
    path(
        "setup/customers/<id:customer_id>/onboarding/",
        onboarding.onboarding_form,
        name="onboarding",
    ),
    # --- invitations ---
    path("invite/<str:token>/", invitations.invitation_link, name="invitation_link"),
    path("invitation/", invitations.invitation_page, name="invitation"),
    path("invitation/sign-up/", invitations.invitation_signup, name="invitation_signup"),
    path("invitation/accept/", invitations.accept_invitation, name="invitation_accept"),
    path("invitation/decline/", invitations.decline_invitation, name="invitation_decline"),
    path("invitation/new-link/", invitations.request_new_link, name="invitation_new_link"),
    path(
        "setup/customers/<id:customer_id>/accept-invitation/",
        invitations.accept_from_setup,
        name="accept_invitation",
    ),
    path(
        "setup/customers/<id:customer_id>/decline-invitation/",
        invitations.decline_from_setup,
        name="decline_invitation",
    ),
]
