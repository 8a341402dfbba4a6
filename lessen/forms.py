from django import forms
from taggit.forms import TagField
from taggit.models import Tag

from bronnen.models import Auteur, Bron

from . import selectors
from .models import Les, Thema
from .selectors import Volgorde

TAG_NAME_MAX = Tag._meta.get_field("name").max_length
# taggit makes a tag's slug from its name and, when that slug is taken, appends "_1", "_2", ...:
# leave room for that suffix, so a long slug never overflows the column (PostgreSQL refuses it).
TAG_SLUG_MAX = Tag._meta.get_field("slug").max_length - 4


def filter_field(queryset, label, wat):
    return forms.ModelChoiceField(
        queryset=queryset,
        to_field_name="slug",
        required=False,
        label=label,
        empty_label=f"Alle {wat}",
        error_messages={"invalid_choice": f"Er is geen {label.lower()} ‘%(value)s’ in de Wijkgids."},
    )


class LesFilters(forms.Form):
    """The filters that narrow lessons, each optional, all combinable: of the list and of search."""

    thema = filter_field(Thema.objects.all(), "Thema", "thema's")
    tag = filter_field(selectors.published_tags(), "Tag", "tags")
    bron = filter_field(Bron.objects.public(), "Bron", "bronnen")
    auteur = filter_field(Auteur.objects.public(), "Auteur", "auteurs")
    kennissoort = forms.TypedChoiceField(
        choices=[("", "Alle soorten kennis"), *Les.Kennissoort.choices],
        coerce=Les.Kennissoort,
        empty_value=None,
        required=False,
        label="Soort kennis",
        error_messages={"invalid_choice": "Er is geen soort kennis ‘%(value)s’ in de Wijkgids."},
    )
    FILTERS = ("thema", "tag", "bron", "auteur", "kennissoort")

    def filters(self):
        """The filters in use, by name: {"thema": <Thema>, ...}."""
        return {name: self.cleaned_data[name] for name in self.FILTERS if self.cleaned_data[name] is not None}


class LesFilterForm(LesFilters):
    """The query parameters of the lesson list: a word, the filters, the order."""

    q = forms.CharField(label="Zoekwoord", required=False, max_length=200, strip=True)
    volgorde = forms.ChoiceField(
        choices=Volgorde.choices,
        required=False,
        error_messages={
            "invalid_choice": f"Er is geen volgorde ‘%(value)s’; kies {', '.join(Volgorde.values)}."
        },
    )

    def clean_q(self):
        return self.cleaned_data["q"].replace("\x00", "")

    def clean_volgorde(self):
        return self.cleaned_data["volgorde"] or Volgorde.TITEL


def tags_from_text(text):
    """The tags in what an editor typed: separated by commas, a space being part of a tag; quotes
    around a tag (taggit's way of writing one with spaces) are left out."""
    return sorted({name.strip(' "') for name in text.split(",")} - {""})


def text_from_tags(tags):
    """The tags as the editor sees them in the form, as `tags_from_text` reads them back."""
    return ", ".join(sorted(tag.name for tag in tags))


class TagMergeForm(forms.Form):
    """taggit's form for merging tags (the field keeps its name), in Dutch."""

    new_tag_name = forms.CharField(
        label="Samenvoegen tot de tag", max_length=TAG_NAME_MAX, help_text="Een nieuwe of een bestaande tag."
    )


class TagNamesField(TagField):
    """taggit's tag field, refusing tags that do not fit their column or have no web address."""

    def clean(self, value):
        names = super().clean(value)
        errors = [error for name in names if (error := tag_name_error(name))]
        if errors:
            raise forms.ValidationError(errors)
        return names


def tag_name_error(name):
    """Why `name` cannot be a tag (in Dutch, for the editor), or None when it can."""
    shown = name if len(name) <= 40 else f"{name[:40]}…"
    if len(name) > TAG_NAME_MAX:
        return f"De tag ‘{shown}’ is te lang: hooguit {TAG_NAME_MAX} tekens (nu {len(name)})."
    slug = Tag().slugify(name)
    if not slug:
        return (
            f"De tag ‘{shown}’ heeft geen letters of cijfers die in een webadres passen. Kies een andere tag."
        )
    if len(slug) > TAG_SLUG_MAX:
        return f"De tag ‘{shown}’ wordt als webadres te lang ({len(slug)} tekens). Kies een kortere tag."
    return None
