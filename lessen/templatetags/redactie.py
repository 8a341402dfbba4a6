"""`{% redactiebureau as bureau %}` on the start page of /beheer/ (lessen/templates/admin/index.html),
as Django's own `{% get_admin_log %}` gives that page its recent actions."""

from django import template

from lessen import redactie

register = template.Library()


@register.simple_tag(takes_context=True)
def redactiebureau(context):
    return redactie.bureau(context["request"].user)
