from getpass import getpass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import BaseCommand, CommandError
from django.db import transaction

from lessen.models import PubliekeNaam

GROUP = "Redacteur"  # made by the migration lessen/0002_redacteur_group
FINAL_GROUP = "Eindredacteur"  # made by the migration lessen/0015_eindredacteur_group


class Command(BaseCommand):
    help = (
        "Maakt een redacteur: een account met toegang tot /beheer/ in de groep Redacteur "
        "(met --eindredacteur: Eindredacteur, die ook publiceert). Vraagt de publieke naam (zoals de "
        "openbare versiegeschiedenis die toont) en twee keer het wachtwoord."
    )

    def add_arguments(self, parser):
        parser.add_argument("gebruikersnaam")
        parser.add_argument(
            "--email",
            default="",
            help="Het e-mailadres van de redacteur (optioneel): voor de berichten over beoordelingen.",
        )
        parser.add_argument(
            "--naam",
            default="",
            help="De publieke naam, zoals de openbare versiegeschiedenis die toont (anders gevraagd).",
        )
        parser.add_argument(
            "--eindredacteur",
            action="store_true",
            help="In de groep Eindredacteur: mag ook lessen van anderen publiceren en lessen offline halen.",
        )

    def handle(self, *args, gebruikersnaam, email, naam, eindredacteur, **options):
        User = get_user_model()  # noqa: N806 - Django's idiom
        if User.objects.filter(username=gebruikersnaam).exists():
            raise CommandError(f"De gebruikersnaam ‘{gebruikersnaam}’ bestaat al.")
        naam = naam.strip()[:100] or self.ask_name()
        user = User(username=gebruikersnaam, email=email, is_staff=True)
        user.set_password(self.ask_password(user))
        groep = FINAL_GROUP if eindredacteur else GROUP
        with transaction.atomic():
            user.save()
            user.groups.add(Group.objects.get(name=groep))
            PubliekeNaam.objects.create(user=user, naam=naam)
        self.stdout.write(
            self.style.SUCCESS(f"{groep} ‘{gebruikersnaam}’ is aangemaakt en kan inloggen op /beheer/.")
        )

    def ask_name(self):
        while True:
            naam = input(
                "Publieke naam (zoals lezers die in de versiegeschiedenis zien, bijv. ‘Anna de Vries’): "
            )
            naam = naam.strip()
            if naam and len(naam) <= 100:
                return naam
            self.stderr.write("Geef een naam van 1 tot 100 tekens; lezers zien die bij elke versie.")

    def ask_password(self, user):
        while True:
            password = getpass("Wachtwoord: ")
            if password != getpass("Wachtwoord (nog een keer): "):
                self.stderr.write("De wachtwoorden zijn niet gelijk. Probeer het opnieuw.")
                continue
            try:
                validate_password(password, user)
            except ValidationError as error:
                self.stderr.write("\n".join(error.messages))
                continue
            return password
