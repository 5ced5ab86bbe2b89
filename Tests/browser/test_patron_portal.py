"""A patron's request from a catalogue link to the renewal's answer, on a phone-sized window, with the staff of
both libraries doing their part in between; axe-core on every page the patron sees."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from accessibility import assert_accessible
from test_loan_lifecycle import PASSWORD, act, sign_in, status, submit

BORROWER = "staff@aldf.example.org"
LENDER = "staff@brkv.example.org"
LINK = (
    "/openurl?url_ver=Z39.88-2004&rft_val_fmt=info%3Aofi%2Ffmt%3Akev%3Amtx%3Abook"
    "&rft.btitle=The+Lighthouse+Keeper%27s+Almanac+%2F&rft.au=Marlowe%2C+Ines&rft.isbn=9780306406157"
    "&rfr_id=info%3Asid%2Fcatalog.example.org"
)


def patron_words(driver):
    return [element.text for element in driver.find_elements(By.CLASS_NAME, "patron-status")]


def patron_signs_in(driver, base_url, target):
    """Follows `target` signed out, signs in at the portal, and lands on `target`."""
    driver.delete_all_cookies()
    driver.set_window_size(375, 812)
    driver.get(base_url + target)
    assert "/my/login" in driver.current_url
    assert_accessible(driver)
    Select(driver.find_element(By.ID, "library")).select_by_value("ALDF")
    driver.find_element(By.ID, "identifier").send_keys("patron@aldf.example.org")
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    submit(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/my/login'] button"))


def staff_opens(driver, base_url, email, queue, title):
    """Signs staff in at a normal width and opens the request titled `title` from `queue`."""
    driver.set_window_size(1280, 900)
    sign_in(driver, base_url, email)
    driver.get(base_url + queue)
    row = driver.find_element(By.XPATH, f"//tr[contains(., \"{title}\")]//a[starts-with(@href, '/requests/IL-')]")
    driver.get(row.get_attribute("href"))


def test_a_patron_asks_from_a_link_and_follows_it_to_a_renewal(driver, base_url, shoot):
    title = "The Lighthouse Keeper's Almanac"
    patron_signs_in(driver, base_url, LINK)
    assert driver.find_element(By.ID, "title").get_attribute("value") == title
    assert "catalog.example.org" in driver.find_element(By.CLASS_NAME, "flash").text
    assert_accessible(driver)
    shoot("portal-form-from-link")
    submit(driver, driver.find_element(By.CSS_SELECTOR, "form.request-form button[type=submit]"))
    assert patron_words(driver)[0] == "Requested"
    assert_accessible(driver)
    shoot("portal-requested")

    # The patron's library checks the request and routes it.
    staff_opens(driver, base_url, BORROWER, "/queues/borrowing/from-patrons", title)
    assert status(driver) == "From a patron, to check"
    act(driver, "route", {"lenders": "BRKV"})
    assert status(driver) == "Sent to lender"
    shoot("portal-staff-routed")

    # The lender agrees and ships; the borrowing library receives it.
    staff_opens(driver, base_url, LENDER, "/queues/lending/new", title)
    act(driver, "willSupply")
    act(driver, "ship", {"carrier": "courier"})
    assert status(driver) == "Shipped"
    shoot("portal-lender-shipped")
    staff_opens(driver, base_url, BORROWER, "/queues/borrowing/shipped", title)
    act(driver, "receive")
    assert status(driver) == "Received"
    due_date = driver.find_element(By.ID, "due-date").text

    # The patron sees it waiting, and asks for a renewal.
    patron_signs_in(driver, base_url, "/my")
    words = patron_words(driver)[0]
    assert words.startswith("Ready for pickup at ") and words.endswith("Due " + due_date)
    assert_accessible(driver)
    shoot("portal-ready-for-pickup")
    submit(driver, driver.find_element(By.XPATH, "//button[starts-with(normalize-space(.), 'Ask for a renewal')]"))
    assert patron_words(driver)[0] == "Renewal asked. Due " + due_date
    assert_accessible(driver)
    shoot("portal-renewal-asked")

    # Staff forward it to the lender, which approves.
    staff_opens(driver, base_url, BORROWER, "/queues/borrowing/patron-renewals", title)
    act(driver, "renew")
    assert status(driver) == "Renewal requested"
    staff_opens(driver, base_url, LENDER, "/queues/lending/renewal", title)
    act(driver, "answerRenewal", {"approve": "true"})
    new_due_date = driver.find_element(By.ID, "due-date").text
    assert new_due_date > due_date

    # The patron sees the new due date.
    patron_signs_in(driver, base_url, "/my")
    assert patron_words(driver)[0].endswith("Due " + new_due_date)
    assert_accessible(driver)
    shoot("portal-renewal-approved")
    driver.set_window_size(1280, 900)
