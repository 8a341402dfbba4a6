from django import forms
from taggit.models import Tag

from bronnen.models import Auteur, Bron

from .models import Thema


def _filter_field(queryset, label, wat):
    return forms.ModelChoiceField(
        queryset=queryset,
        to_field_name="slug",
        required=False,
        label=label,
        empty_label=f"Alle {wat}",
        error_messages={"invalid_choice": f"Er is geen {label.lower()} ‘%(value)s’ in de Wijkgids."},
    )


class LesFilterForm(forms.Form):
    """The query parameters of the lesson list: every filter optional, all of them combinable."""

    q = forms.CharField(label="Zoek in titels en samenvattingen", required=False, max_length=200, strip=True)
    thema = _filter_field(Thema.objects.all(), "Thema", "thema's")
    tag = _filter_field(Tag.objects.all(), "Tag", "tags")
    bron = _filter_field(Bron.objects.all(), "Bron", "bronnen")
    auteur = _filter_field(Auteur.objects.all(), "Auteur", "auteurs")

    def clean_q(self):
        return self.cleaned_data["q"].replace("\x00", "")
