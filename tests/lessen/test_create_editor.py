import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def typed(monkeypatch, *answers, naam="Anna de Vries"):
    """The answers typed at the command's password prompts, in order, and at its prompt for a name."""
    answers = iter(answers)
    monkeypatch.setattr("lessen.management.commands.create_editor.getpass", lambda prompt: next(answers))
    monkeypatch.setattr("builtins.input", lambda prompt: naam)


def test_new_editor_can_log_in_and_edit_content_but_not_users(monkeypatch, capsys):
    typed(monkeypatch, "wijk-en-buurt-2026", "wijk-en-buurt-2026")
    call_command("create_editor", "anna")
    user = authenticate(username="anna", password="wijk-en-buurt-2026")
    assert user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == ["Redacteur"]
    assert user.has_perm("lessen.change_les") and not user.has_perm("auth.add_user")
    assert "Redacteur ‘anna’ is aangemaakt" in capsys.readouterr().out


def test_password_is_asked_again_until_both_match_and_it_is_strong_enough(monkeypatch, capsys):
    typed(
        monkeypatch,
        "wijk-en-buurt-2026",
        "wijk-en-buurt-2062",
        "kort",
        "kort",
        "buurtwerk-in-de-wijk",
        "buurtwerk-in-de-wijk",
    )
    call_command("create_editor", "bert")
    errors = capsys.readouterr().err
    assert "De wachtwoorden zijn niet gelijk" in errors
    assert "te kort" in errors
    assert authenticate(username="bert", password="buurtwerk-in-de-wijk")


def test_an_existing_username_is_refused_before_any_password_is_asked(monkeypatch, django_user_model):
    django_user_model.objects.create_user("anna")
    typed(monkeypatch)  # no answers: asking would fail the test
    with pytest.raises(CommandError, match="‘anna’ bestaat al"):
        call_command("create_editor", "anna")
    assert get_user_model().objects.filter(username="anna").count() == 1


def test_the_public_name_is_asked_and_shown_in_the_public_history(monkeypatch, client, content):
    from lessen.services import les_opslaan, publiceren, ter_beoordeling_aanbieden

    names = iter(["", "Anna de Vries"])
    monkeypatch.setattr(
        "lessen.management.commands.create_editor.getpass", lambda prompt: "wijk-en-buurt-2026"
    )
    monkeypatch.setattr("builtins.input", lambda prompt: next(names))
    call_command("create_editor", "anna")
    call_command("create_editor", "bert", "--eindredacteur", "--naam", "Bert Jansen")
    anna, bert = get_user_model().objects.get(username="anna"), get_user_model().objects.get(username="bert")
    assert (anna.publieke_naam.naam, bert.publieke_naam.naam) == ("Anna de Vries", "Bert Jansen")

    les = content["concept"]
    les.samenvatting = "Door Anna."
    les_opslaan(les=les, redacteur=anna)
    ter_beoordeling_aanbieden(les=les, redacteur=anna)
    publiceren(les=les, redacteur=bert)
    history = client.get(f"/lessen/{les.slug}/versies/").content.decode()
    assert "goedgekeurd door" in history and "Bert Jansen" in history and "Anna de Vries" in history
    assert 'goedgekeurd door <span class="versie__goedgekeurd">redactie' not in history


def test_a_final_editor_without_a_public_name_is_not_called_redactie(content, client):
    from django.contrib.auth.models import Group

    from lessen.services import publiceren, ter_beoordeling_aanbieden

    eind = get_user_model().objects.create_user("zonder-naam", is_staff=True)
    eind.groups.add(Group.objects.get(name="Eindredacteur"))
    les = ter_beoordeling_aanbieden(les=content["concept"], redacteur=None)
    publiceren(les=les, redacteur=eind)
    history = client.get(f"/lessen/{les.slug}/versies/").content.decode()
    assert "goedgekeurd door redactie" not in history.replace('<span class="versie__goedgekeurd">', "")
    assert '<span class="versie__goedgekeurd">eindredactie</span>' in history
