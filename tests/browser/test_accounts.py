"""Accounts in a real Chromium at phone and desktop size: register, sign in, the account page, sign out; a
guest who started a routine keeps it by creating an account; deleting an account takes a confirmation."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from tests.browser.conftest import check_page, start_routine

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"
NUMBERS = itertools.count()


def new_email(size: str) -> str:
    return f"pat{next(NUMBERS)}-{size}@example.org"


def register(page: Any, server: str, email: str) -> None:
    page.goto(server + "/register")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.fill("#password_again", PASSWORD)
    page.click("button.primary")
    page.wait_for_selector("#registered")


def sign_in(page: Any, email: str) -> None:
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("button.primary")
    page.wait_for_selector("#who")


def test_register_sign_in_account_page_and_sign_out(page: Any, server: str, size: str) -> None:
    page.goto(server + "/register")
    check_page(page, "register")
    page.fill("#email", "not-an-email")
    page.fill("#password", "short")
    page.fill("#password_again", "other")
    page.click("button.primary")
    page.wait_for_selector("#form-error")
    listed = page.inner_text("#form-error")
    assert "Email" in listed and "Password again" in listed and "8 to 128" in listed
    assert page.input_value("#email") == "not-an-email" and page.input_value("#password") == ""
    check_page(page, "register-problems")
    email = new_email(size)
    register(page, server, email)
    assert page.input_value("#email") == email
    check_page(page, "login")
    sign_in(page, email)
    assert page.url.endswith("/account") and email in page.inner_text("#who")
    check_page(page, "account")
    page.click(".logout button")
    page.wait_for_url(server + "/")
    page.goto(server + "/account")
    assert "You're not signed in" in page.inner_text("#visitor")
    check_page(page, "account-visitor")


def test_a_guest_keeps_their_session_by_creating_an_account(page: Any, server: str, size: str) -> None:
    start_routine(page, server)
    page.goto(server + "/account")
    assert "without an account" in page.inner_text("#guest")
    assert "Sessions so far: 1" in page.inner_text("#sessions")
    check_page(page, "account-guest")
    email = new_email(size)
    page.fill("#claim #email", email)
    page.fill("#claim #password", PASSWORD)
    page.fill("#claim #password_again", PASSWORD)
    page.click("#claim button.primary")
    page.wait_for_selector("#kept")
    assert email in page.inner_text("#who") and "Sessions so far: 1" in page.inner_text("#sessions")
    check_page(page, "account-kept")


def test_deleting_an_account_takes_a_confirmation(page: Any, server: str, size: str) -> None:
    email = new_email(size)
    register(page, server, email)
    sign_in(page, email)
    page.fill("#confirm", "delete it")
    page.click("#delete button.danger")
    page.wait_for_selector("#form-error")
    assert "Type DELETE" in page.inner_text("#form-error")
    check_page(page, "account-delete-problem")
    page.fill("#confirm", "DELETE")
    page.click("#delete button.danger")
    page.wait_for_selector("#deleted")
    page.goto(server + "/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("button.primary")
    page.wait_for_selector("#form-error")
    assert "wrong" in page.inner_text("#form-error")
