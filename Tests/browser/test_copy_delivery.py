"""A copy delivered as a file: the lender uploads the scan from the request page, the borrower opens the link and
downloads the same bytes, and the first download completes the request."""
import os
import tempfile

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from accessibility import assert_accessible
from test_loan_lifecycle import BORROWER, LENDER, act, sign_in, status, submit


def a_pdf(folder):
    path = os.path.join(folder, "scan.pdf")
    with open(path, "wb") as out:
        out.write(b"%PDF-1.4\n" + bytes((n * 7919) % 251 for n in range(300_000)) + b"\n%%EOF\n")
    return path


def test_the_lender_uploads_and_the_borrower_downloads(driver, base_url, shoot):
    folder = tempfile.mkdtemp()
    scan = a_pdf(folder)

    sign_in(driver, base_url, BORROWER)
    driver.get(base_url + "/requests/new")
    driver.find_element(By.CSS_SELECTOR, "input[name=serviceType][value=copy]").click()
    driver.find_element(By.ID, "title").send_keys("Journal of Tidal Studies")
    driver.find_element(By.ID, "articleTitle").send_keys("Brine and its discontents")
    driver.find_element(By.ID, "journalTitle").send_keys("Journal of Tidal Studies")
    driver.find_element(By.ID, "pages").send_keys("12-30")
    driver.find_element(By.ID, "lenders").send_keys("BRKV")
    submit(driver, driver.find_element(By.CSS_SELECTOR, "form.request-form button[type=submit]"))
    assert status(driver) == "Sent to lender"
    request_id = driver.find_element(By.CLASS_NAME, "rid").text.split(" ")[0]
    page = base_url + "/requests/" + request_id

    sign_in(driver, base_url, LENDER)
    driver.get(page)
    act(driver, "willSupply")
    assert status(driver) == "Will supply"
    upload = driver.find_element(By.CSS_SELECTOR, "form.upload-document")
    upload.find_element(By.ID, "document-note").send_keys("Scanned at 300 dpi")
    upload.find_element(By.ID, "document-file").send_keys(scan)
    shoot("copy-ready-to-upload")
    assert_accessible(driver)
    submit(driver, upload.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert status(driver) == "Shipped"
    assert "the file is delivered" in driver.find_element(By.CLASS_NAME, "flash").text
    shoot("copy-uploaded")

    sign_in(driver, base_url, BORROWER)
    driver.get(page)
    link = driver.find_element(By.CSS_SELECTOR, "table.documents a[href^='/documents/']").get_attribute("href")
    driver.get(link)
    assert "WARNING CONCERNING COPYRIGHT RESTRICTIONS" in driver.find_element(By.TAG_NAME, "main").text
    shoot("copy-link-page")
    assert_accessible(driver)

    downloads = tempfile.mkdtemp()
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})
    driver.find_element(By.CSS_SELECTOR, "a.button[download]").click()
    target = os.path.join(downloads, request_id + ".pdf")
    WebDriverWait(driver, 20).until(lambda _: os.path.exists(target) and os.path.getsize(target) == os.path.getsize(scan))
    with open(target, "rb") as got, open(scan, "rb") as sent:
        assert got.read() == sent.read()

    driver.get(page)
    assert status(driver) == "Completed"
    shoot("copy-completed")
