"""Old slugs, so that a published address keeps working after a rename (301, one hop)."""

from django.contrib.contenttypes.models import ContentType
from django.db import models


class OudeSlug(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    slug = models.SlugField(max_length=100)
    vervangen_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["content_type", "slug"], name="oude_slug_uniek")]
        verbose_name = "oud adres"
        verbose_name_plural = "oude adressen"

    def __str__(self):
        return self.slug


class BewaartOudeSlugs(models.Model):
    """Abstract base of what has an address by slug, which its services save with
    `save_keeping_old_slug`, so that an old address keeps answering (301)."""

    class Meta:
        abstract = True

    @classmethod
    def slug_was_used_by_another(cls, slug, pk=None):
        """Whether `slug` is an old address of another object of this model (for form validation)."""
        oude = OudeSlug.objects.filter(content_type=ContentType.objects.get_for_model(cls), slug=slug)
        return oude.exclude(object_id=pk).exists() if pk else oude.exists()


def slug_field(wat):
    """The slug that makes the web address of `wat` ("een les"), in the words of an editor."""
    return models.SlugField(
        "adres",
        max_length=100,
        unique=True,
        help_text="Het laatste deel van het webadres, ingevuld uit de titel of naam. "
        "Verandert u het, dan verwijst het oude adres door naar het nieuwe.",
        error_messages={"unique": f"Er is al {wat} met dit adres. Kies een ander adres."},
    )


def save_keeping_old_slug(obj):
    """Save `obj` (in a service's transaction); if its slug changed, the slug it had in the database
    answers from now on with a 301 to the new one."""
    vorige = None
    if not obj._state.adding:
        vorige = type(obj)._default_manager.filter(pk=obj.pk).values_list("slug", flat=True).first()
    obj.save()
    content_type = ContentType.objects.get_for_model(type(obj))
    if vorige and vorige != obj.slug:
        OudeSlug.objects.update_or_create(
            content_type=content_type, slug=vorige, defaults={"object_id": obj.pk}
        )
    # The current address is nobody's old address any more (a rename back, or a reuse).
    OudeSlug.objects.filter(content_type=content_type, slug=obj.slug).delete()


def current_for_old_slug(model, slug):
    """The object that used to live at `slug`, or None."""
    oude = OudeSlug.objects.filter(content_type=ContentType.objects.get_for_model(model), slug=slug).first()
    if oude is None:
        return None
    return model._default_manager.filter(pk=oude.object_id).first()


def delete_keeping_address(obj, *, into=None):
    """Delete `obj` (in a service's transaction). Its address and its old ones answer 410, or, when
    it was merged `into` another object, 301 to that one's address."""
    content_type = ContentType.objects.get_for_model(type(obj))
    if into is not None:
        OudeSlug.objects.filter(content_type=content_type, object_id=obj.pk).update(object_id=into.pk)
    OudeSlug.objects.update_or_create(
        content_type=content_type, slug=obj.slug, defaults={"object_id": (into or obj).pk}
    )
    obj.delete()
