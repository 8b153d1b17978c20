import pytest

from liaison.consensus import evaluation
from tests.notices.conftest import IMMEDIATE


@pytest.fixture(autouse=True)
def _immediate_tasks_and_fresh_cache(settings):
    settings.TASKS = IMMEDIATE
    evaluation.forget()
    yield
    evaluation.forget()
