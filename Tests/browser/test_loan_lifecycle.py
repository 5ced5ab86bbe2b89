"""A whole loan through the web application, the way two libraries' staff would do it."""
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

PASSWORD = "interloan-demo"
BORROWER = "staff@aldf.example.org"
LENDER = "staff@brkv.example.org"


def submit(driver, button):
    """Clicks a submit button and waits until the browser has left the page, so the next look is at the answer."""
    page = driver.find_element(By.TAG_NAME, "html")
    button.click()
    WebDriverWait(driver, 10).until(lambda _: has_left(page))


def has_left(page):
    """Whether the document `page` belongs to is gone. Chromium reports an element of a page being replaced either
    as stale or, while the new page loads, as a node that "does not belong to the document"."""
    try:
        page.is_enabled()
        return False
    except StaleElementReferenceException:
        return True
    except WebDriverException as error:
        if "does not belong to the document" in str(error):
            return True
        raise


def sign_in(driver, base_url, email):
    driver.delete_all_cookies()
    driver.get(base_url + "/login")
    driver.find_element(By.ID, "email").send_keys(email)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    submit(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/login'] button"))
    assert driver.find_element(By.TAG_NAME, "h1").text == "Work queues"


def status(driver):
    return driver.find_element(By.ID, "status").text


def act(driver, action, fields=None):
    """Opens the action in the Update options panel, fills its fields and submits it."""
    panel = driver.find_element(By.ID, "action-" + action)
    if panel.get_attribute("open") is None:
        panel.find_element(By.TAG_NAME, "summary").click()
    for name, value in (fields or {}).items():
        element = panel.find_element(By.NAME, name)
        if element.tag_name == "select":
            Select(element).select_by_value(value)
        else:
            element.clear()
            element.send_keys(value)
    submit(driver, panel.find_element(By.CSS_SELECTOR, "button[type=submit]"))


def offered(driver):
    return [element.get_attribute("id")[len("action-"):] for element in driver.find_elements(By.CSS_SELECTOR, "details.action")]


def test_a_loan_from_request_to_check_in(driver, base_url, shoot):
    # The borrowing library places a request with one lender in the string.
    sign_in(driver, base_url, BORROWER)
    shoot("borrower-home")
    driver.get(base_url + "/requests/new")
    driver.find_element(By.ID, "title").send_keys("The Cartographer's Winter")
    driver.find_element(By.ID, "author").send_keys("Greystone, Avery")
    driver.find_element(By.ID, "patronName").send_keys("Sage Everhart")
    driver.find_element(By.ID, "lenders").send_keys("BRKV")
    submit(driver, driver.find_element(By.CSS_SELECTOR, "form.request-form button[type=submit]"))
    assert status(driver) == "Sent to lender"
    assert "placed" in driver.find_element(By.CLASS_NAME, "flash").text
    request_id = driver.find_element(By.CLASS_NAME, "rid").text.split(" ")[0]
    assert request_id.startswith("IL-")
    shoot("placed")
    page = base_url + "/requests/" + request_id

    # The lender sees it without the patron, agrees and ships with the proposed due date.
    sign_in(driver, base_url, LENDER)
    driver.get(page)
    assert "Sage Everhart" not in driver.page_source
    assert offered(driver) == ["willSupply", "conditional", "unfilled"]
    act(driver, "willSupply")
    assert status(driver) == "Will supply"
    shoot("will-supply")
    act(driver, "ship", {"carrier": "courier", "trackingNumber": "BIN 12"})
    assert status(driver) == "Shipped"
    due_date = driver.find_element(By.ID, "due-date").text
    shoot("shipped")

    # The borrower marks it received; only then is a renewal offered.
    sign_in(driver, base_url, BORROWER)
    driver.get(page)
    assert "renew" not in offered(driver)
    act(driver, "receive")
    assert status(driver) == "Received"
    assert "renew" in offered(driver)
    shoot("received")
    act(driver, "renew")
    assert status(driver) == "Renewal requested"
    shoot("renewal-requested")

    # The lender approves the renewal with the desired date the form proposes.
    sign_in(driver, base_url, LENDER)
    driver.get(page)
    act(driver, "answerRenewal", {"approve": "true"})
    assert status(driver) == "Received"
    new_due_date = driver.find_element(By.ID, "due-date").text
    assert new_due_date > due_date
    shoot("renewal-approved")

    # The borrower sends it back; the lender checks it in.
    sign_in(driver, base_url, BORROWER)
    driver.get(page)
    act(driver, "returnShip", {"carrier": "usps", "trackingNumber": "9400 1000 0000"})
    assert status(driver) == "Returned"
    shoot("returned")
    sign_in(driver, base_url, LENDER)
    driver.get(page)
    act(driver, "checkIn")
    assert status(driver) == "Completed"
    assert offered(driver) == []
    history = driver.find_element(By.CLASS_NAME, "history").text
    for step in ("Placed", "Will supply", "Ship", "Received", "Renewal request", "Answer renewal", "Return", "Check in"):
        assert step in history
    shoot("completed")


def test_a_wrong_password_says_so_without_naming_the_account(driver, base_url, shoot):
    driver.delete_all_cookies()
    driver.get(base_url + "/login")
    driver.find_element(By.ID, "email").send_keys("nobody@example.org")
    driver.find_element(By.ID, "password").send_keys("wrong password")
    submit(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/login'] button"))
    assert driver.find_element(By.CSS_SELECTOR, ".error").text == "The email or the password is wrong."
    shoot("wrong-password")


def test_the_article_fields_show_only_for_a_copy(driver, base_url, shoot):
    sign_in(driver, base_url, BORROWER)
    driver.get(base_url + "/requests/new")
    article = driver.find_element(By.ID, "articleTitle")
    assert not article.is_displayed()
    driver.find_element(By.CSS_SELECTOR, "input[name=serviceType][value=copy]").click()
    assert article.is_displayed()
    shoot("copy-form")
