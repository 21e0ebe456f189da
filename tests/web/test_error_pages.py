"""What a user sees when a page refuses them, is not there, or a form comes back stale: the
service's own pages, in its design, saying what to do next."""

import logging

from django.test import Client

from frontdoor.web.logs import RefusalsWithoutTraceback


def test_a_refused_page_says_why_in_the_services_design(client: Client, agencies, school_user):
    client.force_login(school_user)
    response = client.get("/referrals/queue/")
    assert response.status_code == 403
    page = response.content.decode()
    assert '<h1 class="govuk-heading-l">You cannot open this page</h1>' in page
    assert "govuk-template" in page


def test_a_page_that_is_not_there_says_what_to_do(client: Client, agencies, front_door_user):
    client.force_login(front_door_user)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page
    assert "check you copied the entire address" in page


def test_a_stale_form_says_nothing_was_saved(agencies, front_door_user) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(front_door_user)
    response = client.post("/referrals/new/", {"child_given_name": "Ada"})
    assert response.status_code == 403
    assert "Nothing you typed was saved" in response.content.decode()


def test_the_log_keeps_a_refusals_line_but_not_its_traceback() -> None:
    try:
        raise PermissionError("refused")
    except PermissionError as error:
        refused = logging.LogRecord(
            "django.request",
            logging.WARNING,
            __file__,
            1,
            "Forbidden",
            (),
            (type(error), error, None),
        )
    refused.status_code = 403
    fault = logging.makeLogRecord({**vars(refused), "status_code": 500})
    only_line = RefusalsWithoutTraceback()
    assert only_line.filter(refused)
    assert refused.exc_info is None
    assert only_line.filter(fault)
    assert fault.exc_info is not None
