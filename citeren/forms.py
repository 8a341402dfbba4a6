from django import forms
from django.utils import timezone

from .documenten import MAX_BESTAND, te_groot_bericht

MAX_TEKST = 500_000  # characters pasted


class ControleForm(forms.Form):
    """A note to check: its text pasted, or the document itself; and the day it was written."""

    tekst = forms.CharField(
        label="Plak de tekst van uw notitie",
        required=False,
        max_length=MAX_TEKST,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "max_length": f"Een geplakte tekst mag hoogstens {MAX_TEKST:,} tekens lang zijn; deze is "
            "%(show_value)d tekens. Plak alleen het deel met de verwijzingen.".replace(",", ".")
        },
    )
    bestand = forms.FileField(
        label="of kies het document",
        required=False,
        help_text=f".docx, .odt of .pdf, tot {MAX_BESTAND // (1024 * 1024)} MB. We bewaren het niet.",
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.odt,.pdf"}),
        error_messages={
            "invalid": "Dit is geen bestand. Kies uw notitie opnieuw.",
            "empty": "Dit bestand is leeg.",
        },
    )
    datum = forms.DateField(
        label="Geschreven op",
        help_text="De dag waarop de notitie af was: zonder versienummer in een link gaan we uit van de "
        "versie die toen gold.",
        input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Vul in wanneer de notitie geschreven is.",
            "invalid": "Schrijf de datum als 31-12-2024.",
        },
    )

    def __init__(self, *args, te_groot=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.te_groot = te_groot

    def clean_tekst(self):
        return self.cleaned_data["tekst"].replace("\x00", "")

    def clean_datum(self):
        datum = self.cleaned_data["datum"]
        if datum > timezone.localdate():
            raise forms.ValidationError(
                "Die datum ligt in de toekomst. Vul in wanneer de notitie geschreven is."
            )
        if datum.year < 2000:
            raise forms.ValidationError("De Wijkgids bestond toen nog niet. Controleer het jaar.")
        return datum

    def clean(self):
        cleaned = super().clean()
        if self.te_groot:
            raise forms.ValidationError(te_groot_bericht())
        tekst, bestand = cleaned.get("tekst"), cleaned.get("bestand")
        if "tekst" in cleaned and "bestand" in cleaned:
            if tekst and bestand:
                raise forms.ValidationError("Plak de tekst óf kies een document, niet allebei.")
            if not tekst and not bestand:
                raise forms.ValidationError("Plak de tekst van uw notitie of kies het document.")
        return cleaned
