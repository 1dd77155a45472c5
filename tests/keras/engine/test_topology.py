"""Tests of keras.engine.network: functional graphs of layers."""
import json
import warnings

import numpy as np
import pytest

from keras import backend as K
from keras.engine import get_source_inputs
from keras.engine.base_layer import Layer
from keras.engine.input_layer import Input
from keras.engine.input_layer import InputLayer
from keras.engine.network import Network


@pytest.fixture(autouse=True)
def _clear_session():
    K.clear_session()
    yield
    K.clear_session()


class Affine(Layer):
    """x @ kernel + bias with random-normal kernel (so round trips matter)."""

    def __init__(self, units, **kwargs):
        super(Affine, self).__init__(**kwargs)
        self.units = units

    def build(self, input_shape):
        self.kernel = self.add_weight('kernel', (input_shape[-1], self.units),
                                      initializer='random_normal')
        self.bias = self.add_weight('bias', (self.units,),
                                    initializer='random_uniform')
        self.built = True

    def call(self, inputs):
        return K.dot(inputs, self.kernel) + self.bias

    def compute_output_shape(self, input_shape):
        return input_shape[:-1] + (self.units,)

    def get_config(self):
        config = super(Affine, self).get_config()
        config['units'] = self.units
        return config


class Add(Layer):
    """Sum of a list of tensors."""

    def call(self, inputs):
        out = inputs[0]
        for x in inputs[1:]:
            out = out + x
        return out

    def compute_output_shape(self, input_shape):
        return input_shape[0]


class Split(Layer):
    """Two outputs: the input times 2 and the input plus 1."""

    def call(self, inputs):
        return [inputs * 2., inputs + 1.]

    def compute_output_shape(self, input_shape):
        return [input_shape, input_shape]


class Scale(Layer):
    """Multiplies its input by a keyword argument of the call."""

    def call(self, inputs, factor=1.0):
        return inputs * factor


class MaskMaker(Layer):
    def compute_mask(self, inputs, mask=None):
        return K.any(K.not_equal(inputs, 0), axis=-1)


class MaskReader(Layer):
    def __init__(self, **kwargs):
        super(MaskReader, self).__init__(**kwargs)
        self.supports_masking = True

    def call(self, inputs, mask=None):
        return inputs * K.expand_dims(K.cast(mask, K.floatx()))


class Counter(Layer):
    """Adds an update conditional on its input and an unconditional one."""

    def build(self, input_shape):
        self.count = self.add_weight('count', (), initializer='zeros',
                                     trainable=False)
        self.built = True

    def call(self, inputs):
        self.add_update(K.update_add(self.count, 1.), inputs)
        return inputs


CUSTOM = {'Affine': Affine, 'Add': Add, 'Split': Split, 'Scale': Scale,
          'MaskMaker': MaskMaker, 'MaskReader': MaskReader,
          'Network': Network}


def predict(model, values):
    """Runs a network's outputs on numpy inputs."""
    outs = K.function(model.inputs, model.outputs)(values)
    return outs


def weights_of(layer):
    return [K.get_value(w) for w in layer.weights]


# --------------------------------------------------------------------------
# Construction
# --------------------------------------------------------------------------

def test_multi_input_multi_output_graph():
    a = Input((3,), name='a')
    b = Input((2,), name='b')
    ha = Affine(4, name='ha')(a)
    hb = Affine(4, name='hb')(b)
    s = Add(name='sum')([ha, hb])
    out1 = Affine(1, name='out1')(s)
    out2 = Affine(2, name='out2')(s)
    model = Network([a, b], [out1, out2], name='net')
    assert model.name == 'net'
    assert [l.name for l in model.layers] == ['a', 'b', 'ha', 'hb', 'sum',
                                              'out1', 'out2']
    assert model.input_names == ['a', 'b']
    assert model.output_names == ['out1', 'out2']
    assert model._feed_input_names == ['a', 'b']
    assert len(model.trainable_weights) == 8
    assert model.count_params() == (3 * 4 + 4) + (2 * 4 + 4) + 5 + 10
    assert model.compute_output_shape([(None, 3), (None, 2)]) == [(None, 1),
                                                                  (None, 2)]
    assert model.compute_output_shape([(7, 3), (7, 2)]) == [(7, 1), (7, 2)]
    with pytest.raises(ValueError, match='2 tensor inputs'):
        model.compute_output_shape((None, 3))

    xa, xb = np.random.rand(5, 3), np.random.rand(5, 2)
    w = {name: weights_of(model.get_layer(name))
         for name in ['ha', 'hb', 'out1', 'out2']}
    s_np = xa.dot(w['ha'][0]) + w['ha'][1] + xb.dot(w['hb'][0]) + w['hb'][1]
    got1, got2 = predict(model, [xa, xb])
    np.testing.assert_allclose(got1, s_np.dot(w['out1'][0]) + w['out1'][1],
                               rtol=1e-5)
    np.testing.assert_allclose(got2, s_np.dot(w['out2'][0]) + w['out2'][1],
                               rtol=1e-5)


def test_depth_ordering_and_nodes_by_depth():
    x = Input((2,), name='x')
    h1 = Affine(2, name='h1')(x)
    h2 = Affine(2, name='h2')(h1)
    y = Add(name='add')([x, h2])  # skip connection: add is deepest
    model = Network(x, y)
    assert [l.name for l in model.layers] == ['x', 'h1', 'h2', 'add']
    depths = {d: [n.outbound_layer.name for n in nodes]
              for d, nodes in model._nodes_by_depth.items()}
    assert depths == {0: ['add'], 1: ['h2'], 2: ['h1'], 3: ['x']}
    assert model._layers_by_depth[3][0].name == 'x'


def test_layer_with_several_outputs():
    x = Input((3,))
    double, plus = Split()(x)
    assert double._keras_history[2] == 0 and plus._keras_history[2] == 1
    model = Network(x, [plus, double])
    data = np.random.rand(2, 3)
    got_plus, got_double = predict(model, [data])
    np.testing.assert_allclose(got_plus, data + 1, rtol=1e-6)
    np.testing.assert_allclose(got_double, data * 2, rtol=1e-6)
    # Called as a layer on a new input, the output order is kept.
    x2 = Input((3,))
    out = model(x2)
    assert isinstance(out, list) and len(out) == 2
    got = K.function([x2], out)([data])
    np.testing.assert_allclose(got[0], data + 1, rtol=1e-6)


def test_shared_layer_multiple_inbound_nodes():
    a, b = Input((3,), name='a'), Input((3,), name='b')
    shared = Affine(2, name='shared')
    ya, yb = shared(a), shared(b)
    model = Network([a, b], Add()([ya, yb]))
    assert len(shared._inbound_nodes) == 2
    assert len(model.trainable_weights) == 2  # shared weights counted once
    assert model.layers.count(shared) == 1
    xa, xb = np.random.rand(4, 3), np.random.rand(4, 3)
    k, bias = weights_of(shared)
    got = predict(model, [xa, xb])[0]
    np.testing.assert_allclose(got, xa.dot(k) + xb.dot(k) + 2 * bias,
                               rtol=1e-5, atol=1e-6)


def test_nested_model_as_layer():
    x = Input((3,))
    inner = Network(x, Affine(2, name='inner_dense')(x), name='inner')
    outer_in = Input((3,))
    h = inner(outer_in)
    assert h._keras_shape == (None, 2)
    assert h._keras_history == (inner, 1, 0)  # node 0 is the inner graph
    out = Affine(1, name='head')(h)
    outer = Network(outer_in, out, name='outer')
    assert [l.name for l in outer.layers][1:] == ['inner', 'head']
    assert len(outer.trainable_weights) == 4
    data = np.random.rand(5, 3)
    k1, b1 = weights_of(inner.get_layer('inner_dense'))
    k2, b2 = weights_of(outer.get_layer('head'))
    got = predict(outer, [data])[0]
    np.testing.assert_allclose(got, (data.dot(k1) + b1).dot(k2) + b2,
                               rtol=1e-5)
    # Trainable flag of the nested model hides its weights.
    inner.trainable = False
    assert len(outer.trainable_weights) == 2
    assert len(outer.non_trainable_weights) == 2


def test_network_call_is_cached_per_input():
    x = Input((3,))
    net = Network(x, Affine(2)(x))
    y = Input((3,))
    assert net(y) is not None
    assert net.call(y) is net.call(y)


def test_mask_propagation_through_network():
    x = Input((4, 2))
    y = MaskReader()(MaskMaker()(x))
    net = Network(x, y)
    new_in = Input((4, 2))
    new_out = net(new_in)
    mask = net.get_output_mask_at(1)
    assert mask is not None
    assert net.compute_mask(new_in, None) is mask
    data = np.array([[[1., 2.], [0., 0.], [3., 0.], [0., 0.]]])
    got_out, got_mask = K.function([new_in], [new_out, mask])([data])
    np.testing.assert_array_equal(got_mask, [[True, False, True, False]])
    np.testing.assert_allclose(got_out, data)


def test_call_arguments_are_replayed_and_serialized():
    x = Input((2,))
    y = Scale(name='scale')(x, factor=3.0)
    net = Network(x, y)
    z = Input((2,))
    got = K.function([z], [net(z)])([np.ones((1, 2))])[0]
    np.testing.assert_allclose(got, 3 * np.ones((1, 2)))
    config = net.get_config()
    assert config['layers'][1]['inbound_nodes'] == [[[x._keras_history[0].name,
                                                      0, 0, {'factor': 3.0}]]]
    clone = Network.from_config(config, custom_objects=CUSTOM)
    np.testing.assert_allclose(predict(clone, [np.ones((1, 2))])[0],
                               3 * np.ones((1, 2)))


# --------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------

def test_disconnected_graph_names_missing_input():
    a, b = Input((3,), name='in_a'), Input((3,), name='in_b')
    y = Add()([Affine(2)(a), Affine(2)(b)])
    with pytest.raises(ValueError, match='Graph disconnected.*in_b'):
        Network(a, y)


def test_duplicate_layer_names_rejected():
    x = Input((3,))
    y = Affine(2, name='same')(Affine(3, name='same')(x))
    with pytest.raises(ValueError, match='"same" is used 2 times'):
        Network(x, y)


def test_redundant_and_non_keras_inputs():
    x = Input((3,))
    y = Affine(2)(x)
    with pytest.raises(ValueError, match='redundant'):
        Network([x, x], y)
    with pytest.raises(ValueError, match='must come from `keras.layers.Input`'):
        Network(K.placeholder(shape=(None, 3)), y)
    with pytest.raises(ValueError, match='output of a Keras `Layer`'):
        Network(x, K.placeholder(shape=(None, 3)))
    # As in Keras 2.2.4: a non-Input tensor as input warns, and the graph
    # then misses the Input it comes from.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        with pytest.raises(ValueError, match='Graph disconnected'):
            Network(y, Affine(1)(y))
    assert any('must come from `keras.layers.Input`' in str(w.message)
               for w in caught)


def test_get_layer():
    x = Input((3,), name='x')
    y = Affine(2, name='dense_a')(x)
    model = Network(x, y)
    assert model.get_layer('dense_a') is y._keras_history[0]
    assert model.get_layer(index=0) is x._keras_history[0]
    with pytest.raises(ValueError, match='No such layer: nope.*dense_a'):
        model.get_layer('nope')
    with pytest.raises(ValueError, match='index 5.*only has 2 layers'):
        model.get_layer(index=5)
    with pytest.raises(ValueError, match='layer name or layer index'):
        model.get_layer()


# --------------------------------------------------------------------------
# Weights, updates, losses, states
# --------------------------------------------------------------------------

def test_get_set_weights_order_and_errors():
    x = Input((3,))
    c = Counter(name='counter')
    y = Affine(2, name='d2')(c(Affine(3, name='d1')(x)))
    model = Network(x, y)
    shapes = [w.shape for w in model.get_weights()]
    # Layer after layer, each layer's own order (not all trainable first).
    assert shapes == [(3, 3), (3,), (), (3, 2), (2,)]
    new = [np.full(s, i, dtype='float32') for i, s in enumerate(shapes)]
    model.set_weights(new)
    for got, want in zip(model.get_weights(), new):
        np.testing.assert_array_equal(got, want)
    with pytest.raises(ValueError, match='5 weights'):
        model.set_weights(new[:2])
    with pytest.raises(ValueError, match='layer d1.*kernel'):
        model.set_weights([np.zeros((2, 2))] + new[1:])


def test_updates_conditioned_on_model_inputs():
    x = Input((3,))
    counter = Counter()
    y = counter(x)
    model = Network(x, y)
    assert len(model.updates) == 1
    # A call on a tensor outside the model adds an update the model ignores.
    counter(Input((3,)))
    assert len(counter.updates) == 2
    assert len(model.updates) == 1
    assert model.state_updates == []
    # Calling the model as a layer registers the inner update for the new
    # input; an outer model collects it.
    z = Input((3,))
    outer = Network(z, model(z))
    assert len(outer.updates) == 1
    K.function([z], [outer.outputs[0]], updates=outer.updates)([np.ones((1, 3))])
    assert K.get_value(counter.count) == 1.0
    model.trainable = False
    assert model.updates == []


def test_losses_conditioned_and_unconditional():
    x = Input((3,))
    layer = Affine(2)
    y = layer(x)
    layer.add_loss(K.sum(y), inputs=x)
    layer.add_loss(K.constant(2.0))
    layer(Input((3,)))
    layer.add_loss(K.constant(5.0), inputs=layer.get_input_at(1))
    model = Network(x, y)
    values = K.function([x], model.losses)([np.ones((1, 3))])
    assert len(values) == 2
    assert 5.0 not in values and 2.0 in values


def test_stateful_and_reset_states():
    class State(Layer):
        def __init__(self, **kwargs):
            super(State, self).__init__(**kwargs)
            self.stateful = True
            self.resets = 0

        def reset_states(self):
            self.resets += 1

    x = Input((2,))
    state = State()
    model = Network(x, state(x))
    assert model.stateful
    model.reset_states()
    assert state.resets == 1
    plain = Network(x, Affine(1)(x))
    assert not plain.stateful


def test_uses_learning_phase():
    x = Input((2,))
    y = Affine(2)(x)
    assert not Network(x, y).uses_learning_phase
    y._uses_learning_phase = True
    assert Network(x, y).uses_learning_phase


def test_input_spec_of_network():
    x = Input((2,))
    net = Network(x, Affine(1)(x))
    assert net.input_spec is None
    net.input_spec = 'custom'
    assert net.input_spec == 'custom'


def test_network_multipliers_merged():
    x = Input((3,))
    d1 = Affine(2, learning_rate_multipliers=0.5)
    d2 = Affine(2, learning_rate_multipliers={'bias': 0})
    net = Network(x, d2(d1(x)))
    assert net.multipliers == {d1.kernel: 0.5, d1.bias: 0.5, d2.bias: 0.0}
    z = Input((3,))
    outer = Network(z, Affine(1)(net(z)))
    assert len(outer.multipliers) == 3


# --------------------------------------------------------------------------
# Config round trips
# --------------------------------------------------------------------------

def build_complex_model():
    a = Input((3,), name='a')
    b = Input((3,), name='b')
    shared = Affine(4, name='shared', learning_rate_multipliers={'kernel': 0})
    sa, sb = shared(a), shared(b)
    x = Input((4,), name='inner_in')
    inner = Network(x, Affine(4, name='inner_dense')(x), name='inner')
    merged = Add(name='merge')([inner(sa), sb])
    double, plus = Split(name='split')(merged)
    out = Affine(2, name='out')(plus)
    return Network([a, b], [out, double], name='complex')


def test_get_config_format():
    model = build_complex_model()
    config = model.get_config()
    assert config['name'] == 'complex'
    assert config['input_layers'] == [['a', 0, 0], ['b', 0, 0]]
    assert config['output_layers'] == [['out', 0, 0], ['split', 0, 0]]
    layers = {l['name']: l for l in config['layers']}
    assert layers['a']['inbound_nodes'] == []
    assert layers['a']['class_name'] == 'InputLayer'
    assert layers['shared']['inbound_nodes'] == [[['a', 0, 0, {}]],
                                                 [['b', 0, 0, {}]]]
    assert layers['shared']['config']['learning_rate_multipliers'] == {
        'kernel': 0.0}
    # The nested model's first call is its node 1 (node 0 is its graph).
    assert layers['merge']['inbound_nodes'] == [[['inner', 1, 0, {}],
                                                 ['shared', 1, 0, {}]]]
    assert layers['out']['inbound_nodes'] == [[['split', 0, 1, {}]]]
    assert layers['inner']['class_name'] == 'Network'
    json.dumps(config)


def test_from_config_round_trip_same_predictions():
    model = build_complex_model()
    config = model.get_config()
    clone = Network.from_config(config, custom_objects=CUSTOM)
    assert [l.name for l in clone.layers] == [l.name for l in model.layers]
    assert clone.get_config() == config
    clone.set_weights(model.get_weights())
    xa, xb = np.random.rand(4, 3), np.random.rand(4, 3)
    for want, got in zip(predict(model, [xa, xb]), predict(clone, [xa, xb])):
        np.testing.assert_allclose(got, want, rtol=1e-5)
    shared = clone.get_layer('shared')
    assert clone.multipliers == {shared.kernel: 0.0}


def test_from_config_bad_configs():
    x = Input((3,), name='x')
    config = Network(x, Affine(2, name='d')(x)).get_config()
    broken = json.loads(json.dumps(config))
    broken['layers'][1]['inbound_nodes'] = [[['x', 3, 0, {}]]]
    with pytest.raises(ValueError, match='cannot connect layers d'):
        Network.from_config(broken, custom_objects=CUSTOM)
    broken['layers'][1]['inbound_nodes'] = [[['ghost', 0, 0, {}]]]
    with pytest.raises(ValueError, match='unknown layer .ghost'):
        Network.from_config(broken, custom_objects=CUSTOM)


def test_to_json_and_yaml():
    yaml = pytest.importorskip('yaml')
    import keras
    x = Input((3,), name='x')
    model = Network(x, Affine(2, name='d', learning_rate_multipliers=0)(x))
    payload = json.loads(model.to_json())
    assert payload['class_name'] == 'Network'
    assert payload['keras_version'] == keras.__version__
    assert payload['backend'] == 'tensorflow'
    assert payload['config'] == json.loads(json.dumps(model.get_config()))
    assert payload['config']['layers'][1]['config'][
        'learning_rate_multipliers'] == 0.0
    loaded = yaml.safe_load(model.to_yaml())
    assert loaded == payload


def test_subclassed_network_tracks_layers():
    class Two(Network):
        def __init__(self):
            super(Two, self).__init__(name='two')
            self.first = Affine(3)
            self.second = Affine(2)

        def call(self, inputs):
            return self.second(self.first(inputs))

    net = Two()
    assert not net._is_graph_network and not net.built
    assert net.layers == [net.first, net.second]
    x = Input((4,))
    y = net(x)
    assert K.int_shape(y) == (None, 2) and y._keras_shape == (None, 2)
    assert len(net.trainable_weights) == 4
    with pytest.raises(NotImplementedError):
        net.get_config()

    class Forgot(Network):
        def __init__(self):
            self.layer = Affine(1)

    with pytest.raises(RuntimeError, match='forgot to call'):
        Forgot()


def test_get_source_inputs():
    a, b = Input((3,)), Input((3,))
    y = Add()([Affine(3)(a), b])
    z = Affine(1)(y)
    assert get_source_inputs(z) == [a, b]
    assert get_source_inputs(a) == [a]
    t = K.placeholder(shape=(2,))
    assert get_source_inputs(t) is t


# --------------------------------------------------------------------------
# Summary
# --------------------------------------------------------------------------

def summary_lines(model, **kwargs):
    lines = []
    model.summary(print_fn=lines.append, **kwargs)
    return lines


def test_summary_sequential_like_layout():
    x = Input((3,), name='x')
    model = Network(x, Affine(2, name='d2')(Affine(4, name='d1')(x)))
    lines = summary_lines(model)
    assert all(len(l) == 65 for l in lines if l.startswith(('_', '=')))
    assert lines[1].split() == ['Layer', '(type)', 'Output', 'Shape', 'Param', '#']
    assert lines[5].startswith('d1 (Affine)')
    assert '(None, 4)' in lines[5] and lines[5].rstrip().endswith('16')
    assert 'LR mult' not in '\n'.join(lines)
    assert 'Total params: 26' in lines and 'Trainable params: 26' in lines
    assert 'Non-trainable params: 0' in lines


def test_summary_functional_layout_with_connections():
    a, b = Input((3,), name='a'), Input((3,), name='b')
    shared = Affine(2, name='shared')
    model = Network([a, b], Add(name='add')([shared(a), shared(b)]))
    lines = summary_lines(model)
    assert all(len(l) == 98 for l in lines if l.startswith(('_', '=')))
    assert 'Connected to' in lines[1]
    text = '\n'.join(lines)
    assert 'a[0][0]' in text and 'b[0][0]' in text
    assert 'shared[0][0]' in text and 'shared[1][0]' in text
    add_row = [l for l in lines if l.startswith('add (Add)')][0]
    assert add_row.rstrip().endswith('shared[0][0]')
    assert lines[lines.index(add_row) + 1].strip() == 'shared[1][0]'


def test_summary_multiplier_column():
    x = Input((3,), name='x')
    h = Affine(4, name='d1', learning_rate_multipliers=0.1)(x)
    y = Affine(2, name='d2', learning_rate_multipliers={'kernel': 0,
                                                       'bias': 2})(h)
    model = Network(x, Affine(1, name='d3')(y))
    lines = summary_lines(model)
    assert lines[1].rstrip().endswith('LR mult')
    assert all(len(l) == 65 + 16 for l in lines if l.startswith(('_', '=')))
    row = {l.split()[0]: l for l in lines if l[:2] in ('d1', 'd2', 'd3')}
    assert row['d1'].rstrip().endswith('0.1')
    assert row['d2'].rstrip().endswith('bias:2 kernel:0')
    assert row['d3'].rstrip().endswith(' 3')  # param count, no multiplier

    outer_in = Input((3,))
    outer = Network(outer_in, model(outer_in))
    outer_lines = summary_lines(outer)
    assert any(l.startswith('network_') and l.rstrip().endswith('mixed')
               for l in outer_lines)


def test_summary_custom_positions():
    x = Input((3,), name='x')
    model = Network(x, Affine(2, name='d')(x))
    lines = summary_lines(model, line_length=40, positions=[10, 30, 40])
    assert lines[0] == '_' * 40
    assert lines[5].startswith('d (Affine (None, 2)')


def test_layer_called_on_raw_tensor_is_a_clear_error():
    x = Input((3,))
    raw = K.placeholder(shape=(None, 3))
    y = Add(name='mix')([x, raw])
    assert get_source_inputs(y) == [x, raw]
    with pytest.raises(ValueError, match='layer "mix" was called on tensor.*'
                                         'not a Keras tensor'):
        Network(x, y)


# --------------------------------------------------------------------------
# Save hooks (the h5 code itself lives in keras.engine.saving)
# --------------------------------------------------------------------------

def test_save_weights_is_atomic_and_delegates(tmp_path, monkeypatch):
    h5py = pytest.importorskip('h5py')
    from keras.engine import saving
    x = Input((3,), name='x')
    model = Network(x, Affine(2, name='d')(x))
    calls = []

    def fake_save(group, layers):
        calls.append([l.name for l in layers])
        group.attrs['layer_names'] = [l.name.encode('utf8') for l in layers]

    monkeypatch.setattr(saving, 'save_weights_to_hdf5_group', fake_save,
                        raising=False)
    path = str(tmp_path / 'w.h5')
    model.save_weights(path)
    assert calls == [['x', 'd']]
    with h5py.File(path, 'r') as f:
        names = [n.decode('utf8') if isinstance(n, bytes) else str(n)
                 for n in f.attrs['layer_names']]
        assert names == ['x', 'd']

    def crash(group, layers):
        group.attrs['partial'] = 1
        raise IOError('disk full')

    monkeypatch.setattr(saving, 'save_weights_to_hdf5_group', crash,
                        raising=False)
    with pytest.raises(IOError, match='disk full'):
        model.save_weights(path)
    with h5py.File(path, 'r') as f:  # the previous file is intact
        assert 'partial' not in f.attrs and 'layer_names' in f.attrs
    assert sorted(p.name for p in tmp_path.iterdir()) == ['w.h5']


def test_load_weights_and_save_delegate(tmp_path, monkeypatch):
    h5py = pytest.importorskip('h5py')
    from keras.engine import saving
    x = Input((3,), name='x')
    model = Network(x, Affine(2, name='d')(x))
    calls = []
    monkeypatch.setattr(
        saving, 'load_weights_from_hdf5_group',
        lambda f, layers, reshape=False: calls.append(
            ('order', f.name, len(layers), reshape)), raising=False)
    monkeypatch.setattr(
        saving, 'load_weights_from_hdf5_group_by_name',
        lambda f, layers, skip_mismatch=False, reshape=False: calls.append(
            ('name', f.name, skip_mismatch, reshape)), raising=False)
    monkeypatch.setattr(
        saving, 'save_model',
        lambda m, path, overwrite=True, include_optimizer=True: calls.append(
            ('save', m is model, overwrite, include_optimizer)), raising=False)
    weights_file = str(tmp_path / 'weights.h5')
    with h5py.File(weights_file, 'w') as f:
        f.attrs['layer_names'] = [b'x', b'd']
    model_file = str(tmp_path / 'model.h5')
    with h5py.File(model_file, 'w') as f:
        f.create_group('model_weights')
    model.load_weights(weights_file)
    model.load_weights(model_file, by_name=True, skip_mismatch=True)
    model.save(str(tmp_path / 'm.h5'), overwrite=False, include_optimizer=False)
    assert calls == [('order', '/', 2, False),
                     ('name', '/model_weights', True, False),
                     ('save', True, False, False)]


def test_keras1_model_constructor_keywords():
    x = Input((3,))
    y = Affine(2)(x)
    with pytest.warns(UserWarning, match='Keras 2 API'):
        model = Network(input=x, output=y)
    assert model.inputs == [x] and model.outputs == [y]
