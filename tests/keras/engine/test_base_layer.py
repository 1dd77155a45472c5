"""Tests of keras.engine.base_layer (Layer, InputSpec, Node) and input_layer."""
import numpy as np
import pytest

from keras import backend as K
from keras import regularizers
from keras.engine.base_layer import InputSpec
from keras.engine.base_layer import Layer
from keras.engine.base_layer import _to_snake_case
from keras.engine.input_layer import Input
from keras.engine.input_layer import InputLayer


@pytest.fixture(autouse=True)
def _clear_session():
    K.clear_session()
    yield
    K.clear_session()


class Affine(Layer):
    """x @ kernel + bias, plus a non-trainable counter weight."""

    def __init__(self, units, kernel_regularizer=None, with_counter=False,
                 **kwargs):
        super(Affine, self).__init__(**kwargs)
        self.units = units
        self.kernel_regularizer = kernel_regularizer
        self.with_counter = with_counter
        self.input_spec = InputSpec(min_ndim=2)

    def build(self, input_shape):
        self.kernel = self.add_weight('kernel', (input_shape[-1], self.units),
                                      initializer='ones',
                                      regularizer=self.kernel_regularizer)
        self.bias = self.add_weight('bias', (self.units,), initializer='zeros')
        if self.with_counter:
            self.counter = self.add_weight('counter', (), initializer='zeros',
                                           trainable=False)
        self.input_spec = InputSpec(min_ndim=2, axes={-1: input_shape[-1]})
        self.built = True

    def call(self, inputs):
        return K.dot(inputs, self.kernel) + self.bias

    def compute_output_shape(self, input_shape):
        return input_shape[:-1] + (self.units,)

    def get_config(self):
        config = {'units': self.units}
        base = super(Affine, self).get_config()
        base.update(config)
        return base


class Passthrough(Layer):
    """Returns its input unchanged (exercises the identity copy)."""

    def __init__(self, **kwargs):
        super(Passthrough, self).__init__(**kwargs)
        self.supports_masking = True


def run(inputs, outputs, values):
    return K.function(inputs, outputs)(values)


# --------------------------------------------------------------------------
# Names and construction
# --------------------------------------------------------------------------

def test_to_snake_case():
    assert _to_snake_case('Conv2D') == 'conv2d'
    assert _to_snake_case('BatchNormalization') == 'batch_normalization'
    assert _to_snake_case('LSTM') == 'lstm'
    assert _to_snake_case('Dense') == 'dense'
    assert _to_snake_case('MaxPooling2D') == 'max_pooling2d'
    assert _to_snake_case('_Private') == 'private__private'


def test_default_names_are_unique_per_class():
    a, b = Affine(2), Affine(3)
    assert (a.name, b.name) == ('affine_1', 'affine_2')
    assert Affine(1, name='mine').name == 'mine'


def test_unknown_keyword_rejected():
    with pytest.raises(TypeError, match='not understood.*bogus'):
        Affine(2, bogus=1)


def test_input_shape_kwargs_and_config():
    layer = Affine(2, input_shape=(3,), batch_size=5)
    assert layer.batch_input_shape == (5, 3)
    config = layer.get_config()
    assert config['batch_input_shape'] == (5, 3)
    assert config['dtype'] == K.floatx()
    assert config['trainable'] is True
    # Without an input shape, 2.2.4 does not write a dtype.
    assert 'dtype' not in Affine(2).get_config()
    assert Affine(2, batch_input_shape=(None, 7)).batch_input_shape == (None, 7)


# --------------------------------------------------------------------------
# Weights
# --------------------------------------------------------------------------

def test_add_weight_tracks_trainable_and_non_trainable():
    layer = Affine(2, with_counter=True)
    layer.build((None, 3))
    assert [w.name for w in layer.trainable_weights] == ['kernel:0', 'bias:0']
    assert [w.name for w in layer.non_trainable_weights] == ['counter:0']
    assert len(layer.weights) == 3
    assert layer.count_params() == 3 * 2 + 2 + 1
    kernel, bias, counter = layer.get_weights()
    np.testing.assert_array_equal(kernel, np.ones((3, 2)))
    np.testing.assert_array_equal(bias, np.zeros(2))
    # Only trainable weights can get a multiplier.
    assert [n for n, _ in layer._multiplier_weights] == ['kernel', 'bias']


def test_weight_names_scoped_by_layer_when_called():
    x = Input((3,))
    layer = Affine(2, name='aff')
    layer(x)
    assert layer.kernel.name == 'aff/kernel:0'


def test_trainable_toggle():
    layer = Affine(2, with_counter=True)
    layer.build((None, 3))
    layer.trainable = False
    assert layer.trainable_weights == []
    assert [w.name for w in layer.non_trainable_weights] == [
        'kernel:0', 'bias:0', 'counter:0']
    layer.trainable = True
    assert len(layer.trainable_weights) == 2


def test_set_weights_roundtrip_and_errors():
    layer = Affine(2)
    layer.build((None, 3))
    k = np.arange(6, dtype='float32').reshape((3, 2))
    b = np.array([1., -1.], dtype='float32')
    layer.set_weights([k, b])
    got = layer.get_weights()
    np.testing.assert_array_equal(got[0], k)
    np.testing.assert_array_equal(got[1], b)
    with pytest.raises(ValueError, match='affine_1.*length 1.*expecting 2'):
        layer.set_weights([k])
    with pytest.raises(ValueError, match=r'affine_1.*\(3, 2\).*\(2, 3\)'):
        layer.set_weights([k.T, b])


def test_initial_weights_kwarg_applied_at_build():
    k = np.full((3, 2), 2., dtype='float32')
    b = np.array([0.5, 1.5], dtype='float32')
    x = Input((3,))
    y = Affine(2, weights=[k, b])(x)
    out = run([x], [y], [np.ones((1, 3))])[0]
    np.testing.assert_allclose(out, np.ones((1, 3)).dot(k) + b)


def test_count_params_requires_build():
    with pytest.raises(ValueError, match='affine_1.*isn\'t built'):
        Affine(2).count_params()


def test_weight_regularizer_adds_unconditional_loss():
    layer = Affine(2, kernel_regularizer=regularizers.l2(0.1))
    layer.build((None, 3))
    assert len(layer.losses) == 1
    assert layer.get_losses_for(None) == layer.losses
    np.testing.assert_allclose(K.eval(layer.losses[0]), 0.1 * 6, rtol=1e-6)


# --------------------------------------------------------------------------
# Multipliers
# --------------------------------------------------------------------------

def test_multipliers_number_on_hand_built_layer():
    layer = Affine(2, learning_rate_multipliers=0.1, with_counter=True)
    layer.build((None, 3))
    mults = layer.multipliers
    assert mults == {layer.kernel: 0.1, layer.bias: 0.1}


def test_multipliers_dict_on_hand_built_layer():
    layer = Affine(2, learning_rate_multipliers={'bias': 2})
    layer.build((None, 3))
    assert layer.multipliers == {layer.bias: 2.0}


def test_no_multipliers_gives_empty_dict():
    layer = Affine(2)
    layer.build((None, 3))
    assert layer.multipliers == {}
    assert 'learning_rate_multipliers' not in layer.get_config()


def test_unknown_weight_name_lists_valid_names():
    layer = Affine(2, learning_rate_multipliers={'gamma': 0.5})
    layer.build((None, 3))
    with pytest.raises(ValueError) as info:
        layer.multipliers
    message = str(info.value)
    assert "'gamma'" in message and "'kernel'" in message and "'bias'" in message


def test_unknown_weight_name_raises_when_called():
    x = Input((3,))
    with pytest.raises(ValueError, match="gamma.*Valid names: 'kernel', 'bias'"):
        Affine(2, learning_rate_multipliers={'gamma': 0.5})(x)


@pytest.mark.parametrize('value,error', [(-1, ValueError),
                                         (float('nan'), ValueError),
                                         ('fast', TypeError),
                                         (True, TypeError)])
def test_invalid_multiplier_rejected_at_construction(value, error):
    with pytest.raises(error, match='affine'):
        Affine(2, learning_rate_multipliers=value)


def test_get_config_keeps_zero_multiplier_and_round_trips():
    layer = Affine(2, learning_rate_multipliers={'kernel': 0, 'bias': 1.5})
    config = layer.get_config()
    assert config['learning_rate_multipliers'] == {'kernel': 0.0, 'bias': 1.5}
    clone = Affine.from_config(config)
    clone.build((None, 3))
    assert clone.multipliers == {clone.kernel: 0.0, clone.bias: 1.5}
    number = Affine(2, learning_rate_multipliers=0).get_config()
    assert number['learning_rate_multipliers'] == 0.0


# --------------------------------------------------------------------------
# Calling: history, shapes, input specs
# --------------------------------------------------------------------------

def test_call_records_node_and_history():
    x = Input((3,), name='in')
    layer = Affine(2)
    y = layer(x)
    assert y._keras_shape == (None, 2)
    assert y._keras_history == (layer, 0, 0)
    assert K.is_keras_tensor(y)
    assert layer.input is x and layer.output is y
    assert layer.input_shape == (None, 3)
    assert layer.output_shape == (None, 2)
    node = layer._inbound_nodes[0]
    assert node.inbound_layers == [x._keras_history[0]]
    assert node.get_config() == {'outbound_layer': layer.name,
                                 'inbound_layers': ['in'],
                                 'node_indices': [0], 'tensor_indices': [0]}
    assert x._keras_history[0]._outbound_nodes == [node]
    out = run([x], [y], [np.array([[1., 2., 3.]])])[0]
    np.testing.assert_allclose(out, [[6., 6.]])


def test_layer_called_twice():
    a, b = Input((3,)), Input((3,))
    layer = Affine(2)
    ya, yb = layer(a), layer(b)
    assert yb._keras_history == (layer, 1, 0)
    assert layer.get_input_at(1) is b and layer.get_output_at(0) is ya
    assert layer.get_input_shape_at(1) == (None, 3)
    assert layer.get_output_shape_at(0) == (None, 2)
    assert layer.output_shape == (None, 2)
    with pytest.raises(AttributeError, match='multiple inbound nodes'):
        layer.input
    with pytest.raises(ValueError, match='only 2 inbound nodes'):
        layer.get_output_at(5)
    c = Input((5,))
    layer2 = Passthrough()
    layer2(a)
    layer2(c)
    with pytest.raises(AttributeError, match='different input shapes'):
        layer2.input_shape


def test_never_called_layer_attributes():
    layer = Affine(2)
    with pytest.raises(AttributeError, match='not connected'):
        layer.output
    with pytest.raises(AttributeError, match='never been called'):
        layer.output_shape
    with pytest.raises(RuntimeError, match='never been called'):
        layer.get_output_at(0)


def test_returned_input_is_copied():
    x = Input((3,))
    layer = Passthrough()
    y = layer(x)
    assert y is not x
    assert x._keras_history[0] is not layer
    assert y._keras_history == (layer, 0, 0)
    np.testing.assert_allclose(run([x], [y], [np.ones((2, 3))])[0],
                               np.ones((2, 3)))


def test_input_spec_errors_name_the_layer():
    layer = Affine(2, name='aff')
    with pytest.raises(ValueError, match='aff.*min_ndim=2, found ndim=1'):
        layer(Input(batch_shape=(3,)))
    layer(Input((3,)))
    with pytest.raises(ValueError, match='aff.*axis -1.*value 3'):
        layer(Input((4,)))
    spec_layer = Passthrough(name='pt')
    spec_layer.input_spec = InputSpec(ndim=3, dtype='float32')
    with pytest.raises(ValueError, match='pt: expected ndim=3, found ndim=2'):
        spec_layer(Input((4,)))
    with pytest.raises(ValueError, match='pt: expected dtype=float32'):
        spec_layer(Input((4, 2), dtype='int32'))
    shaped = Passthrough(name='shaped')
    shaped.input_spec = InputSpec(shape=(None, 4))
    with pytest.raises(ValueError, match=r'shaped.*\(None, 4\)'):
        shaped(Input((5,)))
    multi = Passthrough(name='multi')
    multi.input_spec = [InputSpec(ndim=2), InputSpec(ndim=2)]
    with pytest.raises(ValueError, match='multi expects 2 inputs.*received 1'):
        multi(Input((4,)))


def test_non_symbolic_input_rejected():
    with pytest.raises(ValueError, match='affine_1.*isn\'t a symbolic tensor'):
        Affine(2)(np.ones((2, 3)))


def test_input_spec_repr():
    assert repr(InputSpec(ndim=2, axes={-1: 3})) == 'InputSpec(ndim=2, axes={-1: 3})'
    assert InputSpec(shape=(None, 3)).ndim == 2


# --------------------------------------------------------------------------
# Masks, losses, updates
# --------------------------------------------------------------------------

class MaskMaker(Layer):
    """Outputs its input and the mask `x != 0` along the last axis."""

    def compute_mask(self, inputs, mask=None):
        return K.any(K.not_equal(inputs, 0), axis=-1)


class MaskReader(Layer):
    """Multiplies its input by the mask it receives."""

    def __init__(self, **kwargs):
        super(MaskReader, self).__init__(**kwargs)
        self.supports_masking = True

    def call(self, inputs, mask=None):
        return inputs * K.expand_dims(K.cast(mask, K.floatx()))


def test_mask_passed_to_call_and_propagated():
    x = Input((4, 2))
    masked = MaskMaker()(x)
    reader = MaskReader()
    y = reader(masked)
    assert reader.input_mask is not None
    assert reader.output_mask is reader.input_mask  # passed through
    data = np.array([[[1., 2.], [0., 0.], [3., 0.], [0., 0.]]])
    out, mask = run([x], [y, reader.output_mask], [data])
    np.testing.assert_array_equal(mask, [[True, False, True, False]])
    np.testing.assert_allclose(out, data)
    with pytest.raises(TypeError, match='affine_1 does not support masking'):
        Affine(2)(masked)


def test_add_loss_and_update_conditioning():
    x = Input((3,))
    layer = Passthrough()
    y = layer(x)
    counter = K.variable(0.)
    unconditional = K.update_add(counter, 1.)
    conditional = K.update_add(counter, 10.)
    layer.add_update(unconditional)
    layer.add_update([conditional], inputs=x)
    layer.add_loss(K.sum(y), inputs=[x])
    layer.add_loss(K.constant(3.))
    layer.add_loss([])
    layer.add_loss(None)
    assert layer.get_updates_for(None) == [unconditional]
    assert layer.get_updates_for(x) == [conditional]
    assert layer.get_updates_for([x]) == [conditional]
    assert len(layer.updates) == 2
    assert len(layer.get_losses_for(x)) == 1
    assert len(layer.get_losses_for(None)) == 1
    assert len(layer.losses) == 2
    layer.trainable = False
    assert layer.updates == [] and layer.get_updates_for(x) == []
    layer.stateful = True
    assert len(layer.updates) == 2


def test_activity_regularizer_loss_conditional_on_inputs():
    x = Input((3,))
    layer = Affine(2)
    layer.activity_regularizer = regularizers.l1(0.5)
    y = layer(x)
    losses = layer.get_losses_for(x)
    assert len(losses) == 1 and layer.get_losses_for(None) == []
    data = np.array([[1., -2., 4.]])
    value = run([x], losses, [data])[0]
    np.testing.assert_allclose(value, 0.5 * np.abs(data.dot(np.ones((3, 2)))).sum(),
                               rtol=1e-6)


def test_uses_learning_phase_propagates():
    x = Input((3,))
    x._uses_learning_phase = True
    y = Affine(2)(x)
    assert y._uses_learning_phase is True
    z = Affine(2)(Input((3,)))
    assert z._uses_learning_phase is False


# --------------------------------------------------------------------------
# Input / InputLayer
# --------------------------------------------------------------------------

def test_input_variants():
    x = Input(shape=(3,), name='features')
    layer = x._keras_history[0]
    assert isinstance(layer, InputLayer) and layer.name == 'features'
    assert x._keras_shape == (None, 3) and K.int_shape(x) == (None, 3)
    assert layer.is_placeholder and layer.trainable is False and layer.built
    assert layer.get_config() == {'batch_input_shape': (None, 3),
                                  'dtype': K.floatx(), 'sparse': False,
                                  'name': 'features'}
    y = Input(batch_shape=(8, 2), dtype='int32')
    assert y._keras_shape == (8, 2) and K.dtype(y) == 'int32'
    t = K.placeholder(shape=(None, 5), dtype='float64')
    z = Input(tensor=t)
    assert z is t and z._keras_shape == (None, 5)
    assert z._keras_history[0].dtype == 'float64'
    assert not z._keras_history[0].is_placeholder
    with pytest.raises(ValueError, match='shape'):
        Input()
    with pytest.raises(ValueError, match='not both'):
        InputLayer(input_shape=(2,), batch_input_shape=(None, 2))
    assert InputLayer(input_shape=(2,), batch_size=4).batch_input_shape == (4, 2)
    assert K.int_shape(Input(shape=(None, 3))) == (None, None, 3)


def test_keras1_add_weight_call_is_converted():
    class Old(Layer):
        def build(self, input_shape):
            self.W = self.add_weight((input_shape[-1], 2), initializer='ones',
                                     name='W')
            self.built = True

    layer = Old()
    layer.build((None, 3))
    assert K.int_shape(layer.W) == (3, 2) and layer.W.name == 'W:0'


def test_keras1_input_dtype_keyword():
    with pytest.warns(UserWarning, match='Keras 2 API'):
        layer = InputLayer(input_shape=(2,), input_dtype='int32')
    assert layer.dtype == 'int32'
