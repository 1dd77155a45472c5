"""np_utils: to_categorical and normalize."""
import numpy as np
import pytest

from keras.utils import np_utils
from keras.utils import to_categorical


def test_to_categorical_shapes_and_values():
    labels = np.array([[0, 2], [1, 3], [4, 0]])
    one_hot = to_categorical(labels)
    assert one_hot.shape == (3, 2, 5)
    assert one_hot.dtype == np.float32
    for index in np.ndindex(labels.shape):
        expected = np.zeros(5)
        expected[labels[index]] = 1
        np.testing.assert_array_equal(one_hot[index], expected)
    # A trailing axis of size 1 is dropped.
    column = np.array([[1], [0], [2]])
    np.testing.assert_array_equal(to_categorical(column, 4),
                                  np.eye(4)[[1, 0, 2]])
    assert to_categorical([0, 1], 3, dtype='int32').dtype == np.int32
    assert to_categorical(np.array([3])).shape == (1, 4)


def test_to_categorical_bad_labels():
    with pytest.raises(ValueError, match='num_classes'):
        to_categorical([0, 3], num_classes=3)
    with pytest.raises(ValueError):
        to_categorical([-1, 0], num_classes=2)


def test_normalize():
    x = np.random.RandomState(0).randn(4, 3)
    out = np_utils.normalize(x)
    np.testing.assert_allclose(out, x / np.linalg.norm(x, axis=-1,
                                                       keepdims=True))
    out = np_utils.normalize(x, axis=0, order=1)
    np.testing.assert_allclose(out, x / np.abs(x).sum(0, keepdims=True))
    zero = np.zeros((2, 3))
    np.testing.assert_array_equal(np_utils.normalize(zero), zero)
