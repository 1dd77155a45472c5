"""Loss functions against NumPy re-derivations (Keras 2.2.4 formulas)."""
import numpy as np
import pytest

from keras import backend as K
from keras import losses

EPS = 1e-7


def _eval(fn, y_true, y_pred):
    return K.eval(fn(K.constant(y_true), K.constant(y_pred)))


RNG = np.random.RandomState(42)
REG_TRUE = RNG.randn(6, 4).astype('float32')
REG_PRED = RNG.randn(6, 4).astype('float32')
POS_TRUE = RNG.rand(6, 4).astype('float32')
POS_PRED = RNG.rand(6, 4).astype('float32')
SIGN_TRUE = np.sign(RNG.randn(6, 4)).astype('float32')
LABELS = np.array([0, 3, 1, 2, 3, 0])
ONE_HOT = np.eye(4, dtype='float32')[LABELS]
# Unnormalized predictions with an exact 0 (exercises clipping).
PROBS = RNG.rand(6, 4).astype('float32')
PROBS[0, 0] = 0.
BIN_TRUE = (RNG.rand(6, 4) > 0.5).astype('float32')
BIN_PRED = RNG.rand(6, 4).astype('float32')
BIN_PRED[1, 2] = 0.
BIN_PRED[2, 1] = 1.


def _np_logcosh(x):
    return np.log(np.cosh(x))


def _np_l2n(x):
    return x / np.sqrt(np.maximum((x ** 2).sum(-1, keepdims=True), 1e-12))


def _np_cce(y, p):
    p = p / p.sum(-1, keepdims=True)
    p = np.clip(p, EPS, 1 - EPS)
    return -(y * np.log(p)).sum(-1)


def _np_bce(y, p):
    # The clipping happens in float32, where 1 - 1e-7 rounds to 1 - 2**-23.
    p = np.clip(p.astype('float32'), np.float32(EPS),
                np.float32(1 - EPS)).astype('float64')
    return -(y * np.log(p) + (1 - y) * np.log(1 - p)).mean(-1)


CASES = [
    ('mean_squared_error', REG_TRUE, REG_PRED,
     lambda y, p: ((p - y) ** 2).mean(-1)),
    ('mean_absolute_error', REG_TRUE, REG_PRED,
     lambda y, p: np.abs(p - y).mean(-1)),
    ('mean_absolute_percentage_error', REG_TRUE, REG_PRED,
     lambda y, p: 100 * (np.abs(y - p) / np.maximum(np.abs(y), EPS)).mean(-1)),
    ('mean_squared_logarithmic_error', REG_TRUE, REG_PRED,
     lambda y, p: ((np.log(np.maximum(p, EPS) + 1) -
                    np.log(np.maximum(y, EPS) + 1)) ** 2).mean(-1)),
    ('squared_hinge', SIGN_TRUE, REG_PRED,
     lambda y, p: (np.maximum(1 - y * p, 0) ** 2).mean(-1)),
    ('hinge', SIGN_TRUE, REG_PRED,
     lambda y, p: np.maximum(1 - y * p, 0).mean(-1)),
    ('categorical_hinge', ONE_HOT, REG_PRED,
     lambda y, p: np.maximum(0, ((1 - y) * p).max(-1) - (y * p).sum(-1) + 1)),
    ('logcosh', REG_TRUE, REG_PRED,
     lambda y, p: _np_logcosh(p - y).mean(-1)),
    ('categorical_crossentropy', ONE_HOT, PROBS, _np_cce),
    ('binary_crossentropy', BIN_TRUE, BIN_PRED, _np_bce),
    ('kullback_leibler_divergence', POS_TRUE, POS_PRED,
     lambda y, p: (np.clip(y, EPS, 1) *
                   np.log(np.clip(y, EPS, 1) / np.clip(p, EPS, 1))).sum(-1)),
    ('poisson', POS_TRUE, POS_PRED,
     lambda y, p: (p - y * np.log(p + EPS)).mean(-1)),
    ('cosine_proximity', REG_TRUE, REG_PRED,
     lambda y, p: -(_np_l2n(y) * _np_l2n(p)).sum(-1)),
]


@pytest.mark.parametrize('name,y_true,y_pred,reference', CASES,
                         ids=[c[0] for c in CASES])
def test_loss_values(name, y_true, y_pred, reference):
    fn = getattr(losses, name)
    result = _eval(fn, y_true, y_pred)
    expected = reference(y_true.astype('float64'), y_pred.astype('float64'))
    assert result.shape == (6,)
    np.testing.assert_allclose(result, expected, rtol=2e-4, atol=1e-5)


def test_sparse_categorical_crossentropy():
    result = K.eval(losses.sparse_categorical_crossentropy(
        K.constant(LABELS[:, None].astype('float32')), K.constant(PROBS)))
    # Keras 2.2.4 clips first, then takes the softmax of the log (which
    # normalizes the clipped probabilities).
    clipped = np.clip(PROBS.astype('float64'), EPS, 1 - EPS)
    expected = -np.log(clipped[np.arange(6), LABELS] / clipped.sum(-1))
    np.testing.assert_allclose(result.ravel(), expected, rtol=2e-4)


def test_categorical_crossentropy_normalizes_predictions():
    scaled = _eval(losses.categorical_crossentropy, ONE_HOT[1:], PROBS[1:] * 7)
    plain = _eval(losses.categorical_crossentropy, ONE_HOT[1:], PROBS[1:])
    np.testing.assert_allclose(scaled, plain, rtol=1e-5)


def test_crossentropy_clipping_keeps_values_finite():
    y = np.array([[1., 0.]], dtype='float32')
    p = np.array([[0., 1.]], dtype='float32')
    cce = _eval(losses.categorical_crossentropy, y, p)
    np.testing.assert_allclose(cce, [-np.log(EPS)], rtol=1e-3)
    bce = _eval(losses.binary_crossentropy, y, p)
    assert np.isfinite(bce).all()
    np.testing.assert_allclose(bce, _np_bce(y, p), rtol=1e-3)
    # Both entries are clipped: about -log(1e-7) each.
    assert 15.5 < bce[0] < 16.2


def test_logcosh_large_errors_do_not_overflow():
    y = np.zeros((1, 2), dtype='float32')
    p = np.array([[100., -200.]], dtype='float32')
    value = _eval(losses.logcosh, y, p)
    np.testing.assert_allclose(value, [(100 + 200 - 2 * np.log(2)) / 2],
                               rtol=1e-5)


def test_cosine_proximity_is_negative_for_aligned_vectors():
    v = np.array([[1., 2., 3.]], dtype='float32')
    np.testing.assert_allclose(_eval(losses.cosine_proximity, v, 2 * v),
                               [-1.], rtol=1e-5)


def test_aliases():
    assert losses.mse is losses.MSE is losses.mean_squared_error
    assert losses.mae is losses.MAE is losses.mean_absolute_error
    assert losses.mape is losses.MAPE is \
        losses.mean_absolute_percentage_error
    assert losses.msle is losses.MSLE is \
        losses.mean_squared_logarithmic_error
    assert losses.kld is losses.KLD is losses.kullback_leibler_divergence
    assert losses.cosine is losses.cosine_proximity


def test_get_serialize_deserialize():
    for name, _, _, _ in CASES:
        fn = losses.get(name)
        assert fn is getattr(losses, name)
        assert losses.serialize(fn) == name
        assert losses.deserialize(losses.serialize(fn)) is fn
    assert losses.get('mse') is losses.mean_squared_error
    assert losses.get(None) is None
    assert losses.get(np.abs) is np.abs
    with pytest.raises(ValueError, match='Unknown loss function: nope'):
        losses.get('nope')
    with pytest.raises(ValueError):
        losses.get(42)


def test_custom_loss_lookup():
    def my_loss(y_true, y_pred):
        return y_pred
    assert losses.deserialize('my_loss',
                              custom_objects={'my_loss': my_loss}) is my_loss
