"""Regularizers: penalty values and (de)serialization."""
import numpy as np
import pytest

from keras import backend as K
from keras import regularizers


W = np.random.RandomState(0).randn(5, 4).astype('float32')


def _penalty(reg):
    return float(K.eval(reg(K.constant(W))))


def test_penalty_values():
    np.testing.assert_allclose(_penalty(regularizers.l1(0.3)),
                               0.3 * np.abs(W).sum(), rtol=1e-5)
    np.testing.assert_allclose(_penalty(regularizers.l2(0.2)),
                               0.2 * (W ** 2).sum(), rtol=1e-5)
    np.testing.assert_allclose(_penalty(regularizers.l1_l2(0.1, 0.05)),
                               0.1 * np.abs(W).sum() + 0.05 * (W ** 2).sum(),
                               rtol=1e-5)
    np.testing.assert_allclose(_penalty(regularizers.L1L2(l2=0.5)),
                               0.5 * (W ** 2).sum(), rtol=1e-5)


# Factors are stored as floatx, as in Keras 2.2.4 (configs read back
# 0.009999999776482582 for 0.01).
F01 = float(np.float32(0.01))


def test_defaults():
    assert regularizers.l1().get_config() == {'l1': F01, 'l2': 0.}
    assert regularizers.l2().get_config() == {'l1': 0., 'l2': F01}
    assert regularizers.l1_l2().get_config() == {'l1': F01, 'l2': F01}
    assert regularizers.L1L2().get_config() == {'l1': 0., 'l2': 0.}
    # No factor: no penalty at all.
    assert regularizers.L1L2()(K.constant(W)) == 0.


def test_round_trip_and_get():
    reg = regularizers.l1_l2(0.25, 0.5)
    config = regularizers.serialize(reg)
    assert config == {'class_name': 'L1L2',
                      'config': {'l1': 0.25, 'l2': 0.5}}
    restored = regularizers.deserialize(config)
    assert isinstance(restored, regularizers.L1L2)
    assert restored.get_config() == reg.get_config()
    assert regularizers.get(config).get_config() == reg.get_config()
    assert regularizers.get('l2').get_config() == {'l1': 0., 'l2': F01}
    assert regularizers.get('l1').get_config() == {'l1': F01, 'l2': 0.}
    assert regularizers.get(None) is None
    assert regularizers.get(reg) is reg
    with pytest.raises(ValueError, match='Unknown regularizer: nope'):
        regularizers.get('nope')
    with pytest.raises(ValueError):
        regularizers.get(1.5)


def test_custom_regularizer():
    class Sum(regularizers.Regularizer):
        def __init__(self, k=1.):
            self.k = k

        def __call__(self, x):
            return self.k * K.sum(x)

        def get_config(self):
            return {'k': self.k}

    config = regularizers.serialize(Sum(3.))
    restored = regularizers.deserialize(config, custom_objects={'Sum': Sum})
    np.testing.assert_allclose(_penalty(restored), 3. * W.sum(), rtol=1e-5)
