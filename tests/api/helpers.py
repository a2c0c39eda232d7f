"""People of a test province using the API as another system would: a token, then JSON over HTTP."""

from rest_framework.test import APIClient

PASSWORD = "secret-pass-123"  # tests.factories.make_user's


def api_as(user):
    """An API client holding the person's own token, fetched through POST /api/v1/auth/token/."""
    client = APIClient()
    answer = client.post("/api/v1/auth/token/", {"username": user.username, "password": PASSWORD}, format="json")
    assert answer.status_code == 200, answer.content
    client.credentials(HTTP_AUTHORIZATION=f"Token {answer.json()['token']}")
    return client


def rows(answer):
    assert answer.status_code == 200, answer.content
    return answer.json()["results"]


def queue_ids(client):
    return {row["id"] for row in rows(client.get("/api/v1/work/queue/"))}


def inbox_ids(client):
    return {row["id"] for row in rows(client.get("/api/v1/work/inbox/"))}
