"""Constraints against NumPy re-derivations."""
import numpy as np
import pytest

from keras import backend as K
from keras import constraints

EPS = 1e-7


W = (np.random.RandomState(1).randn(6, 5) * 3).astype('float32')
KERNEL = (np.random.RandomState(2).randn(3, 3, 2, 4) * 2).astype('float32')


def _apply(constraint, w):
    return K.eval(constraint(K.constant(w)))


def _norms(w, axis):
    axis = tuple(axis) if isinstance(axis, list) else axis
    return np.sqrt((w.astype("float64") ** 2).sum(axis=axis, keepdims=True))


@pytest.mark.parametrize('axis', [0, 1, [0, 1, 2]])
def test_max_norm(axis):
    w = KERNEL if isinstance(axis, list) else W
    norms = _norms(w, axis)
    # A bound between the norms: some vectors are rescaled, some are not.
    bound = float(np.median(norms))
    out = _apply(constraints.MaxNorm(bound, axis=axis), w)
    expected = w * (np.clip(norms, 0, bound) / (EPS + norms))
    np.testing.assert_allclose(out, expected, rtol=1e-5)
    np.testing.assert_allclose(_norms(out, axis), np.minimum(norms, bound),
                               rtol=1e-5)


def test_non_neg():
    np.testing.assert_array_equal(_apply(constraints.NonNeg(), W),
                                  np.maximum(W, 0))


@pytest.mark.parametrize('axis', [0, 1])
def test_unit_norm(axis):
    out = _apply(constraints.UnitNorm(axis=axis), W)
    np.testing.assert_allclose(out, W / (EPS + _norms(W, axis)), rtol=1e-5)
    np.testing.assert_allclose(_norms(out, axis), 1., rtol=1e-5)


@pytest.mark.parametrize('rate', [1.0, 0.5])
def test_min_max_norm(rate):
    con = constraints.MinMaxNorm(min_value=5., max_value=7., rate=rate,
                                 axis=0)
    out = _apply(con, W)
    norms = _norms(W, 0)
    assert (norms < 5).any() and (norms > 7).any()
    desired = rate * np.clip(norms, 5., 7.) + (1 - rate) * norms
    np.testing.assert_allclose(out, W * desired / (EPS + norms), rtol=1e-5)
    np.testing.assert_allclose(_norms(out, 0), desired, rtol=1e-5)


def test_aliases():
    assert constraints.max_norm is constraints.maxnorm is constraints.MaxNorm
    assert constraints.non_neg is constraints.nonneg is constraints.NonNeg
    assert constraints.unit_norm is constraints.unitnorm is \
        constraints.UnitNorm
    assert constraints.min_max_norm is constraints.MinMaxNorm


@pytest.mark.parametrize('con', [
    constraints.MaxNorm(3, axis=[0, 1]), constraints.NonNeg(),
    constraints.UnitNorm(axis=1),
    constraints.MinMaxNorm(0.5, 2., 0.7, axis=1),
], ids=lambda c: type(c).__name__)
def test_round_trip(con):
    config = constraints.serialize(con)
    assert config['class_name'] == type(con).__name__
    restored = constraints.deserialize(config)
    assert type(restored) is type(con)
    assert restored.get_config() == con.get_config()
    assert constraints.get(config).get_config() == con.get_config()


def test_get():
    assert isinstance(constraints.get('max_norm'), constraints.MaxNorm)
    assert constraints.get('max_norm').get_config() == \
        {'max_value': 2, 'axis': 0}
    assert isinstance(constraints.get('non_neg'), constraints.NonNeg)
    assert isinstance(constraints.get('unit_norm'), constraints.UnitNorm)
    assert constraints.get(None) is None
    fn = np.abs
    assert constraints.get(fn) is fn
    with pytest.raises(ValueError, match='Unknown constraint: nope'):
        constraints.get('nope')
    with pytest.raises(ValueError):
        constraints.get(2)
    base = constraints.Constraint()
    assert base.get_config() == {}
    np.testing.assert_array_equal(_apply(base, W), W)
