import pytest

from newsroom.caching import content_changed


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """commit(): what the end of a real transaction does to the cache for every write made so far.

    Tests run inside one transaction that is rolled back, so on-commit callbacks
    never run by themselves and every write leaves only provisional generations,
    under which nothing is served from the cache.
    """

    def run():
        with django_capture_on_commit_callbacks(execute=True):
            content_changed()

    return run
