"""axe-core (bundled by axe-selenium-python) on the page the browser shows: its serious and critical violations."""
from axe_selenium_python import Axe

SEVERE = ("serious", "critical")


def severe_violations(driver):
    """The page's serious and critical violations, each as 'rule: target, target'."""
    axe = Axe(driver)
    axe.inject()
    results = axe.run()
    return [
        f"{violation['id']}: " + ", ".join(str(node["target"]) for node in violation["nodes"][:5])
        for violation in results["violations"]
        if violation["impact"] in SEVERE
    ]


def assert_accessible(driver, where=None):
    found = severe_violations(driver)
    assert not found, f"{where or driver.current_url}: {found}"
