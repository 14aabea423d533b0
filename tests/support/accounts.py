"""Accounts the tests sign in with: one password for every test account, and the demo store's
built-in account per role."""
from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from support.workbooks import write_book
from surveys.access import accounts as acc
from surveys.demo import DEMO_WAVE, load_demo
from surveys.storage.audit import Actor
from surveys.storage.importer import import_files
from surveys.storage.store import URL_VARIABLE, open_store

PASSWORD = "correct horse battery"


#: Built-in accounts of the demo store: role -> (name, delegation).
ACCOUNTS = {"secretariat": ("sam", None), "member": ("norway", "NOR"), "viewer": ("vera", None)}


def add_demo_accounts(store) -> None:
    """The demo wave and its round, and a built-in account per role of :data:`ACCOUNTS`."""
    load_demo(store)
    for role, (name, delegation) in ACCOUNTS.items():
        acc.add_account(store, name, role, actor=Actor("setup", "secretariat"), delegation=delegation,
                        password=PASSWORD)


def demo_with_consents(folder: Path, name: str, accounts: dict[str, tuple[str, str | None]], *,
                       min_cell: int | None = None) -> str:
    """A SQLite store in ``folder`` holding the demo wave plus Norway (consents to be named) and
    Malta (does not), with a built-in account per ``accounts`` entry (role -> (name, delegation))
    and, when given, the minimum cell size. Returns its URL."""
    from surveys.access.settings import set_setting

    setup = Actor("setup", "secretariat")
    url = f"sqlite:///{folder / name}"
    with open_store(url) as store:
        assert load_demo(store).ok
        extra = write_book(folder / "extra.xlsx", {"responses": [
            ["respondent", "consent", "q1_overall", "q1_comment"],
            ["Norway", "yes", 4, "Norway speaks openly here."],
            ["Malta", "no", 2, "Malta keeps this confidential."]]})
        assert import_files(store, [extra], wave=DEMO_WAVE).ok
        if min_cell is not None:
            set_setting(store, "min_cell", min_cell, actor=setup)
        for role, (account, delegation) in accounts.items():
            acc.add_account(store, account, role, actor=setup, delegation=delegation, password=PASSWORD)
    return url


def signed_in_app(app: str, url: str, account: str, monkeypatch, timeout: float = 120) -> AppTest:
    """The app under AppTest in mode ``accounts`` on ``url``, signed in through its form as ``account``."""
    monkeypatch.setenv(URL_VARIABLE, url)
    monkeypatch.setenv("TRIALOGUE_AUTH", "accounts")
    at = AppTest.from_file(app, default_timeout=timeout).run()
    assert [t.label for t in at.text_input] == ["User name", "Password"]
    assert at.button[0].label == "Sign in"
    at.text_input(key="signin_name").input(account)
    at.text_input(key="signin_password").input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at
