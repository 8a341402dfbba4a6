import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def typed(monkeypatch, *answers):
    """The answers typed at the command's password prompts, in order."""
    answers = iter(answers)
    monkeypatch.setattr("lessen.management.commands.create_editor.getpass", lambda prompt: next(answers))


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
