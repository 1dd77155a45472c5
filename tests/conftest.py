"""Shared pytest configuration: quiet TensorFlow, fresh graph per test."""
import os

# Must be set before TensorFlow is imported (keras.backend imports it).
os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')

import pytest  # noqa: E402

from keras import backend as K  # noqa: E402


@pytest.fixture(autouse=True)
def clear_session_after_test():
    """Gives every test a new graph, session, uid counters and learning
    phase (after the test, so the first test also starts clean)."""
    yield
    K.clear_session()
