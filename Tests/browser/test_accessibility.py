"""Every page of the application, public, staff, team and patron, through axe-core: no serious or critical
violation. Portal and public pages are checked again 375 px wide, as on a phone, where nothing may need scrolling
sideways."""
import re
from urllib.parse import urlsplit

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from accessibility import assert_accessible
from test_loan_lifecycle import PASSWORD, sign_in, submit

PUBLIC = ["/", "/login", "/my/login", "/out-of-state", "/lists", "/contacts"]
STAFF = [
    "/", "/requests/new", "/quick", "/requests?q=the", "/libraries", "/libraries/ALDF", "/lending", "/courier",
    "/mail", "/lists", "/settings", "/settings/ils", "/settings/patrons", "/account/password",
    "/queues/borrowing/from-patrons", "/queues/borrowing/sent", "/queues/lending/new",
    "/openurl?genre=book&title=The+Salt+Atlas+%2F&isbn=9780306406157", "/reports/fill-rate",
]
TEAM = [
    "/", "/queues/team/mediation", "/queues/team/referrals", "/site", "/contacts/edit", "/mail", "/reports",
    "/reports/turnaround", "/reports/courier",
]
ARCHIVE = "main li a[href^='/lists/']:not([href$='.atom'])"
PORTAL = ["/my", "/my/requests/new", "/openurl?genre=article&atitle=Tides&title=Journal+of+Salt&spage=3"]


def visit(driver, base_url, path):
    driver.get(base_url + path)
    assert "Sign in" not in driver.title or path in ("/login", "/my/login"), f"{path} asked to sign in"


def request_pages(driver, base_url):
    """A request page, its pick slip and its routing slip, from the first request of the first of the library's
    queues that holds one (the demo spreads its requests over the libraries at random)."""
    for queue in ("borrowing/sent", "borrowing/shipped", "borrowing/received", "lending/new", "lending/supply"):
        driver.get(base_url + "/queues/" + queue)
        found = driver.find_elements(By.CSS_SELECTOR, "a[href^='/requests/IL-']")
        if found:
            break
    assert found, "no request in any of the library's queues"
    link = found[0].get_attribute("href")
    number = link.rsplit("/", 1)[1]
    return [f"/requests/{number}", f"/requests/{number}/pick-slip", f"/requests/{number}/routing-slip"]


def patron_sign_in(driver, base_url):
    driver.delete_all_cookies()
    driver.get(base_url + "/my/login")
    Select(driver.find_element(By.ID, "library")).select_by_value("ALDF")
    driver.find_element(By.ID, "identifier").send_keys("21000-ALDF")
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    submit(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/my/login'] button"))
    assert driver.find_element(By.TAG_NAME, "h1").text == "My requests"


@pytest.fixture
def phone(driver):
    driver.set_window_size(375, 812)
    yield driver
    driver.set_window_size(1280, 900)


def fits_the_width(driver):
    return driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_public_pages(driver, base_url):
    driver.delete_all_cookies()
    for path in PUBLIC:
        visit(driver, base_url, path)
        assert_accessible(driver)
    driver.get(base_url + "/lists")
    archive = driver.find_element(By.CSS_SELECTOR, ARCHIVE).get_attribute("href")
    driver.get(archive)
    assert_accessible(driver)


def test_staff_pages(driver, base_url):
    sign_in(driver, base_url, "staff@aldf.example.org")
    for path in STAFF + request_pages(driver, base_url):
        visit(driver, base_url, path)
        assert_accessible(driver)
    driver.get(base_url + "/mail")
    messages = driver.find_elements(By.CSS_SELECTOR, "main a[href^='/mail/']")
    if messages:
        driver.get(messages[0].get_attribute("href"))
        assert_accessible(driver)


def test_team_pages(driver, base_url):
    sign_in(driver, base_url, "team@hhlx.example.org")
    for path in TEAM:
        visit(driver, base_url, path)
        assert_accessible(driver)
    driver.get(base_url + "/lists")
    driver.get(driver.find_element(By.CSS_SELECTOR, ARCHIVE).get_attribute("href"))
    assert_accessible(driver)
    driver.get(driver.find_element(By.CSS_SELECTOR, "a[href$='/manage']").get_attribute("href"))
    assert_accessible(driver)



def test_portal_pages_on_a_phone(phone, base_url):
    patron_sign_in(phone, base_url)
    for path in PORTAL:
        visit(phone, base_url, path)
        assert_accessible(phone)
        assert fits_the_width(phone), f"{path} scrolls sideways at 375 px"
    phone.delete_all_cookies()
    for path in ["/my/login", "/out-of-state"]:
        visit(phone, base_url, path)
        assert_accessible(phone)
        assert fits_the_width(phone), f"{path} scrolls sideways at 375 px"


def test_an_invalid_form_is_accessible_too(driver, base_url):
    driver.delete_all_cookies()
    driver.get(base_url + "/out-of-state")
    driver.execute_script("document.querySelector('form.request-form').noValidate = true")
    submit(driver, driver.find_element(By.CSS_SELECTOR, "form.request-form button[type=submit]"))
    assert re.search("correct the marked fields", driver.page_source)
    assert_accessible(driver)


def newest_mail_link(driver, base_url, subject_start, path):
    """Signed in as the team, the link to `path` in the newest mail whose subject starts so."""
    sign_in(driver, base_url, "team@hhlx.example.org")
    driver.get(base_url + "/mail")
    message = driver.find_element(By.XPATH, f"//a[starts-with(@href, '/mail/') and starts-with(., '{subject_start}')]")
    driver.get(message.get_attribute("href"))
    assert_accessible(driver)
    found = re.search(re.escape(path) + r"[^\s<]*", driver.find_element(By.CLASS_NAME, "mail-body").text)
    assert found, "the mail carries the link"
    return found.group(0)


def test_out_of_state_pages_from_form_to_private_link(driver, base_url):
    driver.delete_all_cookies()
    driver.get(base_url + "/out-of-state")
    fields = {
        "libraryName": "Juniper Hollow Library", "address": "4 Mill Lane, Juniper Hollow, VT",
        "contactEmail": "ill@juniperhollow.example.org", "title": "A Field Guide to Lichens",
    }
    for name, value in fields.items():
        driver.find_element(By.ID, name).send_keys(value)
    driver.find_element(By.NAME, "agree").click()
    submit(driver, driver.find_element(By.CSS_SELECTOR, "form.request-form button[type=submit]"))
    assert driver.find_element(By.TAG_NAME, "h1").text == "Check your mail"
    assert_accessible(driver)

    link = newest_mail_link(driver, base_url, "Confirm your interlibrary loan request", "/out-of-state/confirm")
    driver.delete_all_cookies()
    driver.get(base_url + link)
    assert_accessible(driver)
    submit(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/out-of-state/confirm'] button"))
    assert "is with the team" in driver.find_element(By.TAG_NAME, "h1").text
    assert_accessible(driver)
    # The link is made with INTERLOAN_BASE_URL, which the suite's server leaves at its default: follow its path.
    private = driver.find_element(By.CSS_SELECTOR, "main a[href*='/out-of-state/requests/']").get_attribute("href")
    driver.get(base_url + urlsplit(private).path)
    assert "A Field Guide to Lichens" in driver.page_source
    assert_accessible(driver)


def test_list_link_pages(driver, base_url):
    driver.delete_all_cookies()
    driver.get(base_url + "/lists")
    archive = driver.find_element(By.CSS_SELECTOR, ARCHIVE).get_attribute("href")
    for page in ("/confirm?s=1&t=unknown", "/unsubscribe?s=1&t=unknown"):
        driver.get(archive + page)
        assert_accessible(driver)
