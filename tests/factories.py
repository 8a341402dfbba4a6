import factory
from factory.django import DjangoModelFactory

from bronnen.models import Auteur, Bron, BronAuteur
from bronnen.services import bron_opslaan
from lessen.models import Les, Thema, Vermelding
from lessen.services import les_opslaan


class ThemaFactory(DjangoModelFactory):
    class Meta:
        model = Thema

    naam = factory.Sequence(lambda n: f"Thema {n}")
    slug = factory.Sequence(lambda n: f"thema-{n}")
    beschrijving = "Een thema om lessen onder te ordenen."


class AuteurFactory(DjangoModelFactory):
    class Meta:
        model = Auteur

    naam = factory.Sequence(lambda n: f"Auteur {n}")
    sorteernaam = factory.LazyAttribute(lambda o: o.naam)
    slug = factory.Sequence(lambda n: f"auteur-{n}")


class BronFactory(DjangoModelFactory):
    """A source; pass auteurs=[...] in their order."""

    class Meta:
        model = Bron

    titel = factory.Sequence(lambda n: f"Bron {n}")
    slug = factory.Sequence(lambda n: f"bron-{n}")
    soort = Bron.Soort.ESSAY
    auteurs = ()

    @classmethod
    def _create(cls, model_class, *args, auteurs, **kwargs):
        bronauteurs = [
            BronAuteur(auteur=auteur, volgorde=volgorde) for volgorde, auteur in enumerate(auteurs, 1)
        ]
        return bron_opslaan(bron=model_class(*args, **kwargs), bronauteurs=bronauteurs)


class LesFactory(DjangoModelFactory):
    """A published lesson; pass themas=[...], tags=[...] and bronnen=[(bron, locator), ...]."""

    class Meta:
        model = Les

    titel = factory.Sequence(lambda n: f"Les {n:04d}")
    slug = factory.Sequence(lambda n: f"les-{n:04d}")
    samenvatting = "Een korte samenvatting van wat de bron betoogt."
    tekst = "## Wat de bron zegt\n\nDe bron zegt iets over de wijk.\n\n## Waarom het ertoe doet\n\nHet werkt."
    soort = Les.Soort.PUNT
    kennissoort = Les.Kennissoort.PRAKTIJK
    status = Les.Status.GEPUBLICEERD
    themas = ()
    tags = ()
    bronnen = ()

    @classmethod
    def _create(cls, model_class, *args, themas, tags, bronnen, **kwargs):
        les = model_class(*args, **kwargs)
        vermeldingen = [
            Vermelding(bron=bron, locator=locator, titel_in_bron=les.titel, volgorde=volgorde)
            for volgorde, (bron, locator) in enumerate(bronnen, 1)
        ]
        return les_opslaan(les=les, themas=themas, tags=tags, vermeldingen=vermeldingen)


def publish_pending(les):
    """The change waiting for review on the published lesson `les` (an editor's save in the admin),
    offered and published by a final editor who made none of it. Returns the lesson as readers see it."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from lessen.services import publiceren, ter_beoordeling_aanbieden, werkversie

    eind, made = get_user_model().objects.get_or_create(
        username="eindredactie-test", defaults={"is_staff": True}
    )
    if made:
        eind.groups.add(Group.objects.get(name="Eindredacteur"))
    les = Les.objects.get(pk=les.pk)
    if werkversie(les).status == Les.Status.CONCEPT:
        ter_beoordeling_aanbieden(les=les, redacteur=None)
    return publiceren(les=Les.objects.get(pk=les.pk), redacteur=get_user_model().objects.get(pk=eind.pk))
