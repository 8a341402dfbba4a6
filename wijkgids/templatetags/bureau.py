"""The start page of /beheer/ (wijkgids/templates/admin/bureau.html): `{% bureau as bureau %}` gives
what waits for the editor signed in, as Django's own `{% get_admin_log %}` gives that page its recent
actions. Each list is one query, however many lessons there are."""

from django import template
from django.db.models import Count, F, Q
from django.utils import timezone

from lessen import services
from lessen.models import Les, Wikilink
from lessen.redactie import met_stand

register = template.Library()
Status = Les.Status
OP_DE_LIJST = 50  # rows per list; the list of lessons has the rest


@register.simple_tag(takes_context=True)
def bureau(context):
    """The start page of /beheer/: what waits for `user`, in a fixed number of queries."""
    user = context["request"].user
    vandaag = timezone.localdate()
    mijn_werk = Les.history.filter(history_user=user)
    lessen = met_stand(Les.objects.only("id", "titel", "slug", "status"))
    wacht = []
    if user.has_perm(services.PUBLISH):
        wacht = list(lessen.filter(stand=Status.TER_BEOORDELING).order_by("beoordeling_op")[:OP_DE_LIJST])
    in_behandeling = (
        lessen.filter(
            Q(~Q(status=Status.GEPUBLICEERD), pk__in=mijn_werk.values("id"))
            | Q(status=Status.GEPUBLICEERD, pk__in=mijn_werk.filter(in_afwachting=True).values("id"))
        )
        .exclude(stand=Status.GEPUBLICEERD)
        .order_by("-beoordeling_op", "titel")
    )
    te_herzien = Les.objects.published().filter(Q(herzien_voor__lte=vandaag) | Q(herzien_voor__isnull=True))
    return {
        "wacht_op_beoordeling": wacht,
        "eindredacteur": user.has_perm(services.PUBLISH),
        "in_behandeling": list(in_behandeling[:OP_DE_LIJST]),
        "te_herzien": list(
            te_herzien.only("id", "titel", "gecontroleerd_op", "herzien_voor").order_by(
                F("herzien_voor").asc(nulls_first=True), "titel"
            )[:OP_DE_LIJST]
        ),
        "te_herzien_aantal": te_herzien.aggregate(n=Count("pk"))["n"],
        "ontbrekende_links": list(
            Wikilink.objects.filter(naar=None, van__status=Status.GEPUBLICEERD)
            .select_related("van")
            .only("doel", "van__id", "van__titel")
            .order_by("doel", "van__titel")[:OP_DE_LIJST]
        ),
    }
