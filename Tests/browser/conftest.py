"""Fixtures of the browser suite: one headless Chromium, the server's address, a screenshot helper."""
import os

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service


@pytest.fixture(scope="session")
def base_url():
    return os.environ["INTERLOAN_URL"]


@pytest.fixture(scope="session")
def driver():
    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900"):
        options.add_argument(argument)
    browser = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    browser.implicitly_wait(0)
    yield browser
    browser.quit()


@pytest.fixture
def shoot(driver):
    folder = os.environ["SCREENSHOTS"]
    counter = {"step": 0}

    def take(name):
        counter["step"] += 1
        path = os.path.join(folder, f"{counter['step']:02d}-{name}.png")
        driver.execute_script("window.scrollTo(0, 0)")
        driver.save_screenshot(path)
        return path

    return take
