"""OpenID Connect sign-in against a real provider the test starts (``oidc-provider-mock``, a
Flask/Authlib OpenID provider on loopback), through Streamlit's own ``st.login`` in headless
Chromium: the role comes from a claim (a member of Ghana's delegation) or from the account
table (the Secretariat, by e-mail); an identity with neither is told it has no role."""
from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from support.browser import CHROMIUM, chromium, free_port, open_tab, settle, start_server, stop, surveys, wait_for

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
MEMBER = {"sub": "delegate-ghana", "email": "delegate@ghana.example", "trialogue_role": "member",
          "delegation": "GHA"}
SECRETARIAT = {"sub": "officer-1", "email": "officer@un.example"}
STRANGER = {"sub": "stranger", "email": "stranger@example.org"}


@pytest.fixture(scope="module")
def browser(app):
    yield from chromium()


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium package is not installed (scripts/setup.sh installs it)")
    pytest.importorskip("playwright.sync_api")
    pytest.importorskip("oidc_provider_mock")
    pytest.importorskip("authlib")
    folder = tmp_path_factory.mktemp("oidc")
    provider_port, app_port = free_port(), free_port()
    issuer = f"http://127.0.0.1:{provider_port}"
    provider = subprocess.Popen(
        [sys.executable, "-m", "oidc_provider_mock", "--port", str(provider_port), "--host", "127.0.0.1",
         *[arg for user in (MEMBER, SECRETARIAT, STRANGER) for arg in ("--user-claims", json.dumps(user))]],
        cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    wait_for(f"{issuer}/.well-known/openid-configuration", provider)
    secrets_file = folder / "secrets.toml"
    secrets_file.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{app_port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_hex(32)}"\n'
        'client_id = "trialogue"\n'
        f'client_secret = "{secrets.token_hex(16)}"\n'
        f'server_metadata_url = "{issuer}/.well-known/openid-configuration"\n'
        "\n[trialogue]\n"
        'role_claim = "trialogue_role"\n'
        'delegation_claim = "delegation"\n', encoding="utf-8")
    url = f"sqlite:///{folder / 'trialogue.sqlite'}"
    env = {**os.environ, "TRIALOGUE_DATABASE_URL": url, "TRIALOGUE_AUTH": "oidc", "PYTHONPATH": str(REPO),
           "AUTHLIB_INSECURE_TRANSPORT": "1"}
    surveys("demo", env=env)
    surveys("users", "add", SECRETARIAT["email"], "--role", "secretariat", env=env)
    server = start_server(env, app_port, "--secrets.files", str(secrets_file))
    yield f"http://127.0.0.1:{app_port}", url
    stop(server)
    stop(provider)


def oidc_sign_in(browser, base: str, sub: str):
    context, page = open_tab(browser, base)
    page.get_by_role("button", name="Sign in with your organisation's account").click()
    # The provider's own page: choose the user and authorise.
    page.wait_for_url("**/oauth2/authorize**")
    page.locator("input[name=sub]").fill(sub)
    page.locator("button[type=submit][value=continue], button[type=submit]").first.click()
    page.wait_for_url(base + "/**")
    return context, page


def test_a_member_signs_in_through_the_provider_with_the_role_of_a_claim(app, browser):
    base, url = app
    context, page = oidc_sign_in(browser, base, MEMBER["sub"])
    page.get_by_text("Signed in as delegate@ghana.example · member").wait_for()
    settle(page)
    menu = page.locator("[data-testid=stSidebarNav]").inner_text()
    assert "Upload" not in menu and "Overview" in menu
    page.goto(base + "/upload")
    page.get_by_text("This page is not open to your account (member)").wait_for()
    context.close()
    from surveys.storage.audit import entries
    from surveys.storage.store import open_store

    with open_store(url) as store:
        signed = [e for e in entries(store, action="sign_in") if e.details.get("method") == "oidc"]
    assert signed and signed[-1].actor == "delegate@ghana.example" and signed[-1].role == "member"


def test_the_secretariat_gets_its_role_from_the_account_table(app, browser):
    base, _ = app
    context, page = oidc_sign_in(browser, base, SECRETARIAT["sub"])
    page.get_by_text("Signed in as officer@un.example · Secretariat").wait_for()
    settle(page)
    assert "Upload" in page.locator("[data-testid=stSidebarNav]").inner_text()
    page.goto(base + "/upload")
    page.locator("[data-testid=stFileUploaderDropzoneInput]").wait_for(state="attached")
    context.close()


def test_an_identity_without_a_role_is_told_so_and_sees_nothing(app, browser):
    base, _ = app
    context, page = oidc_sign_in(browser, base, STRANGER["sub"])
    page.get_by_text("has no role in Trialogue yet").wait_for()
    assert page.locator("[data-testid=stVegaLiteChart]").count() == 0
    context.close()
