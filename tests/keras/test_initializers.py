"""Initializers: shapes, statistics, fans, configs."""
import numpy as np
import pytest

from keras import backend as K
from keras import initializers


def _value(init, shape, dtype=None):
    out = init(shape, dtype=dtype) if dtype else init(shape)
    if isinstance(out, np.ndarray):
        return out
    return K.eval(out)


DENSE = (300, 200)
CONV = (3, 3, 40, 60)  # receptive field 9: fan_in 360, fan_out 540


def test_constants():
    np.testing.assert_array_equal(_value(initializers.Zeros(), (3, 4)),
                                  np.zeros((3, 4)))
    np.testing.assert_array_equal(_value(initializers.Ones(), (2, 5)),
                                  np.ones((2, 5)))
    np.testing.assert_array_equal(
        _value(initializers.Constant(2.5), (4,)), np.full((4,), 2.5))
    assert _value(initializers.Zeros(), (2, 2), 'float64').dtype == 'float64'


def test_random_normal_and_uniform_statistics():
    x = _value(initializers.RandomNormal(mean=1., stddev=0.5, seed=1),
               DENSE)
    assert x.shape == DENSE
    assert abs(x.mean() - 1.) < 0.01
    assert abs(x.std() - 0.5) < 0.01
    x = _value(initializers.RandomUniform(-2., 3., seed=1), DENSE)
    assert x.min() >= -2. and x.max() < 3.
    assert abs(x.mean() - 0.5) < 0.03
    assert abs(x.std() - 5. / np.sqrt(12)) < 0.02


def test_truncated_normal_statistics():
    x = _value(initializers.TruncatedNormal(mean=0., stddev=0.2, seed=2),
               DENSE)
    assert np.abs(x).max() <= 0.4 + 1e-6
    # Truncation at 2 stddevs shrinks the stddev by 0.8796.
    assert abs(x.std() - 0.2 * 0.87962566) < 0.003


def test_seeded_initializers_are_reproducible():
    for cls in (initializers.RandomNormal, initializers.RandomUniform,
                initializers.TruncatedNormal, initializers.Orthogonal):
        a = _value(cls(seed=7), (20, 10))
        K.clear_session()
        b = _value(cls(seed=7), (20, 10))
        np.testing.assert_array_equal(a, b, err_msg=cls.__name__)


def test_compute_fans():
    fans = initializers._compute_fans
    assert fans((5, 7)) == (5, 7)
    assert fans(CONV) == (360, 540)
    assert fans((60, 40, 3, 3), data_format='channels_first') == (360, 540)
    assert fans((4, 8, 16)) == (4 * 8, 4 * 16)
    fan_in, fan_out = fans((16,))
    assert fan_in == fan_out == 4.
    with pytest.raises(ValueError):
        fans(CONV, data_format='nope')


@pytest.mark.parametrize('shape', [DENSE, CONV], ids=['dense', 'conv'])
@pytest.mark.parametrize('mode', ['fan_in', 'fan_out', 'fan_avg'])
def test_variance_scaling(shape, mode):
    fan_in, fan_out = initializers._compute_fans(shape)
    n = {'fan_in': fan_in, 'fan_out': fan_out,
         'fan_avg': (fan_in + fan_out) / 2.}[mode]
    target_std = np.sqrt(2. / n)
    x = _value(initializers.VarianceScaling(2., mode, 'normal', seed=3),
               shape)
    assert x.shape == shape
    # The stddev correction makes the truncated draws have variance
    # scale / n; the bound is 2 * target / 0.8796.
    assert abs(x.std() / target_std - 1.) < 0.03
    assert np.abs(x).max() <= 2 * target_std / 0.87962566 * (1 + 1e-5)
    x = _value(initializers.VarianceScaling(2., mode, 'uniform', seed=3),
               shape)
    limit = np.sqrt(3. * 2. / n)
    assert np.abs(x).max() <= limit
    assert abs(np.abs(x).max() / limit - 1.) < 0.01
    assert abs(x.std() / target_std - 1.) < 0.03


def test_named_variance_scaling_functions():
    expected = {
        'lecun_uniform': (1., 'fan_in', 'uniform'),
        'lecun_normal': (1., 'fan_in', 'normal'),
        'glorot_uniform': (1., 'fan_avg', 'uniform'),
        'glorot_normal': (1., 'fan_avg', 'normal'),
        'he_uniform': (2., 'fan_in', 'uniform'),
        'he_normal': (2., 'fan_in', 'normal'),
    }
    for name, (scale, mode, distribution) in expected.items():
        init = getattr(initializers, name)(seed=5)
        assert isinstance(init, initializers.VarianceScaling)
        assert (init.scale, init.mode, init.distribution, init.seed) == \
            (scale, mode, distribution, 5)
        got = initializers.get(name)
        assert isinstance(got, initializers.VarianceScaling)
        assert (got.scale, got.mode, got.distribution) == \
            (scale, mode, distribution)


def test_variance_scaling_errors():
    with pytest.raises(ValueError, match='scale'):
        initializers.VarianceScaling(scale=0)
    with pytest.raises(ValueError, match='mode'):
        initializers.VarianceScaling(mode='fan')
    with pytest.raises(ValueError, match='distribution'):
        initializers.VarianceScaling(distribution='cauchy')


@pytest.mark.parametrize('shape', [(10, 6), (6, 10), (3, 3, 4, 5)])
def test_orthogonal(shape):
    x = _value(initializers.Orthogonal(gain=1.5, seed=1), shape)
    assert x.shape == shape
    flat = x.reshape(-1, shape[-1])
    if flat.shape[0] >= flat.shape[1]:
        gram = flat.T.dot(flat)
    else:
        gram = flat.dot(flat.T)
    np.testing.assert_allclose(gram, 1.5 ** 2 * np.eye(len(gram)),
                               atol=1e-5)


def test_identity():
    np.testing.assert_array_equal(
        _value(initializers.Identity(gain=2.), (3, 3)), 2 * np.eye(3))
    # Keras 2.2.4: along the longer side, copies of the square identity
    # (so that each gate block of an RNN recurrent kernel is one).
    np.testing.assert_array_equal(
        _value(initializers.Identity(), (4, 2)),
        np.concatenate([np.eye(2), np.eye(2)], axis=0))
    np.testing.assert_array_equal(
        _value(initializers.Identity(gain=0.5), (2, 6)),
        0.5 * np.concatenate([np.eye(2)] * 3, axis=1))
    np.testing.assert_array_equal(
        _value(initializers.Identity(), (3, 12)),
        np.concatenate([np.eye(3)] * 4, axis=1))
    with pytest.raises(ValueError, match='2D'):
        initializers.Identity()((2, 2, 2))
    with pytest.raises(ValueError, match='multiple of the short side'):
        initializers.Identity()((2, 3))


def test_numpy_initializers_take_any_dtype_form():
    import tensorflow.compat.v1 as tf
    for init in (initializers.Identity(gain=3.), initializers.Orthogonal(seed=1)):
        for dtype, expected in (('float64', np.float64), (tf.float64, np.float64),
                                (np.float16, np.float16), (None, np.float32)):
            value = init((3, 3), dtype=dtype)
            assert value.dtype == expected
        np.testing.assert_array_equal(init((3, 3), dtype=tf.float64),
                                      init((3, 3), dtype='float64'))
    np.testing.assert_array_equal(
        initializers.Identity(gain=3.)((2, 4), dtype=tf.float32),
        3 * np.concatenate([np.eye(2)] * 2, axis=1))


def test_aliases():
    assert initializers.zero is initializers.zeros is initializers.Zeros
    assert initializers.one is initializers.ones is initializers.Ones
    assert initializers.constant is initializers.Constant
    assert initializers.uniform is initializers.random_uniform is \
        initializers.RandomUniform
    assert initializers.normal is initializers.random_normal is \
        initializers.RandomNormal
    assert initializers.truncated_normal is initializers.TruncatedNormal
    assert initializers.identity is initializers.Identity
    assert initializers.orthogonal is initializers.Orthogonal


@pytest.mark.parametrize('init', [
    initializers.Zeros(), initializers.Ones(), initializers.Constant(3.),
    initializers.RandomNormal(0.5, 2., seed=1),
    initializers.RandomUniform(-1, 2, seed=2),
    initializers.TruncatedNormal(0.1, 0.3, seed=3),
    initializers.VarianceScaling(3., 'fan_out', 'uniform', seed=4),
    initializers.Orthogonal(2., seed=5), initializers.Identity(0.5),
], ids=lambda i: type(i).__name__)
def test_serialization_round_trip(init):
    config = initializers.serialize(init)
    assert config['class_name'] == type(init).__name__
    restored = initializers.deserialize(config)
    assert type(restored) is type(init)
    assert restored.get_config() == init.get_config()
    assert initializers.get(config).get_config() == init.get_config()


def test_get():
    assert isinstance(initializers.get('zeros'), initializers.Zeros)
    assert isinstance(initializers.get('orthogonal'), initializers.Orthogonal)
    fn = initializers.get(initializers.he_normal())
    assert isinstance(fn, initializers.VarianceScaling)
    with pytest.raises(ValueError, match='Unknown initializer: nope'):
        initializers.get('nope')
    with pytest.raises(ValueError):
        initializers.get(3)
    # A `dtype` entry written by other versions is ignored.
    restored = initializers.Constant.from_config({'value': 2,
                                                  'dtype': 'float32'})
    assert restored.value == 2


def test_custom_initializer():
    class MyInit(initializers.Initializer):
        def __init__(self, k=1.):
            self.k = k

        def __call__(self, shape, dtype=None):
            return K.constant(self.k, shape=shape, dtype=dtype)

        def get_config(self):
            return {'k': self.k}

    config = initializers.serialize(MyInit(4.))
    with pytest.raises(ValueError, match='MyInit'):
        initializers.deserialize(config)
    restored = initializers.deserialize(config,
                                        custom_objects={'MyInit': MyInit})
    np.testing.assert_array_equal(_value(restored, (2,)), [4., 4.])
