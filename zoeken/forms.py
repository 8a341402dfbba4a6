from django import forms

from bronnen.models import Auteur, Bron
from lessen import selectors
from lessen.forms import filter_field
from lessen.models import Thema
from lessen.search import MAX_QUERY_LENGTH


class SearchTextField(forms.CharField):
    """Search text: NUL characters are dropped, not refused; too long a text is refused in Dutch."""

    def __init__(self, **kwargs):
        super().__init__(
            max_length=MAX_QUERY_LENGTH,
            strip=True,
            error_messages={
                "max_length": f"Een zoekvraag mag hoogstens {MAX_QUERY_LENGTH} tekens lang zijn; "
                "deze is %(show_value)d tekens. Maak hem korter."
            },
            **kwargs,
        )

    def to_python(self, value):
        return super().to_python(value).replace("\x00", "")


class SearchForm(forms.Form):
    """The query parameters of /zoeken/: the text, the filters of the facets, the page."""

    q = SearchTextField(label="Zoek in de Wijkgids", required=False)
    thema = filter_field(Thema.objects.all(), "Thema", "thema's")
    tag = filter_field(selectors.published_tags(), "Tag", "tags")
    bron = filter_field(Bron.objects.all(), "Bron", "bronnen")
    auteur = filter_field(Auteur.objects.all(), "Auteur", "auteurs")
    pagina = forms.IntegerField(
        required=False,
        min_value=1,
        error_messages={
            "invalid": "Een paginanummer is een heel getal, zoals 2.",
            "min_value": "Pagina's tellen vanaf 1.",
        },
    )

    FILTERS = ("thema", "tag", "bron", "auteur")

    def filters(self):
        return {name: self.cleaned_data[name] for name in self.FILTERS if self.cleaned_data[name] is not None}
