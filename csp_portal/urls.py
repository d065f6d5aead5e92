from django.contrib import admin
from django.urls import include, path

from csp_portal import account, views
from csp_portal.outbox import webhooks
from customers.admin import workspace
from customers.admin_site import customer_admin_site

handler500 = "csp_portal.views.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("setup/", views.setup, name="setup"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("dev/mail/", views.dev_mail_list, name="dev_mail_list"),
    path("dev/mail/<str:name>", views.dev_mail_detail, name="dev_mail_detail"),
    path("my-account/", account.my_account, name="my_account"),
    path("my-account/data/", account.download_my_data, name="my_account_data"),
    path("my-account/leave-company/", account.leave_company, name="my_account_leave_company"),
    path("my-account/leave-customer/", account.leave_customer, name="my_account_leave_customer"),
    path("my-account/delete/", account.delete_account, name="my_account_delete"),
    path("accounts/", include("allauth.urls")),
    # The configured email provider's delivery webhook (basic auth: ANYMAIL_WEBHOOK_SECRET).
    path(
        "anymail/<str:provider>/tracking/", webhooks.tracking_webhook, name="email_tracking_webhook"
    ),
    path("company/", include("accounts.urls")),
    path("", include("customers.urls")),
    path("", include("connections.urls")),
    path("admin/", admin.site.urls),
    # A person's own email notifications, in the customer admin site (before its URLs).
    path(
        "customer-admin/notifications/",
        customer_admin_site.admin_view(workspace.notifications),
        name="customer_admin_notifications",
    ),
    path("customer-admin/", customer_admin_site.urls),
]
