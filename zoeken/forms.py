from django import forms

from lessen.forms import LesFilters

from .search import MAX_QUERY_LENGTH


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


class SearchForm(LesFilters):
    """The query parameters of /zoeken/: the text, the filters of the facets, the page."""

    q = SearchTextField(label="Zoek in de Wijkgids", required=False)
    pagina = forms.IntegerField(
        required=False,
        min_value=1,
        error_messages={
            "invalid": "Een paginanummer is een heel getal, zoals 2.",
            "min_value": "Pagina's tellen vanaf 1.",
        },
    )
