"""The ceiling page: what any signed-in page costs at least, measured in the same run.

It goes through every middleware of the project, reads the session and the
user (as every page does), runs one indexed 20-row query and renders a small
template. A page's throughput divided by this one's says how much of the
budget the page itself spends, whatever the machine.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template import engines

from customers.models import Customer

_TEMPLATE = engines["django"].from_string(
    '<!doctype html><html lang="{{ LANGUAGE_CODE }}"><head><title>Ceiling</title></head>'
    "<body><p>{{ user.email }}</p><ul>{% for customer in customers %}"
    "<li>{{ customer.name }} ({{ customer.city }})</li>{% endfor %}</ul></body></html>"
)


@login_required
def ceiling(request: HttpRequest) -> HttpResponse:
    customers = Customer.objects.order_by("pk").only("name", "city")[:20]
    return HttpResponse(_TEMPLATE.render({"customers": customers}, request))
