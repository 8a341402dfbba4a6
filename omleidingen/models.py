"""Old slugs, so that a published address keeps working after a rename (301, one hop)."""

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction


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
    """Abstract base: saving a changed `slug` records the old one, which then answers with a 301.

    It works wherever the object is saved (admin, shell, a service), because it lives in `save()`:
    the slug as loaded from the database is compared with the slug being written.
    """

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        vorige = getattr(self, "_slug_in_database", None)
        with transaction.atomic(using=kwargs.get("using")):
            super().save(*args, **kwargs)
            content_type = ContentType.objects.get_for_model(type(self))
            if vorige and vorige != self.slug:
                OudeSlug.objects.update_or_create(
                    content_type=content_type, slug=vorige, defaults={"object_id": self.pk}
                )
            # The current address is nobody's old address any more (a rename back, or a reuse).
            OudeSlug.objects.filter(content_type=content_type, slug=self.slug).delete()
        self._slug_in_database = self.slug

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._slug_in_database = instance.__dict__.get("slug")
        return instance

    @classmethod
    def slug_was_used_by_another(cls, slug, pk=None):
        """Whether `slug` is an old address of another object of this model (for form validation)."""
        oude = OudeSlug.objects.filter(content_type=ContentType.objects.get_for_model(cls), slug=slug)
        return oude.exclude(object_id=pk).exists() if pk else oude.exists()


def current_for_old_slug(model, slug):
    """The object that used to live at `slug`, or None."""
    oude = OudeSlug.objects.filter(content_type=ContentType.objects.get_for_model(model), slug=slug).first()
    if oude is None:
        return None
    return model._default_manager.filter(pk=oude.object_id).first()
