"""Email about review, through Django's email framework (EMAIL_BACKEND: the console in development,
SMTP from the environment in production, see docs/deploy.md): a lesson offered goes to the final
editors, a lesson published or sent back to the editors who made the change. `lessen.services` calls
these through `transaction.on_commit`, once the change is committed; a mail server that is down is
logged and stops nothing. This module imports no app."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import send_mass_mail
from django.db.models import Q
from django.urls import reverse

logger = logging.getLogger(__name__)


def _adres(naam, *args):
    return settings.WIJKGIDS_ADRES.rstrip("/") + reverse(naam, args=args)


def _eindredacteuren():
    publish = Permission.objects.filter(codename="publish_les", content_type__app_label="lessen")
    return (
        get_user_model()
        .objects.filter(
            Q(groups__permissions__in=publish) | Q(user_permissions__in=publish) | Q(is_superuser=True)
        )
        .filter(is_active=True)
        .exclude(email="")
        .distinct()
    )


def _versturen(onderwerp, tekst, ontvangers):
    adressen = sorted({user.email for user in ontvangers if user is not None and user.email})
    if not adressen:
        return
    try:
        send_mass_mail([(onderwerp, tekst, None, [adres]) for adres in adressen])
    except OSError:
        logger.exception("E-mail over ‘%s’ niet verstuurd", onderwerp)


def aangeboden(les, *, door, afzender, opmerking):
    notitie = f"\n\nNotitie:\n{opmerking}" if opmerking else ""
    _versturen(
        f"Ter beoordeling: {les.titel}",
        f"{door} bood ‘{les.titel}’ aan ter beoordeling.{notitie}\n\n"
        f"Beoordelen: {_adres('admin:lessen_les_beoordelen', les.pk)}\n",
        [user for user in _eindredacteuren() if user.pk != getattr(afzender, "pk", None)],
    )


def gepubliceerd(les, *, door, auteurs):
    _versturen(
        f"Gepubliceerd: {les.titel}",
        f"{door} publiceerde ‘{les.titel}’ (versie {les.versie}).\n\n"
        f"De les: {settings.WIJKGIDS_ADRES.rstrip('/')}{les.get_absolute_url()}\n",
        auteurs,
    )


def teruggestuurd(les, *, door, auteurs, opmerking):
    _versturen(
        f"Teruggestuurd: {les.titel}",
        f"{door} stuurde ‘{les.titel}’ terug met deze opmerking:\n\n{opmerking}\n\n"
        f"De les bewerken: {_adres('admin:lessen_les_change', les.pk)}\n",
        auteurs,
    )
