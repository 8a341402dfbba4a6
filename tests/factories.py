import factory
from factory.django import DjangoModelFactory

from bronnen.models import Auteur, Bron, BronAuteur
from lessen.models import Les, Thema, Vermelding
from lessen.search import update_search_index


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
    class Meta:
        model = Bron
        skip_postgeneration_save = True

    titel = factory.Sequence(lambda n: f"Bron {n}")
    slug = factory.Sequence(lambda n: f"bron-{n}")
    soort = Bron.Soort.ESSAY

    @factory.post_generation
    def auteurs(self, create, extracted, **kwargs):
        for volgorde, auteur in enumerate(extracted or [], 1):
            BronAuteur.objects.create(bron=self, auteur=auteur, volgorde=volgorde)


class LesFactory(DjangoModelFactory):
    """A published lesson; pass themas=[...], tags=[...] and bronnen=[(bron, locator), ...]."""

    class Meta:
        model = Les
        skip_postgeneration_save = True

    titel = factory.Sequence(lambda n: f"Les {n:04d}")
    slug = factory.Sequence(lambda n: f"les-{n:04d}")
    samenvatting = "Een korte samenvatting van wat de bron betoogt."
    tekst = "## Wat de bron zegt\n\nDe bron zegt iets over de wijk.\n\n## Waarom het ertoe doet\n\nHet werkt."
    soort = Les.Soort.PUNT
    kennissoort = Les.Kennissoort.PRAKTIJK
    status = Les.Status.GEPUBLICEERD

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Like the admin and les_opslaan: the index and the version are written once the relations
        # are saved.
        les = model_class(*args, **kwargs)
        les.save_without_historical_record()
        return les

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            update_search_index([instance.pk])
            instance.versie_vastleggen()

    @factory.post_generation
    def themas(self, create, extracted, **kwargs):
        if extracted:
            self.themas.set(extracted)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if extracted:
            self.tags.set(extracted)

    @factory.post_generation
    def bronnen(self, create, extracted, **kwargs):
        for volgorde, (bron, locator) in enumerate(extracted or [], 1):
            Vermelding.objects.create(
                les=self, bron=bron, locator=locator, titel_in_bron=self.titel, volgorde=volgorde
            )
