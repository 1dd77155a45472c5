"""Metrics against NumPy re-derivations."""
import numpy as np
import pytest

from keras import backend as K
from keras import losses
from keras import metrics


def _eval(fn, y_true, y_pred, **kwargs):
    return K.eval(fn(K.constant(y_true), K.constant(y_pred), **kwargs))


RNG = np.random.RandomState(3)
SCORES = RNG.rand(8, 6).astype('float32')
LABELS = np.array([0, 5, 2, 2, 1, 4, 3, 0])
ONE_HOT = np.eye(6, dtype='float32')[LABELS]


def _np_top_k(scores, labels, k):
    # A label is a hit when fewer than k scores are strictly larger (no ties
    # in these random scores).
    target = scores[np.arange(len(labels)), labels]
    return ((scores > target[:, None]).sum(-1) < k).astype('float64')


def test_binary_accuracy():
    y_true = np.array([[1., 0., 1.], [0., 0., 1.]], dtype='float32')
    y_pred = np.array([[0.7, 0.2, 0.4], [0.6, 0.1, 0.9]], dtype='float32')
    np.testing.assert_allclose(_eval(metrics.binary_accuracy, y_true, y_pred),
                               [2. / 3, 2. / 3], rtol=1e-6)
    # Reference on random data.
    y_true = (RNG.rand(5, 7) > 0.5).astype('float32')
    y_pred = RNG.rand(5, 7).astype('float32')
    expected = (y_true == np.round(y_pred)).mean(-1)
    np.testing.assert_allclose(_eval(metrics.binary_accuracy, y_true, y_pred),
                               expected, rtol=1e-6)


def test_categorical_accuracy():
    expected = (SCORES.argmax(-1) == LABELS).astype('float32')
    assert 0 < expected.sum() < len(LABELS)
    np.testing.assert_allclose(
        _eval(metrics.categorical_accuracy, ONE_HOT, SCORES), expected)


def test_sparse_categorical_accuracy_both_label_shapes():
    expected = (SCORES.argmax(-1) == LABELS).astype('float32')
    column = LABELS[:, None].astype('float32')
    np.testing.assert_allclose(
        _eval(metrics.sparse_categorical_accuracy, column, SCORES), expected)
    flat = LABELS.astype('float32')
    np.testing.assert_allclose(
        _eval(metrics.sparse_categorical_accuracy, flat, SCORES), expected)


@pytest.mark.parametrize('k', [1, 2, 3, 5])
def test_top_k_categorical_accuracy(k):
    expected = _np_top_k(SCORES, LABELS, k).mean()
    value = _eval(metrics.top_k_categorical_accuracy, ONE_HOT, SCORES, k=k)
    np.testing.assert_allclose(value, expected, rtol=1e-6)
    value = _eval(metrics.sparse_top_k_categorical_accuracy,
                  LABELS[:, None].astype('float32'), SCORES, k=k)
    np.testing.assert_allclose(value, expected, rtol=1e-6)


def test_top_k_default_is_5():
    expected = _np_top_k(SCORES, LABELS, 5).mean()
    assert expected < 1.
    np.testing.assert_allclose(
        _eval(metrics.top_k_categorical_accuracy, ONE_HOT, SCORES),
        expected, rtol=1e-6)


def test_loss_reexports_and_aliases():
    for name in ('mean_squared_error', 'mean_absolute_error',
                 'mean_absolute_percentage_error',
                 'mean_squared_logarithmic_error', 'hinge', 'squared_hinge',
                 'logcosh', 'categorical_crossentropy',
                 'sparse_categorical_crossentropy', 'binary_crossentropy',
                 'kullback_leibler_divergence', 'poisson',
                 'cosine_proximity'):
        assert getattr(metrics, name) is getattr(losses, name)
    assert metrics.mse is metrics.MSE is losses.mean_squared_error
    assert metrics.mae is metrics.MAE is losses.mean_absolute_error
    assert metrics.mape is metrics.MAPE
    assert metrics.msle is metrics.MSLE
    assert metrics.cosine is losses.cosine_proximity


def test_get_serialize_deserialize():
    for name in ('binary_accuracy', 'categorical_accuracy',
                 'sparse_categorical_accuracy', 'top_k_categorical_accuracy',
                 'sparse_top_k_categorical_accuracy', 'mse', 'cosine'):
        fn = metrics.get(name)
        assert fn is getattr(metrics, name)
        assert metrics.deserialize(metrics.serialize(fn)) is fn
    assert metrics.serialize(metrics.mse) == 'mean_squared_error'

    def my_metric(y_true, y_pred):
        return y_pred
    assert metrics.get(my_metric) is my_metric
    assert metrics.deserialize(
        'my_metric', custom_objects={'my_metric': my_metric}) is my_metric
    with pytest.raises(ValueError, match='Unknown metric function: nope'):
        metrics.get('nope')
    with pytest.raises(ValueError):
        metrics.get(None)
