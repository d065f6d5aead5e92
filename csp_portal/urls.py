from django.contrib import admin
from django.urls import include, path

from accounts.views import SetPasswordView
from csp_portal import views
from csp_portal.outbox import webhooks
from customers.admin_site import customer_admin_site

handler500 = "csp_portal.views.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("setup/", views.setup, name="setup"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("healthz", views.healthz, name="healthz"),
    path("dev/mail/", views.dev_mail_list, name="dev_mail_list"),
    path("dev/mail/<str:name>", views.dev_mail_detail, name="dev_mail_detail"),
    # A first password for a person an admin added (the link carries a token).
    path(
        "accounts/set-password/<uidb64>/<token>/",
        SetPasswordView.as_view(),
        name="set_password",
    ),
    path("accounts/", include("allauth.urls")),
    # The configured email provider's delivery webhook (basic auth: ANYMAIL_WEBHOOK_SECRET).
    path(
        "anymail/<str:provider>/tracking/", webhooks.tracking_webhook, name="email_tracking_webhook"
    ),
    path("company/", include("accounts.urls")),
    path("", include("customers.urls")),
    path("", include("connections.urls")),
    path("admin/", admin.site.urls),
    path("customer-admin/", customer_admin_site.urls),
]
