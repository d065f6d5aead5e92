from django.urls import path

from customers.views import invitations, join, onboarding, setup, sharing, team

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
    # The Sharing section of the company page (accounts:company).
    path("company/sharing/", sharing.save_sharing, name="save_sharing"),
    # --- the supplier's team (Setup → Team) ---
    path("setup/team/", team.team, name="team"),
    path("setup/team/invite/", team.invite, name="team_invite"),
    path("setup/team/members/<id:member_id>/", team.member, name="team_member"),
    path(
        "setup/team/members/<id:pk>/deactivate/",
        team.deactivate,
        name="team_deactivate",
    ),
    path(
        "setup/team/members/<id:pk>/reactivate/",
        team.reactivate,
        name="team_reactivate",
    ),
    path("setup/team/members/<id:pk>/remove/", team.remove, name="team_remove"),
    path(
        "setup/team/invitations/<id:pk>/resend/",
        team.resend_invitation,
        name="team_resend_invitation",
    ),
    path(
        "setup/team/invitations/<id:pk>/revoke/",
        team.revoke_invitation,
        name="team_revoke_invitation",
    ),
    path(
        "setup/team/join-requests/<id:pk>/approve/",
        team.approve_join_request,
        name="team_approve_join_request",
    ),
    path(
        "setup/team/join-requests/<id:pk>/decline/",
        team.decline_join_request,
        name="team_decline_join_request",
    ),
    # --- joining a team (either side) through an emailed link ---
    path("join/", join.join_page, name="join"),
    path("join/sign-up/", join.join_signup, name="join_signup"),
    path("join/accept/", join.join_accept, name="join_accept"),
    path("join/<str:token>/", join.join_link, name="join_link"),  # after the fixed paths
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
