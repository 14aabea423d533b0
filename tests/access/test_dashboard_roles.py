"""Every page and every download under AppTest, for each role: what the Secretariat, a member
and a viewer can and cannot see — sign-in, refusals, names, suppression (the minimum cell size)
and complementary suppression (variables members may not compare or filter by). Real SQLite
stores with the demo wave, built-in accounts signed in through the real form."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis.present.numbers import DASH
from support.accounts import PASSWORD, demo_with_consents, signed_in_app
from support.workbooks import write_book
from surveys.access import accounts as acc
from surveys.access.settings import set_setting
from surveys.demo import DEMO_WAVE, load_demo
from surveys.storage.audit import Actor, entries
from surveys.storage.importer import import_files
from surveys.storage.store import URL_VARIABLE, open_store

REPO = Path(__file__).resolve().parents[2]
APP = str(REPO / "streamlit_app.py")
ADMIN = Actor("setup", "secretariat")
ACCOUNTS = {"secretariat": ("sam", None), "member": ("ghana", "GHA"), "viewer": ("vera", None)}
FILE_PAGES = ("overview", "compare", "common_ground", "export", "upload", "template", "audit", "people",
              "comments", "coding", "deliberation", "voting", "moderation")
OPEN = {"secretariat": set(FILE_PAGES),
        "member": {"overview", "compare", "common_ground", "export", "comments", "deliberation", "voting"},
        "viewer": {"overview", "compare", "common_ground", "export", "deliberation"}}
QUESTION_SCRIPT = """
from dashboard import access, sidebar
from dashboard.pages.question import render
viewer = access.gate()
sidebar.render()
render({name!r})
"""


@pytest.fixture(scope="module")
def store_url(tmp_path_factory) -> str:
    """The demo wave, plus Norway (consents to be named) and Malta (does not), and three accounts."""
    return demo_with_consents(tmp_path_factory.mktemp("roles"), "roles.sqlite", ACCOUNTS)


def signed_in(url: str, role: str, monkeypatch, page: str | None = None) -> AppTest:
    at = signed_in_app(APP, url, ACCOUNTS[role][0], monkeypatch)
    if page:
        at.switch_page(f"dashboard/pages/{page}.py").run()
    return at


def question(url: str, role: str, monkeypatch, name: str = "q1") -> AppTest:
    at = signed_in(url, role, monkeypatch)
    script = AppTest.from_string(QUESTION_SCRIPT.format(name=name), default_timeout=120)
    script.session_state["_viewer"] = at.session_state["_viewer"]
    return script.run()


def chart_data(at: AppTest):
    """The bar segments of every chart of a page, as the browser receives them."""
    import pandas as pd
    import pyarrow as pa

    frames = [pa.ipc.open_stream(d.data.data).read_all().to_pandas()
              for chart in at.get("vega_lite_chart") for d in chart.proto.datasets]
    frames = [f for f in frames if {"choice_label", "count", "group_label"} <= set(f.columns)]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def errors(at: AppTest) -> list[str]:
    assert not at.exception, [e.message for e in at.exception]
    return [e.value for e in at.error]


def downloads(at: AppTest) -> list[str]:
    return [d.proto.label for d in at.get("download_button")]


@pytest.mark.parametrize("role", list(ACCOUNTS))
@pytest.mark.parametrize("page", FILE_PAGES)
def test_each_page_opens_or_refuses_by_role_on_the_server(store_url, monkeypatch, role, page):
    at = signed_in(store_url, role, monkeypatch, page)
    refused = [e for e in errors(at) if "not open to your account" in e]
    assert bool(refused) == (page not in OPEN[role]), (role, page, errors(at))
    if refused:  # a refusal shows nothing of the page: no uploader, no form, no table
        assert not at.get("file_uploader") and not at.dataframe and not at.get("download_button")
        assert not at.title or at.title[0].value != "Upload"


MENU_SCRIPT = """
import json
import streamlit as st
from dashboard.access import Viewer
from dashboard.navigation import pages
found = pages(Viewer("x", {role!r}, None, "accounts"))
st.write(json.dumps(sorted(p.url_path for section in found.values() for p in section if p.visibility == "visible")))
"""


@pytest.mark.parametrize("role", list(ACCOUNTS))
def test_the_menu_hides_what_a_role_may_not_open(role):
    at = AppTest.from_string(MENU_SCRIPT.format(role=role), default_timeout=60).run()
    visible = set(json.loads(at.markdown[0].value))
    assert ("upload" in visible) == ("audit" in visible) == ("people" in visible) == (role == "secretariat")
    assert {"compare", "q1", "q6", "export", "common_ground"} <= visible


@pytest.mark.parametrize("role", list(ACCOUNTS))
@pytest.mark.parametrize("name", ["q1", "q2", "q3", "q4", "q5", "q6"])
def test_every_question_page_opens_for_every_role(store_url, monkeypatch, role, name):
    at = question(store_url, role, monkeypatch, name)
    assert errors(at) == [] and at.get("vega_lite_chart")
    assert any(s.value == "Comments" for s in at.subheader) == (role != "viewer")


def test_a_member_who_types_upload_is_refused_and_the_refusal_is_audited(store_url, monkeypatch):
    at = signed_in(store_url, "member", monkeypatch, "upload")
    assert any("not open to your account (member)" in e for e in errors(at))
    assert not at.get("file_uploader")
    with open_store(store_url) as store:
        refusals = entries(store, action="access_refused")
    assert refusals and refusals[0].actor == "ghana"


def test_a_wrong_password_is_refused_and_audited_without_the_password(store_url, monkeypatch):
    monkeypatch.setenv(URL_VARIABLE, store_url)
    monkeypatch.setenv("TRIALOGUE_AUTH", "accounts")
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.text_input(key="signin_name").input("sam")
    at.text_input(key="signin_password").input("not the password")
    at.button[0].click().run()
    assert errors(at) == ["The user name or the password is not right."]
    assert at.title[0].value == "Sign in" and not at.get("vega_lite_chart")
    with open_store(store_url) as store:
        failed = entries(store, action="sign_in_failed")[0]
    assert failed.subject == "sam" and "not the password" not in json.dumps(failed.to_dict())


def test_exports_each_role_may_take(store_url, monkeypatch):
    secretariat = signed_in(store_url, "secretariat", monkeypatch, "export")
    member = signed_in(store_url, "member", monkeypatch, "export")
    viewer = signed_in(store_url, "viewer", monkeypatch, "export")
    assert downloads(secretariat) == ["Summary (JSON)", "Results by item and group (CSV)"]
    assert downloads(member) == ["Results by item and group (CSV)"]
    assert downloads(viewer) == []
    formats = {name: at.selectbox(key="export_format_en").options for name, at in
               (("secretariat", secretariat), ("member", member), ("viewer", viewer))}
    assert "Answers, one row per respondent and item (CSV)" in formats["secretariat"]
    assert not any("Answers" in f for f in formats["member"] + formats["viewer"])
    assert not any("Excel" in f for f in formats["viewer"])
    assert any("withheld" in c.value for c in member.caption)
    assert any("individual answers" in c.value for c in secretariat.caption)


def test_a_member_prepares_a_members_report_and_the_export_is_audited(store_url, monkeypatch):
    at = signed_in(store_url, "member", monkeypatch, "export")
    at.selectbox(key="export_format_en").set_value("md").run()
    at.button(key="export_prepare").click().run()
    assert errors(at) == []
    with open_store(store_url) as store:
        export = entries(store, action="export")[0]
    assert (export.actor, export.details["audience"], export.details["format"]) == ("ghana", "members", "md")
    assert export.details["data_version"] == open_store(store_url).data_version(DEMO_WAVE)


def test_comments_carry_names_only_as_the_rule_allows(store_url, monkeypatch):
    def authors(at):
        table = at.dataframe[-1].value
        return dict(zip(table["Comment"], table["Respondent"]))

    secretariat = authors(question(store_url, "secretariat", monkeypatch))
    member = authors(question(store_url, "member", monkeypatch))
    assert secretariat["Malta keeps this confidential."] == "Malta"
    assert member["Malta keeps this confidential."] == DASH  # did not consent
    assert member["Norway speaks openly here."] == "Norway"  # consented, attributed wave
    named = {a for a in member.values() if a != DASH}
    assert named <= {"Norway", "Ghana"}  # others' names never reach a member
    assert len(set(secretariat.values())) > 10
    viewer = question(store_url, "viewer", monkeypatch)
    assert errors(viewer) == [] and not any(s.value == "Comments" for s in viewer.subheader)


def test_in_a_non_attributed_wave_consent_does_not_name_anyone(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'na.sqlite'}"
    with open_store(url) as store:
        load_demo(store)
        book = write_book(tmp_path / "n.xlsx", {"responses": [["respondent", "consent", "q1_overall", "q1_comment"],
                                                              ["Norway", "yes", 4, "Named if allowed."]]})
        assert import_files(store, [book], wave=DEMO_WAVE).ok
        from surveys.access.attribution import set_attribution

        set_attribution(store, DEMO_WAVE, "non-attributed", actor=ADMIN)
        acc.add_account(store, "ghana", "member", actor=ADMIN, delegation="GHA", password=PASSWORD)
        acc.add_account(store, "sam", "secretariat", actor=ADMIN, password=PASSWORD)
    table = question(url, "member", monkeypatch).dataframe[-1].value
    assert dict(zip(table["Comment"], table["Respondent"]))["Named if allowed."] == DASH


def test_overview_names_who_answered_only_to_the_secretariat(store_url, monkeypatch):
    secretariat = signed_in(store_url, "secretariat", monkeypatch)
    member = signed_in(store_url, "member", monkeypatch)
    assert any(s.value == "Who has answered" for s in secretariat.subheader)
    assert not any(s.value == "Who has answered" for s in member.subheader)
    assert any(s.value == "Your delegation" for s in member.subheader)
    own = member.dataframe[-2].value if len(member.dataframe) > 1 else member.dataframe[0].value
    assert "Answer" in own.columns and len(own) > 5  # Ghana's own answers, and only those
    every_name = " ".join(str(v) for df in member.dataframe for v in df.value.to_numpy().ravel())
    assert "Bangladesh" not in every_name and "China" not in every_name


def test_members_may_not_compare_or_filter_by_what_could_single_a_delegation_out(store_url, monkeypatch):
    secretariat = signed_in(store_url, "secretariat", monkeypatch, "compare")
    member = signed_in(store_url, "member", monkeypatch, "compare")
    viewer = signed_in(store_url, "viewer", monkeypatch, "compare")
    assert "Regional group" in secretariat.selectbox(key="by_en").options
    # Two Eastern European Council members answered: region would let a member subtract views.
    assert "Regional group" not in member.selectbox(key="by_en").options
    assert "P5 / E10" in member.selectbox(key="by_en").options
    assert not [m for m in member.multiselect if m.key == "filter_region_en"]
    assert [m for m in secretariat.multiselect if m.key == "filter_region_en"]
    assert not [s for s in viewer.selectbox if s.key == "by_en"] and not viewer.multiselect


def test_groups_under_the_minimum_cell_size_are_withheld_from_members_on_every_page(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'k5.sqlite'}"
    with open_store(url) as store:
        load_demo(store)  # four Secretariat units answered
        acc.add_account(store, "ghana", "member", actor=ADMIN, delegation="GHA", password=PASSWORD)
        acc.add_account(store, "sam", "secretariat", actor=ADMIN, password=PASSWORD)
        set_setting(store, "min_cell", 5, actor=ADMIN)
    member = signed_in(url, "member", monkeypatch)
    assert any("Left out of every figure here: Secretariat" in c.value for c in member.caption)
    assert "Secretariat" not in [m.label for m in member.metric]
    secretariat = signed_in(url, "secretariat", monkeypatch)
    assert "Secretariat" in [m.label for m in secretariat.metric]
    compare = signed_in(url, "member", monkeypatch, "compare")
    compare.toggle(key="numbers_compare").set_value(True).run()
    assert not any(c.startswith("Secretariat") for c in compare.dataframe[0].value.columns)
    page = chart_data(question(url, "member", monkeypatch))
    assert not page.empty and "Secretariat" not in " ".join(page["group_label"].astype(str))
    assert "withheld: fewer than 5 each" in set(page["choice_label"])  # small counts pooled, never drawn one by one
    drawn = page[page["choice_label"] != "withheld: fewer than 5 each"]
    assert not ((drawn["count"] > 0) & (drawn["count"] < 5)).any()
    full = chart_data(question(url, "secretariat", monkeypatch))
    assert "withheld: fewer than 5 each" not in set(full["choice_label"]) and (full["count"].between(1, 4)).any()


def test_audit_and_settings_pages_work_for_the_secretariat(store_url, monkeypatch):
    at = signed_in(store_url, "secretariat", monkeypatch, "audit")
    assert errors(at) == []
    log = at.dataframe[0].value
    assert {"sign in", "account added", "import"} & set(log["Action"])
    at.selectbox(key="audit_action").set_value("sign_in").run()
    assert set(at.dataframe[0].value["Action"]) == {"sign in"}
    assert downloads(at) == ["Download as JSON"]
    people = signed_in(store_url, "secretariat", monkeypatch, "people")
    assert errors(people) == []
    assert {"sam", "ghana", "vera"} <= set(people.dataframe[0].value["User name"])


def test_mode_none_refuses_a_client_from_another_computer(monkeypatch, tmp_path):
    from dashboard import access

    monkeypatch.setenv(URL_VARIABLE, f"sqlite:///{tmp_path / 'n.sqlite'}")
    monkeypatch.delenv("TRIALOGUE_AUTH", raising=False)
    local = AppTest.from_file(APP, default_timeout=120).run()
    assert any("No sign-in" in m.value for m in local.markdown) and errors(local) == []
    monkeypatch.setattr(access, "client_address", lambda: "203.0.113.7")
    remote = AppTest.from_file(APP, default_timeout=120).run()
    assert errors(remote) == ["This dashboard runs without sign-in and answers only the computer it runs on."]
    assert not remote.title
    assert access.is_loopback("::ffff:127.0.0.1") and access.is_loopback("::1") and not access.is_loopback("10.1.2.3")


def test_a_mode_without_its_configuration_refuses_to_serve(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    monkeypatch.setenv(URL_VARIABLE, url)
    monkeypatch.setenv("TRIALOGUE_AUTH", "accounts")
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert any("needs at least one secretariat account" in e for e in errors(at))
    assert not at.text_input  # no sign-in form on a server that should not be serving
    env = {**os.environ, URL_VARIABLE: url, "PYTHONPATH": str(REPO)}
    for auth, reason in (("accounts", "needs at least one secretariat account"),
                         ("oidc", "needs an [auth] section"), ("sideways", "is not a mode")):
        done = subprocess.run([sys.executable, "-m", "streamlit", "run", "dashboard/server.py",
                               "--server.headless", "true", "--server.port", "1"],
                              env={**env, "TRIALOGUE_AUTH": auth}, cwd=REPO,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 2 and reason in done.stderr, (auth, done.returncode, done.stderr[-800:])


def test_a_signed_in_mode_refuses_to_serve_without_xsrf_protection(tmp_path):
    url = f"sqlite:///{tmp_path / 'xsrf.sqlite'}"
    with open_store(url) as store:
        acc.add_account(store, "sam", "secretariat", actor=ADMIN, password=PASSWORD)
    env = {**os.environ, URL_VARIABLE: url, "PYTHONPATH": str(REPO), "TRIALOGUE_AUTH": "accounts"}
    command = [sys.executable, "-m", "streamlit", "run", "dashboard/server.py", "--server.headless", "true",
               "--server.port", "1"]
    done = subprocess.run(command + ["--server.enableXsrfProtection", "false"], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "needs XSRF protection" in done.stderr, done.stderr[-800:]
