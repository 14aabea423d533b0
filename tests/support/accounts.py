"""Accounts the tests sign in with: one password for every test account, and the demo store's
built-in account per role."""
from __future__ import annotations

from surveys.access import accounts as acc
from surveys.demo import load_demo
from surveys.storage.audit import Actor

PASSWORD = "correct horse battery"


#: Built-in accounts of the demo store: role -> (name, delegation).
ACCOUNTS = {"secretariat": ("sam", None), "member": ("norway", "NOR"), "viewer": ("vera", None)}


def add_demo_accounts(store) -> None:
    """The demo wave and its round, and a built-in account per role of :data:`ACCOUNTS`."""
    load_demo(store)
    for role, (name, delegation) in ACCOUNTS.items():
        acc.add_account(store, name, role, actor=Actor("setup", "secretariat"), delegation=delegation,
                        password=PASSWORD)
