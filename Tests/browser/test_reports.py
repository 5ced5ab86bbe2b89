"""The team's question in two clicks: "what was our fill rate and median delivery time last quarter, by region, and
which courier routes ran late", each answer with its chart, its table and a CSV of the same figures."""
import csv
import io
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from test_loan_lifecycle import sign_in, submit

TEAM = "team@hhlx.example.org"


def test_the_team_reads_fill_rate_by_region_and_downloads_it(driver, base_url, shoot):
    sign_in(driver, base_url, TEAM)
    driver.find_element(By.CSS_SELECTOR, "nav[aria-label=Main] a[href='/reports']").click()
    driver.find_element(By.CSS_SELECTOR, "main a[href='/reports/fill-rate']").click()
    assert driver.find_element(By.TAG_NAME, "h1").text == "Fill rate"
    form = driver.find_element(By.CSS_SELECTOR, "form.report-filters")
    Select(form.find_element(By.ID, "region")).select_by_value("WEST")
    submit(driver, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert "region=WEST" in driver.current_url
    chart = driver.find_element(By.CSS_SELECTOR, "figure.report-chart svg")
    assert chart.is_displayed()
    assert chart.find_element(By.TAG_NAME, "title").get_attribute("textContent") == "Fill rate by side and service type"
    rows = driver.find_elements(By.CSS_SELECTOR, ".report-table tbody tr")
    assert rows, "the demo's requests give figures"
    shoot("report-fill-rate")

    # The CSV link carries the page's filters; with the session's cookie it downloads the table shown.
    link = driver.find_element(By.CSS_SELECTOR, "a[href*='format=csv']").get_attribute("href")
    assert "region=WEST" in link
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
    with urllib.request.urlopen(urllib.request.Request(link, headers={"Cookie": cookie})) as answer:
        assert answer.headers["Content-Type"].startswith("text/csv")
        table = list(csv.reader(io.StringIO(answer.read().decode("utf-8"))))
    assert table[0] == ["side", "serviceType", "filled", "unfilled", "cancelled", "inFlight", "fillRate"]
    assert len(table) - 1 == len(rows)
    shown = [cell.text for cell in rows[0].find_elements(By.TAG_NAME, "td")]
    assert [value if value else "–" for value in table[1]] == shown


def test_turnaround_and_courier_pages_answer_with_charts(driver, base_url, shoot):
    sign_in(driver, base_url, TEAM)
    for name, title in [("turnaround", "Turnaround"), ("courier", "Courier")]:
        driver.get(base_url + "/reports/" + name)
        assert driver.find_element(By.TAG_NAME, "h1").text == title
        tables = driver.find_elements(By.CSS_SELECTOR, ".report-table table")
        empty = driver.find_elements(By.CSS_SELECTOR, "p.empty")
        assert tables or empty, name
        shoot("report-" + name)
