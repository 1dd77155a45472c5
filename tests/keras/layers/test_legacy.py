"""Tests of keras.legacy: the Keras 1 argument conversion (interfaces) and
the legacy layers (MaxoutDense, Highway, Atrous*, Recurrent,
ConvRecurrent2D)."""
import inspect
import warnings

import numpy as np
import pytest

from keras import backend as K
from keras import layers
from keras.engine.base_layer import InputSpec
from keras.engine.input_layer import Input
from keras.engine.training import Model
from keras.legacy import interfaces
from keras.legacy import layers as legacy_layers
from keras.utils.test_utils import layer_test


@pytest.fixture(autouse=True)
def _clear_session():
    K.clear_session()
    yield
    K.clear_session()


def _caught(fn):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        result = fn()
    return result, [str(w.message) for w in caught]


# ---------------------------------------------------------------------------
# interfaces
# ---------------------------------------------------------------------------

class _Target(object):
    @interfaces.generate_legacy_interface(
        allowed_positional_args=['units'],
        conversions=[('output_dim', 'units'), ('dim_ordering', 'data_format')],
        value_conversions={'dim_ordering': {'th': 'channels_first'}})
    def __init__(self, units=None, data_format=None, extra=0):
        self.args = (units, data_format, extra)


def test_generic_conversion_and_warning():
    obj, messages = _caught(lambda: _Target(output_dim=3, dim_ordering='th'))
    assert obj.args == (3, 'channels_first', 0)
    assert len(messages) == 1
    assert messages[0] == ('Update your `_Target` call to the Keras 2 API: '
                           '`_Target(units=3, data_format="channels_first")`')


def test_no_warning_for_keras2_calls():
    obj, messages = _caught(lambda: _Target(3, data_format='x'))
    assert obj.args == (3, 'x', 0) and messages == []


def test_too_many_positional_arguments():
    with pytest.raises(TypeError, match='can accept only 1 positional'):
        _Target(3, 'channels_last')


def test_both_spellings_is_an_error():
    with pytest.raises(TypeError, match='both the legacy keyword argument '
                                        '`output_dim`'):
        _Target(output_dim=3, units=4)


def test_signature_and_original_function_kept():
    params = list(inspect.signature(_Target.__init__).parameters)
    assert params == ['self', 'units', 'data_format', 'extra']
    assert _Target.__init__._original_function.__name__ == '__init__'


def test_method_interface_uses_function_name():
    class M(object):
        @interfaces.generate_legacy_method_interface(
            allowed_positional_args=['a'], conversions=[('old', 'new')])
        def run(self, a=None, new=None):
            return a, new
    result, messages = _caught(lambda: M().run(old=2))
    assert result == (None, 2)
    assert '`run`' in messages[0]


def test_conv2d_preprocessor():
    class C(object):
        @interfaces.legacy_conv2d_support
        def __init__(self, filters, kernel_size, strides=(1, 1),
                     padding='valid', data_format=None, use_bias=True,
                     kernel_initializer=None):
            self.args = (filters, kernel_size, strides, padding, data_format,
                         use_bias, kernel_initializer)
    c, messages = _caught(lambda: C(8, 3, 5, border_mode='same',
                                    subsample=(2, 2), dim_ordering='th',
                                    bias=False, init='zeros'))
    assert c.args == (8, (3, 5), (2, 2), 'same', 'channels_first', False,
                      'zeros')
    assert messages
    assert C(8, 3, nb_col=2).args[1] == (3, 2)
    assert C(8, nb_row=4, nb_col=2).args[1] == (4, 2)
    assert C(nb_filter=8, nb_row=4, nb_col=2).args[:2] == (8, (4, 2))
    with pytest.raises(ValueError, match='strides'):
        C(8, 3, 3, padding='same')
    with pytest.raises(TypeError, match='at most 3'):
        C(8, 3, 3, 1)


def test_conv3d_and_recurrent_preprocessors():
    class C3(object):
        @interfaces.legacy_conv3d_support
        def __init__(self, filters, kernel_size, **kwargs):
            self.args = (filters, kernel_size, kwargs)
    assert C3(4, 1, 2, 3).args == (4, (1, 2, 3), {})
    assert C3(4, kernel_dim1=1, kernel_dim2=2, kernel_dim3=3).args[1] == (
        1, 2, 3)

    class R(object):
        @interfaces.legacy_recurrent_support
        def __init__(self, units, **kwargs):
            self.args = (units, kwargs)
    r, _ = _caught(lambda: R(output_dim=4, consume_less='gpu',
                             inner_init='orthogonal', dropout_U=0.1,
                             forget_bias_init='one', input_dim=3,
                             input_length=5))
    assert r.args == (4, {'implementation': 2,
                          'recurrent_initializer': 'orthogonal',
                          'recurrent_dropout': 0.1,
                          'unit_forget_bias': True,
                          'input_shape': (5, 3)})


def test_other_preprocessors():
    class Z(object):
        @interfaces.legacy_zeropadding2d_support
        def __init__(self, padding=(1, 1), data_format=None):
            self.padding = padding
    assert Z(padding=(1, 2, 3, 4)).padding == ((1, 2), (3, 4))
    assert Z({'top_pad': 1, 'right_pad': 2}).padding == ((1, 0), (0, 2))
    assert Z((1, 2)).padding == (1, 2)

    class W(object):
        @interfaces.legacy_add_weight_support
        def add_weight(self, name, shape, initializer=None):
            return name, shape, initializer
    assert W().add_weight((2, 3), 'kernel') == ('kernel', (2, 3), None)
    assert W().add_weight('kernel', (2, 3)) == ('kernel', (2, 3), None)

    class O(object):
        @interfaces.legacy_get_updates_support
        def get_updates(self, loss, params, multipliers=None):
            return loss, params, multipliers
    assert O().get_updates(['p'], {}, 'loss') == ('loss', ['p'], None)
    assert O().get_updates('loss', ['p'], {'m': 1}) == ('loss', ['p'], {'m': 1})
    assert O().get_updates(['p'], {}, loss='l') == ('l', ['p'], None)

    class G(object):
        @interfaces.legacy_generator_methods_support
        def fit_generator(self, generator, steps_per_epoch=None, epochs=1,
                          workers=1, max_queue_size=10):
            return steps_per_epoch, epochs, workers, max_queue_size
    result, messages = _caught(lambda: G().fit_generator(
        iter([]), samples_per_epoch=10, nb_epoch=3, nb_worker=2,
        max_q_size=4))
    assert result == (10, 3, 2, 4)
    assert any('Keras 2 API' in m for m in messages)


# ---------------------------------------------------------------------------
# MaxoutDense, Highway
# ---------------------------------------------------------------------------

def test_maxout_dense_matches_numpy():
    rng = np.random.RandomState(0)
    layer, messages = _caught(lambda: legacy_layers.MaxoutDense(3,
                                                                nb_feature=4))
    assert any('deprecated' in m for m in messages)
    inp = Input((5,))
    out = layer(inp)
    W = rng.randn(4, 5, 3).astype('float32')
    b = rng.randn(4, 3).astype('float32')
    layer.set_weights([W, b])
    x = rng.randn(6, 5).astype('float32')
    y = K.function([inp], [out])([x])[0]
    expected = (np.einsum('bi,kio->bko', x, W) + b[None]).max(axis=1)
    np.testing.assert_allclose(y, expected, rtol=1e-5, atol=1e-5)
    assert K.int_shape(out) == (None, 3)
    assert [n for n, _ in layer._multiplier_weights] == ['W', 'b']


def test_highway_matches_numpy():
    rng = np.random.RandomState(1)
    layer = legacy_layers.Highway(activation='tanh')
    inp = Input((4,))
    out = layer(inp)
    defaults = dict(zip(['W', 'W_carry', 'b', 'b_carry'], layer.get_weights()))
    np.testing.assert_array_equal(defaults['b'], np.zeros(4))
    np.testing.assert_array_equal(defaults['b_carry'], np.ones(4))
    W, Wc = rng.randn(4, 4), rng.randn(4, 4)
    b, bc = rng.randn(4), rng.randn(4)
    layer.set_weights([W, Wc, b, bc])
    x = rng.randn(5, 4).astype('float32')
    y = K.function([inp], [out])([x])[0]
    t = 1 / (1 + np.exp(-(x.dot(Wc) + bc)))
    expected = np.tanh(x.dot(W) + b) * t + (1 - t) * x
    np.testing.assert_allclose(y, expected, rtol=1e-5, atol=1e-5)


def test_legacy_dense_layers_without_bias_and_input_dim():
    layer = legacy_layers.Highway(bias=False, input_dim=3)
    assert layer.batch_input_shape == (None, 3)
    layer(Input((3,)))
    assert len(layer.weights) == 2
    layer = legacy_layers.MaxoutDense(2, nb_feature=3, bias=False,
                                      input_dim=4)
    layer(Input((4,)))
    assert len(layer.weights) == 1


def test_legacy_dense_layers_configs():
    for layer in [legacy_layers.MaxoutDense(3, nb_feature=2, init='ones',
                                            W_regularizer='l2',
                                            W_learning_rate_multiplier=0),
                  legacy_layers.Highway(activation='relu', input_dim=3,
                                        b_learning_rate_multiplier=2)]:
        config = layer.get_config()
        clone = type(layer).from_config(config)
        assert clone.get_config() == config
    assert layer.get_config()['b_learning_rate_multiplier'] == 2.0
    assert layer.get_config()['W_learning_rate_multiplier'] is None


def test_legacy_dense_layers_wb_arguments_without_bias():
    layer, messages = _caught(lambda: legacy_layers.Highway(
        bias=False, name='hw', W_learning_rate_multiplier=0.5,
        b_learning_rate_multiplier=0.1))
    assert [m for m in messages if 'no bias' in m] == [
        "Layer 'hw' (Highway) has no bias weight (bias=False), so its "
        "b_learning_rate_multiplier=0.1 is ignored."]
    layer(Input((3,)))
    assert sorted(w.name for w in layer.multipliers) == ['hw/W:0', 'hw/W_carry:0']
    assert set(layer.multipliers.values()) == {0.5}
    layer, messages = _caught(lambda: legacy_layers.MaxoutDense(
        2, bias=False, name='mx', b_learning_rate_multiplier=0))
    assert [m for m in messages if 'no bias' in m] == [
        "Layer 'mx' (MaxoutDense) has no bias weight (bias=False), so its "
        "b_learning_rate_multiplier=0 is ignored."]
    assert layer._learning_rate_multipliers is None
    # With bias, the same arguments apply to both biases, silently.
    layer, messages = _caught(lambda: legacy_layers.Highway(
        name='hw2', b_learning_rate_multiplier=0.1))
    assert not [m for m in messages if 'no bias' in m]
    assert layer._learning_rate_multipliers == {'b': 0.1, 'b_carry': 0.1}


@pytest.mark.parametrize('cls,kwargs', [
    (legacy_layers.MaxoutDense, {'output_dim': 3}),
    (legacy_layers.Highway, {'activation': 'relu'}),
])
def test_layer_test(cls, kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        layer_test(cls, kwargs=kwargs, input_shape=(3, 4))


# ---------------------------------------------------------------------------
# Atrous convolutions
# ---------------------------------------------------------------------------

def test_atrous_factories():
    from keras.layers.convolutional import Conv1D, Conv2D
    layer, messages = _caught(lambda: legacy_layers.AtrousConvolution1D(
        4, 3, atrous_rate=2))
    assert isinstance(layer, Conv1D) and layer.dilation_rate == (2,)
    assert any('deprecated' in m for m in messages)
    layer, _ = _caught(lambda: legacy_layers.AtrousConvolution2D(
        4, 3, 3, atrous_rate=(2, 2), border_mode='same'))
    assert isinstance(layer, Conv2D)
    assert layer.dilation_rate == (2, 2)
    assert layer.kernel_size == (3, 3) and layer.padding == 'same'
    layer, _ = _caught(lambda: legacy_layers.AtrousConv2D(2, (3, 3)))
    assert layer.dilation_rate == (1, 1)
    assert legacy_layers.AtrousConv1D is legacy_layers.AtrousConvolution1D
    assert layers.AtrousConvolution2D is legacy_layers.AtrousConvolution2D


def test_exported_by_keras_layers():
    for name in legacy_layers.__all__:
        assert getattr(layers, name) is getattr(legacy_layers, name)


# ---------------------------------------------------------------------------
# Recurrent, ConvRecurrent2D
# ---------------------------------------------------------------------------

class TinyRNN(legacy_layers.Recurrent):
    """h_t = tanh(x_t . kernel + h_{t-1} . recurrent_kernel), on the legacy
    base class, as user code written for Keras 2.0 did."""

    def __init__(self, units, **kwargs):
        super(TinyRNN, self).__init__(**kwargs)
        self.units = units
        self.state_spec = InputSpec(shape=(None, units))

    def build(self, input_shape):
        if isinstance(input_shape, list):
            input_shape = input_shape[0]
        batch_size = input_shape[0] if self.stateful else None
        self.input_spec[0] = InputSpec(shape=(batch_size, None,
                                              input_shape[2]))
        self.states = [None]
        if self.stateful:
            self.reset_states()
        self.kernel = self.add_weight(name='kernel',
                                      shape=(input_shape[2], self.units),
                                      initializer='glorot_uniform')
        self.recurrent_kernel = self.add_weight(name='recurrent_kernel',
                                                shape=(self.units, self.units),
                                                initializer='orthogonal')
        self.built = True

    def step(self, inputs, states):
        h = K.tanh(K.dot(inputs, self.kernel) +
                   K.dot(states[0], self.recurrent_kernel))
        return h, [h]

    def get_config(self):
        config = {'units': self.units}
        base_config = super(TinyRNN, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


def _numpy_rnn(x, W, U, h0=None, backwards=False):
    h = np.zeros((x.shape[0], W.shape[1])) if h0 is None else h0
    steps = range(x.shape[1])
    if backwards:
        steps = reversed(list(steps))
    outputs = []
    for t in steps:
        h = np.tanh(x[:, t].dot(W) + h.dot(U))
        outputs.append(h)
    return np.stack(outputs, axis=1), h


@pytest.mark.parametrize('go_backwards', [False, True])
def test_recurrent_subclass_matches_numpy(go_backwards):
    rng = np.random.RandomState(2)
    x = rng.randn(3, 5, 4).astype('float32')
    layer = TinyRNN(2, return_sequences=True, return_state=True,
                    go_backwards=go_backwards)
    inp = Input((5, 4))
    outs = layer(inp)
    assert len(outs) == 2
    assert K.int_shape(outs[0]) == (None, 5, 2)
    assert layer.compute_output_shape((None, 5, 4)) == [(None, 5, 2),
                                                        (None, 2)]
    W, U = layer.get_weights()
    seq, state = K.function([inp], outs)([x])
    ref_seq, ref_h = _numpy_rnn(x, W, U, backwards=go_backwards)
    np.testing.assert_allclose(seq, ref_seq, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(state, ref_h, rtol=1e-5, atol=1e-5)


def test_recurrent_initial_state_keras_tensor_and_model():
    rng = np.random.RandomState(3)
    x = rng.randn(2, 4, 3).astype('float32')
    h0 = rng.randn(2, 2).astype('float32')
    inp, state_in = Input((4, 3)), Input((2,))
    layer = TinyRNN(2)
    out = layer(inp, initial_state=state_in)
    assert isinstance(layer.input_spec, list) and len(layer.input_spec) == 1
    model = Model([inp, state_in], out)
    W, U = layer.get_weights()
    np.testing.assert_allclose(model.predict([x, h0]),
                               _numpy_rnn(x, W, U, h0=h0)[1],
                               rtol=1e-5, atol=1e-5)
    with pytest.raises(ValueError, match='mix of Keras tensors'):
        TinyRNN(2)(inp, initial_state=[state_in, K.zeros((2, 2))])


def test_recurrent_stateful_and_reset_states():
    rng = np.random.RandomState(4)
    x = rng.randn(2, 3, 3).astype('float32')
    layer = TinyRNN(2, stateful=True)
    inp = Input(batch_shape=(2, 3, 3))
    out = layer(inp)
    f = K.function([inp], [out], updates=layer.updates)
    W, U = layer.get_weights()
    first = f([x])[0]
    _, h1 = _numpy_rnn(x, W, U)
    np.testing.assert_allclose(first, h1, rtol=1e-5, atol=1e-5)
    second = f([x])[0]
    np.testing.assert_allclose(second, _numpy_rnn(x, W, U, h0=h1)[1],
                               rtol=1e-5, atol=1e-5)
    layer.reset_states()
    np.testing.assert_array_equal(K.get_value(layer.states[0]), 0)
    layer.reset_states(np.ones((2, 2)))
    np.testing.assert_array_equal(K.get_value(layer.states[0]), 1)
    with pytest.raises(ValueError, match='incompatible'):
        layer.reset_states(np.ones((3, 2)))
    with pytest.raises(AttributeError, match='stateful'):
        TinyRNN(2).reset_states()


def test_recurrent_base_behaviour():
    layer = TinyRNN(3, return_sequences=False)
    assert layer.compute_mask(None, 'mask') is None
    assert TinyRNN(3, return_sequences=True).compute_mask(None, ['m']) == 'm'
    config = layer.get_config()
    assert config['implementation'] == 0 and config['unroll'] is False
    assert TinyRNN.from_config(config).get_config() == config
    with pytest.raises(NotImplementedError):
        legacy_layers.Recurrent().step(None, None)


def test_conv_recurrent_2d_base():
    layer = legacy_layers.ConvRecurrent2D(4, 3, padding='same',
                                          data_format='channels_last',
                                          return_sequences=True)
    assert layer.kernel_size == (3, 3)
    assert layer.input_spec[0].ndim == 5
    assert layer.compute_output_shape((2, 7, 8, 9, 3)) == (2, 7, 8, 9, 4)
    layer = legacy_layers.ConvRecurrent2D(4, (3, 2), strides=(2, 1),
                                          data_format='channels_first',
                                          return_state=True)
    shapes = layer.compute_output_shape((2, 7, 3, 9, 8))
    assert shapes == [(2, 4, 4, 7)] * 3
    config = layer.get_config()
    assert config['strides'] == (2, 1) and config['return_state'] is True
    assert legacy_layers.ConvRecurrent2D.from_config(
        config).get_config() == config


def test_legacy_dense_layers_initial_weights():
    W = np.arange(24, dtype='float32').reshape(2, 4, 3)
    b = np.ones((2, 3), dtype='float32')
    layer, _ = _caught(lambda: legacy_layers.MaxoutDense(3, nb_feature=2,
                                                         weights=[W, b]))
    layer(Input((4,)))
    np.testing.assert_array_equal(layer.get_weights()[0], W)
    np.testing.assert_array_equal(layer.get_weights()[1], b)
