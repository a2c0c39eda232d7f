"""Behind reverse proxies: the client's address is taken from the right of X-Forwarded-For (what our own proxies
wrote), never from its client-controlled left; X-Request-ID only from our proxy."""

import pytest
from django.test import RequestFactory

from accounts.proxy import client_ip, request_id
from audit.models import Event
from audit.security import failed_login_case

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"


def _request(forwarded=None, remote=PROXY, rid=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    if rid is not None:
        extra["HTTP_X_REQUEST_ID"] = rid
    return RequestFactory().get("/", **extra)


def test_without_a_configured_proxy_the_socket_address_is_the_client(settings):
    settings.TRUSTED_PROXY_HOPS = 0
    assert client_ip(_request("1.2.3.4")) == PROXY
    assert request_id(_request(rid="abc")) is None


def test_one_proxy_the_right_most_entry_is_the_client_and_a_spoofed_left_is_ignored(settings):
    settings.TRUSTED_PROXY_HOPS = 1
    assert client_ip(_request("6.6.6.6, 198.51.100.9")) == "198.51.100.9"
    assert client_ip(_request("198.51.100.9")) == "198.51.100.9"


def test_two_proxies_the_second_entry_from_the_right_is_the_client(settings):
    settings.TRUSTED_PROXY_HOPS = 2
    assert client_ip(_request("6.6.6.6, 198.51.100.9, 10.0.0.1")) == "198.51.100.9"


def test_fewer_entries_than_proxies_or_garbage_falls_back_to_the_socket(settings):
    settings.TRUSTED_PROXY_HOPS = 2
    assert client_ip(_request("198.51.100.9")) == PROXY
    settings.TRUSTED_PROXY_HOPS = 1
    assert client_ip(_request("1.2.3.4, not-an-ip")) == PROXY
    assert client_ip(_request()) == PROXY


def test_headers_from_an_address_that_is_not_our_proxy_are_ignored(settings):
    settings.TRUSTED_PROXY_HOPS = 1
    settings.TRUSTED_PROXY_ADDRESSES = [PROXY]
    assert client_ip(_request("198.51.100.9", remote="203.0.113.50")) == "203.0.113.50"
    assert request_id(_request(remote="203.0.113.50", rid="forged")) is None
    assert request_id(_request(rid="nginx-42")) == "nginx-42"


def test_a_request_id_that_does_not_look_like_one_is_replaced(settings):
    settings.TRUSTED_PROXY_HOPS = 1
    assert request_id(_request(rid="x" * 65)) is None
    assert request_id(_request(rid="a b<script>")) is None


def test_the_audit_log_records_the_proxied_client_and_the_proxys_request_id(client, settings):
    settings.TRUSTED_PROXY_HOPS = 1
    client.post(
        "/accounts/login/",
        {"username": "ai", "password": "x"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.9",
        HTTP_X_REQUEST_ID="nginx-7f3a",
    )
    event = Event.objects.get(case_key=failed_login_case("ai"))
    assert (event.ip_address, event.request_id) == ("198.51.100.9", "nginx-7f3a")


def test_a_direct_client_cannot_choose_its_request_id_in_the_log(client, settings):
    settings.TRUSTED_PROXY_HOPS = 0
    response = client.post(
        "/accounts/login/",
        {"username": "ai", "password": "x"},
        REMOTE_ADDR="198.51.100.9",
        HTTP_X_FORWARDED_FOR="6.6.6.6",
        HTTP_X_REQUEST_ID="chosen-by-client",
    )
    event = Event.objects.get(case_key=failed_login_case("ai"))
    assert event.ip_address == "198.51.100.9"
    assert event.request_id != "chosen-by-client" and response["X-Request-ID"] == event.request_id


def test_login_throttling_counts_the_proxied_client_not_the_proxy(client, settings):
    settings.TRUSTED_PROXY_HOPS = 1
    from tests.factories import make_user

    make_user("chuyenvien")
    for _ in range(20):
        client.post(
            "/accounts/login/",
            {"username": "chuyenvien", "password": "sai"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR="203.0.113.7",
        )
    locked = client.post(
        "/accounts/login/",
        {"username": "chuyenvien", "password": "secret-pass-123"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    assert locked.status_code == 429
    colleague = client.post(
        "/accounts/login/",
        {"username": "chuyenvien", "password": "secret-pass-123"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.9",
    )
    assert colleague.status_code == 302  # same proxy, another client: not locked
