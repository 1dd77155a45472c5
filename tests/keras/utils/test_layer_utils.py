"""Tests of keras.utils.layer_utils."""
import numpy as np
import pytest

from keras import backend as K
from keras.engine.base_layer import Layer
from keras.engine.input_layer import Input
from keras.engine.network import Network
from keras.utils import layer_utils


@pytest.fixture(autouse=True)
def _clear_session():
    K.clear_session()
    yield
    K.clear_session()


class Linear(Layer):
    def __init__(self, units, **kwargs):
        super(Linear, self).__init__(**kwargs)
        self.units = units

    def build(self, input_shape):
        self.kernel = self.add_weight('kernel', (input_shape[-1], self.units),
                                      initializer='random_normal')
        self.bias = self.add_weight('bias', (self.units,),
                                    initializer='random_normal')
        self.built = True

    def call(self, inputs):
        return K.dot(inputs, self.kernel) + self.bias

    def compute_output_shape(self, input_shape):
        return input_shape[:-1] + (self.units,)


class Conv2D(Layer):
    """Stand-in with the class name `convert_all_kernels_in_model` looks for."""

    def build(self, input_shape):
        self.kernel = self.add_weight('kernel', (2, 3, 1, 2),
                                      initializer='random_normal')
        self.built = True


def test_count_params_counts_each_weight_once():
    a = K.variable(np.zeros((3, 4)))
    b = K.variable(np.zeros((5,)))
    c = K.variable(0.)
    assert layer_utils.count_params([a, b, c]) == 12 + 5 + 1
    assert layer_utils.count_params([a, a, b]) == 17
    assert layer_utils.count_params([]) == 0


def test_get_source_inputs_follows_history():
    a, b = Input((2,)), Input((2,))
    layer = Linear(2)
    ya, yb = layer(a), layer(b)
    assert layer_utils.get_source_inputs(yb) == [b]
    assert layer_utils.get_source_inputs(ya) == [a]
    # Starting from an explicit layer/node.
    assert layer_utils.get_source_inputs(yb, layer, 0) == [a]


def test_convert_kernel_flips_spatial_axes():
    kernel = np.arange(2 * 3 * 1 * 2).reshape((2, 3, 1, 2))
    flipped = layer_utils.convert_kernel(kernel)
    np.testing.assert_array_equal(flipped, kernel[::-1, ::-1, :, :])
    with pytest.raises(ValueError):
        layer_utils.convert_kernel(np.zeros((2, 2)))


def test_convert_all_kernels_in_model():
    x = Input((4, 5, 1))
    conv = Conv2D()
    y = Linear(1)(conv(x))
    model = Network(x, y)
    before = K.get_value(conv.kernel)
    dense_before = [K.get_value(w) for w in model.layers[-1].weights]
    layer_utils.convert_all_kernels_in_model(model)
    np.testing.assert_array_equal(K.get_value(conv.kernel),
                                  before[::-1, ::-1, :, :])
    for got, want in zip(model.layers[-1].weights, dense_before):
        np.testing.assert_array_equal(K.get_value(got), want)


@pytest.mark.parametrize('target', ['channels_first', 'channels_last'])
def test_convert_dense_weights_data_format(target):
    h, w, c, units = 2, 3, 4, 5
    layer = Linear(units)
    layer.build((None, h * w * c))
    kernel, bias = layer.get_weights()
    rng = np.random.RandomState(0)
    if target == 'channels_first':
        # Weights were trained on channels_last maps flattened in (h, w, c)
        # order; the model now flattens channels_first (c, h, w) maps.
        fmap_source = rng.rand(h, w, c)
        fmap_target = fmap_source.transpose((2, 0, 1))
        shape = (c, h, w)
    else:
        fmap_source = rng.rand(c, h, w)
        fmap_target = fmap_source.transpose((1, 2, 0))
        shape = (h, w, c)
    want = fmap_source.reshape(-1).dot(kernel) + bias
    layer_utils.convert_dense_weights_data_format(layer, shape, target)
    new_kernel, new_bias = layer.get_weights()
    np.testing.assert_allclose(fmap_target.reshape(-1).dot(new_kernel) + new_bias,
                               want, rtol=1e-5)
    np.testing.assert_array_equal(new_bias, bias)


def test_convert_dense_weights_errors():
    layer = Linear(2)
    layer.build((None, 6))
    with pytest.raises(ValueError, match='target_data_format'):
        layer_utils.convert_dense_weights_data_format(layer, (1, 2, 3), 'nchw')
    with pytest.raises(ValueError, match='6 kernel rows.*24 values'):
        layer_utils.convert_dense_weights_data_format(layer, (2, 3, 4))


def test_print_summary_column_layout():
    x = Input((3,), name='x')
    y = Linear(2, name='lin', learning_rate_multipliers={'bias': 0})(x)
    model = Network(x, y)
    lines = []
    layer_utils.print_summary(model, print_fn=lines.append)
    header = lines[1]
    # Columns end at 45%, 85% and 100% of 65, then 16 more for LR mult.
    assert header.index('Output Shape') == int(65 * .45)
    assert header.index('Param #') == int(65 * .85)
    assert header.index('LR mult') == 65
    row = [l for l in lines if l.startswith('lin (Linear)')][0]
    assert row[int(65 * .45):].startswith('(None, 2)')
    assert row[int(65 * .85):].startswith('8')
    assert row[65:].rstrip() == 'bias:0'
    assert lines[-4:] == ['Total params: 8', 'Trainable params: 8',
                          'Non-trainable params: 0', '_' * 81]


def test_print_summary_explicit_positions_with_multiplier_column():
    x = Input((3,), name='x')
    model = Network(x, Linear(2, name='lin', learning_rate_multipliers=3)(x))
    lines = []
    layer_utils.print_summary(model, line_length=60,
                              positions=[.25, .5, .75, 1.],
                              print_fn=lines.append)
    assert lines[0] == '_' * 60
    assert lines[1].index('LR mult') == 45
    row = [l for l in lines if l.startswith('lin (Linea')][0]
    assert row[45:].rstrip() == '3'
