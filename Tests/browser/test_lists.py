"""The public archive of an announcement list, as a member of the public reads it: no sign-in."""
from selenium.webdriver.common.by import By

from test_loan_lifecycle import submit


def test_the_archive_lists_posts_newest_first_and_opens_a_permalink(driver, base_url, shoot):
    driver.delete_all_cookies()
    driver.get(base_url + "/lists")
    links = driver.find_elements(By.CSS_SELECTOR, "ul.lists a[href^='/lists/']")
    assert "ILL Announce" in [link.text for link in links]
    driver.get(base_url + "/lists/ill-announce")
    titles = [item.text for item in driver.find_elements(By.CSS_SELECTOR, "#posts li a")]
    assert titles == ["Holiday courier schedule", "Welcome to the new resource sharing system"]
    assert driver.find_element(By.ID, "subscribe-email").get_attribute("type") == "email"
    shoot("list-archive")

    driver.find_element(By.ID, "archive-q").send_keys("thanksgiving")
    submit(driver, driver.find_element(By.CSS_SELECTOR, "form[role='search'] button"))
    assert [item.text for item in driver.find_elements(By.CSS_SELECTOR, "#posts li a")] == ["Holiday courier schedule"]

    submit(driver, driver.find_element(By.LINK_TEXT, "Holiday courier schedule"))
    assert driver.find_element(By.TAG_NAME, "h1").text == "Holiday courier schedule"
    body = driver.find_element(By.CSS_SELECTOR, ".announcement-body")
    assert body.find_element(By.TAG_NAME, "strong").text == "Thanksgiving Day"
    assert len(body.find_elements(By.CSS_SELECTOR, "ul li")) == 2
    shoot("list-post")

    driver.get(base_url + "/lists/ill-announce")
    driver.find_element(By.ID, "subscribe-email").send_keys("reader@patrons.example.org")
    submit(driver, driver.find_element(By.CSS_SELECTOR, "#subscribe button"))
    assert "a confirmation mail is on its way" in driver.find_element(By.CSS_SELECTOR, "[role='status'], .flash").text


def test_visitors_see_news_faq_and_the_team_directory(driver, base_url, shoot):
    driver.delete_all_cookies()
    driver.get(base_url + "/")
    news = [title.text for title in driver.find_elements(By.CSS_SELECTOR, "article.site-page h3")]
    assert news == ["Courier holiday schedule", "Renewals by mail"]
    assert "ill-team@hhlx.example.org" in driver.find_element(By.CSS_SELECTOR, "aside.contact-box").text
    question = driver.find_element(By.CSS_SELECTOR, "details.site-page summary")
    question.click()
    assert "Not received" in driver.find_element(By.CSS_SELECTOR, "details.site-page[open]").text
    shoot("public-home")
    driver.get(base_url + "/contacts")
    names = [row.find_elements(By.TAG_NAME, "td")[0].text for row in driver.find_elements(By.CSS_SELECTOR, "#contacts tbody tr")]
    assert names == ["Marisol Quenby", "Tobias Ferrante", "Wren Adeyemi"]
    assert driver.find_element(By.ID, "team-email").get_attribute("href") == "mailto:ill-team@hhlx.example.org"
    shoot("contacts")
