"""The web pages in a real browser: Playwright driving Debian's headless Chromium against
uvicorn on 127.0.0.1. Screenshots of the main pages go to test-output/screenshots/."""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.matching_engine import MatchingEngine
from tests.web.conftest import World, build_world

CHROMIUM = Path(os.environ.get("PLACEMENT_CHROMIUM", "/usr/bin/chromium"))
SHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
        "--disable-dev-shm-usage"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists() and os.environ.get("CI") != "true",
                       reason=f"no Chromium at {CHROMIUM} (apt-get install chromium "
                              "chromium-driver); in CI (CI=true) these tests always run"),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory, tiny_db: Path,
         web_engine: MatchingEngine) -> Iterator[tuple[str, World]]:
    """uvicorn serving the seeded app (with the background rematch worker) in a thread."""
    import uvicorn

    world = build_world(tmp_path_factory.mktemp("live"), tiny_db, web_engine, background=True)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(world.app, host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", world
    server.should_exit = True
    thread.join(timeout=15)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """One headless Chromium for the module."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser: object) -> Iterator[object]:
    """A fresh browser context (no cookies) with a desktop-sized page."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def shot(page: object, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=True)


def sign_in(page: object, base: str, key: str) -> None:
    page.goto(f"{base}/")
    page.get_by_label(re.compile("Sleutel|Key")).fill(key)
    page.get_by_role("button", name=re.compile("Inloggen|Sign in")).click()
    page.wait_for_load_state()


def test_coach_sees_explained_suggestions_and_decision_is_audited(
        page: object, live: tuple[str, World]) -> None:
    from playwright.sync_api import expect

    base, world = live
    page.goto(f"{base}/")
    shot(page, "sign-in.png")
    sign_in(page, base, world.keys["coach"])
    expect(page.get_by_role("heading", name="Mijn deelnemers", level=1)).to_be_visible()
    shot(page, "coach-caseload.png")
    page.get_by_role("link", name="Amina", exact=True).click()
    expect(page.get_by_role("heading", name="Amina", level=1)).to_be_visible()
    card = page.locator("article.suggestion").first
    expect(card.get_by_role("heading", name=re.compile("heftruckchauffeur"))).to_be_visible()
    expect(card.locator("table.bars tr.bar-row")).to_have_count(8)
    expect(card.locator("tr[data-name=essential_skills] td.num")).to_have_text("+5.00")
    expect(card.get_by_text("heftruck besturen → heftruck bedienen")).to_be_visible()
    shot(page, "coach-participant.png")
    card.get_by_label("Reden bij afwijzen").select_option("distance")
    card.get_by_role("button", name="Afwijzen").click()
    expect(page.get_by_role("status")).to_have_text("Besluit opgeslagen.")
    expect(page.locator("article.suggestion").first.locator(".decision")).to_contain_text(
        "afgewezen (te ver)")
    expect(page.locator("#history li[data-action='decision.declined']")).to_contain_text(
        "heftruckchauffeur")
    page.get_by_role("button", name="Uitloggen").click()
    sign_in(page, base, world.keys["admin"])
    row = page.locator("table.audit tr[data-action='decision.declined']").first
    expect(row).to_contain_text("distance")
    shot(page, "admin-audit.png")


def test_employer_posts_and_rematch_suggests_it_to_a_fitting_participant(
        page: object, live: tuple[str, World], browser: object) -> None:
    from playwright.sync_api import expect

    base, world = live
    sign_in(page, base, world.keys["employer"])
    expect(page.get_by_role("heading", name="Mijn plekken", level=1)).to_be_visible()
    page.get_by_role("link", name="Nieuwe plek plaatsen").first.click()
    page.get_by_label("Soort plek").select_option("work")
    page.get_by_label("Functietitel").press_sequentially("zelfstandig kok", delay=20)
    choices = page.locator("#occupation-suggestions fieldset")
    expect(choices.get_by_label(re.compile("^kok"))).to_be_visible()
    choices.get_by_label(re.compile("^kok")).check()
    page.get_by_label("Omschrijving").fill("Koken in een buurtrestaurant")
    page.get_by_label("Plaats of gemeente").fill("Goirle")
    page.get_by_label("Uren per week").fill("24")
    shot(page, "employer-post-form.png")
    page.get_by_role("button", name="Plaatsen").click()
    expect(page.get_by_role("status")).to_contain_text("Plek geplaatst")
    posted = page.locator("li.opportunity", has_text="zelfstandig kok")
    expect(posted).to_contain_text("ESCO-beroep: kok")
    shot(page, "employer-opportunities.png")

    coach = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL")
    phone = coach.new_page()
    sign_in(phone, base, world.keys["coach"])
    for _ in range(60):  # the background worker rematches after the post
        if phone.locator("#new", has_text="zelfstandig kok").count():
            break
        time.sleep(0.25)
        phone.goto(f"{base}/web/caseload")
    expect(phone.locator("#new")).to_contain_text("Yusuf → zelfstandig kok")
    shot(phone, "coach-caseload-phone.png")
    phone.locator("#new").get_by_role("link", name="Yusuf → zelfstandig kok").click()
    expect(phone.locator("article.suggestion", has_text="zelfstandig kok")).to_be_visible()
    assert phone.url.startswith(f"{base}/web/participants/{world.people['Yusuf']}")
    shot(phone, "coach-participant-phone.png")
    coach.close()
    page.reload()
    expect(posted.locator(".count .big")).not_to_have_text("0")
    posted.get_by_role("button", name=re.compile("Sluiten")).click()
    expect(page.get_by_role("status")).to_have_text("Plek gesloten.")


def test_employer_cannot_reach_a_participant_page(page: object,
                                                  live: tuple[str, World]) -> None:
    from playwright.sync_api import expect

    base, world = live
    sign_in(page, base, world.keys["employer"])
    for pid in world.people.values():
        response = page.goto(f"{base}/web/participants/{pid}")
        assert response is not None and response.status == 403
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Deze pagina is niet voor jouw rol.")
        assert "Amina" not in page.content() and "heftruck besturen" not in page.content()
    shot(page, "employer-forbidden.png")
    assert page.goto(f"{base}/participants/{world.people['Amina']}").status == 401


def test_keyboard_language_switch_and_focus(page: object, live: tuple[str, World]) -> None:
    from playwright.sync_api import expect

    base, world = live
    page.goto(f"{base}/web/sign-in")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Naar de inhoud")).to_be_focused()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    page.get_by_role("link", name="EN").click()
    expect(page.get_by_role("heading", name="Sign in", level=1)).to_be_visible()
    page.get_by_label("Key").fill(world.keys["coach"])
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="My participants", level=1)).to_be_visible()
    assert page.evaluate("document.documentElement.lang") == "en"


def test_coach_corrects_a_skill_by_searching_esco(page: object,
                                                  live: tuple[str, World]) -> None:
    from playwright.sync_api import expect

    base, world = live
    sign_in(page, base, world.keys["coach"])
    page.goto(f"{base}/web/participants/{world.people['Yusuf']}")
    page.locator("#concepts").get_by_role("link", name=re.compile("^corrigeren")).first.click()
    expect(page.get_by_role("heading", name="Begrip toevoegen of corrigeren")).to_be_visible()
    expect(page.get_by_text("Je corrigeert")).to_be_visible()
    page.get_by_label("Zoeken in ESCO").fill("operate forklift")
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_label(re.compile("^heftruck bedienen")).check()  # the Dutch label (NL page)
    shot(page, "coach-correct-concept.png")
    page.get_by_role("button", name="Corrigeren").click()
    expect(page.get_by_role("status")).to_have_text("Begrip bijgewerkt.")
    fixed = page.locator("#concepts li.concept", has_text="heftruck bedienen")
    expect(fixed.locator(".badge")).to_have_text("bevestigd")
    expect(page.locator("#concepts li.status-removed")).not_to_have_count(0)
