import pytest

from tests.factories import LesFactory

pytestmark = pytest.mark.django_db


def test_api_lists_published_lessons_with_the_documented_shape(client, content):
    response = client.get("/api/lessen/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert set(data) == {"count", "next", "previous", "results"}
    assert data["count"] == 3
    assert data["next"] is None and data["previous"] is None
    assert "geheim-concept" not in {les["slug"] for les in data["results"]}

    les = next(les for les in data["results"] if les["slug"] == "het-gaat-om-de-mensen")
    pk = content["mensen"].pk
    assert les["id"] == pk
    assert les["titel"] == "Het gaat om de mensen"
    assert les["samenvatting"] == content["mensen"].samenvatting
    assert les["tekst"].startswith("## Wat de bron zegt")
    assert les["soort"] == "punt"
    assert les["url"] == "http://testserver/lessen/het-gaat-om-de-mensen/"
    assert les["permalink"] == f"http://testserver/l/{pk}/"
    assert les["themas"] == [
        {"slug": "leefwereld", "naam": "Leefwereld"},
        {"slug": "sturen", "naam": "Sturen"},
    ]
    assert les["tags"] == ["bewoners"]
    assert les["bronnen"] == [
        {
            "titel": "Tussenbalans",
            "slug": "essay",
            "locator": "punt 1",
            "titel_in_bron": "Het gaat om de mensen",
            "auteurs": ["Wim Derksen"],
        }
    ]
    assert les["gewijzigd"] == content["mensen"].gewijzigd.isoformat()


def test_api_pages_hold_100_lessons_with_links_to_the_neighbours(client, db):
    LesFactory.create_batch(205)
    first = client.get("/api/lessen/").json()
    assert first["count"] == 205
    assert len(first["results"]) == 100
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/lessen/?pagina=2"
    third = client.get(first["next"].replace("pagina=2", "pagina=3")).json()
    assert len(third["results"]) == 5
    assert third["previous"] == "http://testserver/api/lessen/?pagina=2"
    assert third["next"] is None
    ids = [les["id"] for les in first["results"]]
    assert ids == sorted(ids)


def test_api_single_lesson(client, content):
    pk = content["weg"].pk
    response = client.get(f"/api/lessen/{pk}/")
    assert response.status_code == 200
    assert response.json()["slug"] == "weg-met-de-romantiek"


def test_api_hides_drafts_and_answers_404_in_json(client, content):
    for url in [f"/api/lessen/{content['concept'].pk}/", "/api/lessen/99999/", "/api/lessen/?pagina=7"]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "detail" in response.json()


def test_api_hides_drafts_even_from_staff(staff_client, content):
    assert staff_client.get(f"/api/lessen/{content['concept'].pk}/").status_code == 404
