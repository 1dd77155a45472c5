"""Unit tests of keras/multipliers.py on tiny fake layers, weights and models."""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

import collections
import math
import warnings

import numpy as np
import pytest

from keras import callbacks
from keras import multipliers as multipliers_lib


class FakeWeight(object):
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return 'FakeWeight(%r)' % self.name


class FakeLayer(object):
    """Just what multipliers.py reads from a layer."""

    def __init__(self, name, weights=('kernel', 'bias'), spec=None, sublayers=()):
        self.name = name
        self.built = True
        self._learning_rate_multipliers = multipliers_lib.normalize_spec(spec, name)
        self._multiplier_weights = [(w, FakeWeight('%s/%s:0' % (name, w)))
                                    for w in weights]
        self._subs = list(sublayers)

    def _multiplier_sublayers(self):
        return self._subs

    def weight(self, short_name):
        return dict(self._multiplier_weights)[short_name]

    @property
    def multipliers(self):
        return multipliers_lib.resolve_layer(self)


class FakeModel(object):
    def __init__(self, name, layers):
        self.name = name
        self.layers = layers
        self._is_graph_network = True
        self.calls = []

    @property
    def multipliers(self):
        return multipliers_lib.merge(self.layers)

    def set_learning_rate_multipliers(self, rules):
        self.calls.append(rules)
        return multipliers_lib.apply_rules(self, rules)


# ---------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------

@pytest.mark.parametrize('value,expected', [(0, 0.0), (1, 1.0), (0.25, 0.25),
                                            (3, 3.0), (np.float32(0.5), 0.5),
                                            (np.int64(2), 2.0)])
def test_check_value_accepts_numbers(value, expected):
    out = multipliers_lib.check_value(value, 'dense_1', 'W_learning_rate_multiplier')
    assert out == expected and type(out) is float


@pytest.mark.parametrize('value,error', [
    (True, TypeError), (False, TypeError), ('0.1', TypeError), ([0.1], TypeError),
    (None, TypeError), ({'kernel': 1}, TypeError), (1j, TypeError),
    (float('nan'), ValueError), (float('inf'), ValueError),
    (-float('inf'), ValueError), (-0.5, ValueError), (-1, ValueError)])
def test_check_value_rejects(value, error):
    with pytest.raises(error) as info:
        multipliers_lib.check_value(value, 'conv_7', 'b_learning_rate_multiplier')
    text = str(info.value)
    assert "'conv_7'" in text and 'b_learning_rate_multiplier' in text


def test_normalize_spec():
    assert multipliers_lib.normalize_spec(None, 'l') is None
    assert multipliers_lib.normalize_spec(2, 'l') == 2.0
    spec = multipliers_lib.normalize_spec({'kernel': 0, 'bias': 0.5}, 'l')
    assert spec == {'kernel': 0.0, 'bias': 0.5}
    assert all(type(v) is float for v in spec.values())
    assert multipliers_lib.normalize_spec(collections.OrderedDict([('*', 1)]), 'l') == {'*': 1.0}
    with pytest.raises(TypeError, match="'bn_1'.*weight names"):
        multipliers_lib.normalize_spec({1: 0.5}, 'bn_1')
    with pytest.raises(ValueError, match=r"'bn_1'.*learning_rate_multipliers\['gamma'\]"):
        multipliers_lib.normalize_spec({'gamma': -1}, 'bn_1')
    with pytest.raises(TypeError, match=r"'bn_1'.*learning_rate_multipliers\['beta'\]"):
        multipliers_lib.normalize_spec({'beta': 'x'}, 'bn_1')
    with pytest.raises(TypeError, match="'emb'.*learning_rate_multipliers"):
        multipliers_lib.normalize_spec([0.1, 0.2], 'emb')
    with pytest.raises(ValueError, match="'emb'"):
        multipliers_lib.normalize_spec(float('nan'), 'emb')


class Named(object):
    """A layer under construction, as `layer_spec` sees it."""

    def __init__(self, name, bias_flag=None):
        self.name = name
        if bias_flag:
            self._wb_bias_flag = bias_flag


KERNEL_BIAS = (('kernel',), ('bias',))


def test_layer_spec_folds_wb_arguments():
    def spec(*args, **kwargs):
        kwargs.setdefault('wb_names', KERNEL_BIAS)
        return multipliers_lib.layer_spec(Named('d'), *args, **kwargs)
    assert spec(None) is None
    assert spec(0.5) == 0.5
    assert spec(None, 0.1) == {'kernel': 0.1}
    assert spec(None, None, 0) == {'bias': 0.0}
    assert spec(None, 0.0, 2) == {'kernel': 0.0, 'bias': 2.0}
    assert spec(0.5, 0.1) == {'*': 0.5, 'kernel': 0.1}
    assert spec({'kernel': 0.1}, 0.1) == {'kernel': 0.1}
    sep = spec(None, 0.2, 1, wb_names=(('depthwise_kernel', 'pointwise_kernel'),
                                       ('bias',)))
    assert sep == {'depthwise_kernel': 0.2, 'pointwise_kernel': 0.2, 'bias': 1.0}
    # A layer that does not take the W/b arguments only normalizes its spec.
    assert spec({'gamma': 1}, wb_names=None) == {'gamma': 1.0}
    with pytest.raises(ValueError, match="'d'.*W_learning_rate_multiplier.*kernel"):
        spec({'kernel': 0.3}, 0.1)
    with pytest.raises(ValueError, match="'d'.*b_learning_rate_multiplier"):
        spec(None, None, -2)
    with pytest.raises(TypeError, match="'d'.*W_learning_rate_multiplier"):
        spec(None, True)


def test_layer_spec_normalizes_once(monkeypatch):
    calls = []
    original = multipliers_lib.normalize_spec

    def counting(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)
    monkeypatch.setattr(multipliers_lib, 'normalize_spec', counting)
    out = multipliers_lib.layer_spec(Named('d'), {'kernel': 1, 'bias': 0}, 1, 0,
                                     KERNEL_BIAS)
    assert out == {'kernel': 1.0, 'bias': 0.0}
    assert len(calls) == 1


def test_wb_values():
    assert multipliers_lib.wb_values(None, *KERNEL_BIAS) == (None, None)
    assert multipliers_lib.wb_values(0.5, *KERNEL_BIAS) == (0.5, 0.5)
    assert multipliers_lib.wb_values({'kernel': 0.0}, *KERNEL_BIAS) == (0.0, None)
    assert multipliers_lib.wb_values({'*': 0.5, 'kernel': 0.1},
                                     *KERNEL_BIAS) == (0.1, 0.5)
    names = ('depthwise_kernel', 'pointwise_kernel')
    assert multipliers_lib.wb_values({'depthwise_kernel': 0.2, 'pointwise_kernel': 0.2},
                                     names, ('bias',)) == (0.2, None)
    assert multipliers_lib.wb_values({'depthwise_kernel': 0.2, 'pointwise_kernel': 0.3},
                                     names, ('bias',)) == (None, None)
    # A zero survives the get_config -> constructor round trip.
    spec = multipliers_lib.layer_spec(Named('d'), None, 0.0, 0.0, KERNEL_BIAS)
    assert multipliers_lib.wb_values(spec, *KERNEL_BIAS) == (0.0, 0.0)
    values = multipliers_lib.wb_values(spec, *KERNEL_BIAS)
    assert multipliers_lib.layer_spec(Named('d'), spec, *values,
                                      wb_names=KERNEL_BIAS) == spec


def test_b_multiplier_without_bias_warns_once_and_is_ignored():
    with pytest.warns(UserWarning) as record:
        out = multipliers_lib.layer_spec(Named('d'), None, 0.5, 0.1,
                                         (('kernel',), ()))
    assert out == {'kernel': 0.5}
    assert len(record) == 1
    assert str(record[0].message) == (
        "Layer 'd' (Named) has no bias weight (use_bias=False), so its "
        "b_learning_rate_multiplier=0.1 is ignored.")
    with pytest.warns(UserWarning, match=r"'h' \(Named\) has no bias weight "
                                         r"\(bias=False\)"):
        multipliers_lib.layer_spec(Named('h', 'bias'), None, None, 0,
                                   (('W', 'W_carry'), ()))
    # What a config of a bias-less layer holds (the number spec implies b):
    # no warning, the number is kept.
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        assert multipliers_lib.layer_spec(Named('d'), 0.5, 0.5, 0.5,
                                          (('kernel',), ())) == 0.5


# ---------------------------------------------------------------------------
# Layers
# ---------------------------------------------------------------------------

def test_resolve_layer_number_and_dict():
    layer = FakeLayer('dense_1', spec=0.5)
    assert layer.multipliers == {layer.weight('kernel'): 0.5, layer.weight('bias'): 0.5}
    layer = FakeLayer('dense_2', spec={'kernel': 0.0})
    assert layer.multipliers == {layer.weight('kernel'): 0.0}
    layer = FakeLayer('bn', weights=('gamma', 'beta'), spec={'*': 2, 'beta': 0.1})
    assert layer.multipliers == {layer.weight('gamma'): 2.0, layer.weight('beta'): 0.1}
    assert FakeLayer('plain').multipliers == {}


def test_resolve_layer_unknown_weight_name():
    layer = FakeLayer('dense_3', spec={'kernal': 0.1})
    with pytest.raises(ValueError) as info:
        multipliers_lib.resolve_layer(layer)
    text = str(info.value)
    assert "'dense_3'" in text and "'kernal'" in text and "'kernel'" in text and "'bias'" in text
    with pytest.raises(ValueError, match='kernal'):
        multipliers_lib.check_layer(layer)
    multipliers_lib.check_layer(FakeLayer('fine', spec={'bias': 1}))
    empty = FakeLayer('pool', weights=(), spec={'kernel': 1})
    with pytest.raises(ValueError, match='no trainable weights'):
        multipliers_lib.resolve_layer(empty)


def test_resolve_layer_sublayers():
    cell = FakeLayer('cell', weights=('kernel', 'recurrent_kernel', 'bias'),
                     spec={'recurrent_kernel': 0.1})
    rnn = FakeLayer('lstm', weights=(), spec={'kernel': 0.5}, sublayers=[cell])
    assert rnn.multipliers == {cell.weight('kernel'): 0.5,
                               cell.weight('recurrent_kernel'): 0.1}
    assert set(multipliers_lib.named_weights(rnn)) == {'kernel', 'recurrent_kernel', 'bias'}
    clash = FakeLayer('lstm2', weights=(), spec={'recurrent_kernel': 0.2},
                      sublayers=[cell])
    with pytest.raises(ValueError, match="recurrent_kernel.*'cell'.*'lstm2'"):
        multipliers_lib.resolve_layer(clash)


def test_describe():
    assert multipliers_lib.describe(FakeLayer('a')) == ''
    assert multipliers_lib.describe(FakeLayer('a', spec=0.5)) == '0.5'
    assert multipliers_lib.describe(FakeLayer('a', spec={'kernel': 0, 'bias': 2})) == 'bias:2 kernel:0'


# ---------------------------------------------------------------------------
# Models
# ---------------------------------------------------------------------------

def test_merge():
    a = FakeLayer('a', spec=0.5)
    b = FakeLayer('b', spec={'bias': 0})
    c = FakeLayer('c')
    merged = multipliers_lib.merge([a, b, c])
    assert merged == {a.weight('kernel'): 0.5, a.weight('bias'): 0.5,
                      b.weight('bias'): 0.0}
    # A shared weight with one value is fine; with two it is an error.
    shared = FakeLayer('shared', weights=(), spec=None)
    shared._multiplier_weights = [('kernel', a.weight('kernel'))]
    shared._learning_rate_multipliers = 0.5
    multipliers_lib.merge([a, shared])
    shared._learning_rate_multipliers = 3.0
    with pytest.raises(ValueError, match="a/kernel:0.*0.5.*'a'.*3.0.*'shared'"):
        multipliers_lib.merge([a, shared])


def make_model():
    layers = [FakeLayer('conv1'), FakeLayer('conv2'), FakeLayer('bn1', ('gamma', 'beta')),
              FakeLayer('dense_head')]
    return FakeModel('net', layers)


def test_apply_rules_first_match_wins():
    model = make_model()
    rules = collections.OrderedDict([('conv1', 0.0), ('conv*', 0.1), ('*', 2)])
    assert multipliers_lib.apply_rules(model, rules) is model
    specs = [l._learning_rate_multipliers for l in model.layers]
    assert specs == [0.0, 0.1, 2.0, 2.0]
    # A list of pairs and per-weight dicts work too.
    multipliers_lib.apply_rules(model, [('bn*', {'beta': 0}), ('dense_*', {'kernel': 5})])
    assert model.layers[2]._learning_rate_multipliers == {'beta': 0.0}
    assert model.layers[3]._learning_rate_multipliers == {'kernel': 5.0}
    assert model.layers[0]._learning_rate_multipliers == 0.0  # untouched
    assert model.multipliers[model.layers[2].weight('beta')] == 0.0


def test_apply_rules_errors_change_nothing():
    model = make_model()
    multipliers_lib.apply_rules(model, {'conv*': 0.5})
    with pytest.raises(ValueError) as info:
        multipliers_lib.apply_rules(model, collections.OrderedDict([('conv1', 1), ('decoder*', 2)]))
    assert "'decoder*'" in str(info.value) and 'conv1, conv2' in str(info.value)
    with pytest.raises(ValueError, match="'conv2'.*earlier pattern"):
        multipliers_lib.apply_rules(model, collections.OrderedDict([('conv*', 1), ('conv2', 2)]))
    with pytest.raises(ValueError, match="'dense_head'"):
        multipliers_lib.apply_rules(model, {'conv1': 1, 'dense_head': -1})
    with pytest.raises(ValueError, match="'dense_head'.*'gamma'"):
        multipliers_lib.apply_rules(model, collections.OrderedDict([('conv1', 3), ('dense*', {'gamma': 1})]))
    with pytest.raises(TypeError, match='glob patterns'):
        multipliers_lib.apply_rules(model, {1: 0.5})
    assert [l._learning_rate_multipliers for l in model.layers] == [0.5, 0.5, None, None]


def test_apply_rules_number_applies_to_every_layer():
    inner = FakeModel('inner', [FakeLayer('block1'), FakeLayer('block2')])
    model = FakeModel('net', [FakeLayer('conv1', spec={'kernel': 3}), inner,
                              FakeLayer('bn1', ('gamma', 'beta'))])
    multipliers_lib.apply_rules(model, 0.25)
    leaves = [model.layers[0]] + inner.layers + [model.layers[2]]
    assert [l._learning_rate_multipliers for l in leaves] == [0.25] * 4
    weights = [w for l in leaves for _, w in l._multiplier_weights]
    assert model.multipliers == dict((w, 0.25) for w in weights)
    multipliers_lib.apply_rules(model, 0)  # ints are numbers too: all frozen
    assert set(model.multipliers.values()) == {0.0}
    with pytest.raises(ValueError, match="'net'.*>= 0"):
        multipliers_lib.apply_rules(model, -1.0)
    with pytest.raises(TypeError, match='bool'):
        multipliers_lib.apply_rules(model, True)
    assert set(model.multipliers.values()) == {0.0}


@pytest.mark.parametrize('rules', [None, 'conv*', b'conv1', {'conv1', 'conv2'},
                                   ['conv1', 'conv2'], object()])
def test_apply_rules_rejects_other_types(rules):
    model = make_model()
    with pytest.raises(TypeError) as info:
        multipliers_lib.apply_rules(model, rules)
    text = str(info.value)
    assert text.startswith('set_learning_rate_multipliers: ')
    for accepted in ('a number', 'dict or OrderedDict', '(pattern, value) pairs',
                     'callable'):
        assert accepted in text
    assert [l._learning_rate_multipliers for l in model.layers] == [None] * 4


def test_apply_rules_callable_and_nested():
    inner = FakeModel('backbone', [FakeLayer('block1'), FakeLayer('block2')])
    model = FakeModel('outer', [inner, FakeLayer('head')])
    assert [p for p, _ in multipliers_lib.leaf_layers(model)] == ['backbone/block1', 'backbone/block2', 'head']
    multipliers_lib.apply_rules(model, lambda layer: 0.0 if layer.name.startswith('block') else None)
    assert [l._learning_rate_multipliers for l in inner.layers] == [0.0, 0.0]
    assert model.layers[1]._learning_rate_multipliers is None
    multipliers_lib.apply_rules(model, collections.OrderedDict([('backbone/block2', 0.3), ('*', 1)]))
    assert inner.layers[1]._learning_rate_multipliers == 0.3
    assert inner.layers[0]._learning_rate_multipliers == 1.0
    with pytest.raises(ValueError, match="'block1'"):
        multipliers_lib.apply_rules(model, lambda layer: -1)
    # A pattern naming the nested model applies to every layer inside it.
    multipliers_lib.apply_rules(model, collections.OrderedDict([('backbone/block1', 0), ('backbone', 0.1),
                                                  ('head', 2)]))
    assert [l._learning_rate_multipliers for l in inner.layers] == [0.0, 0.1]
    assert model.layers[1]._learning_rate_multipliers == 2.0
    with pytest.raises(ValueError, match="'backbone'.*earlier pattern"):
        multipliers_lib.apply_rules(model, collections.OrderedDict([('*', 1), ('backbone', 0.1)]))


def test_check_optimizer_without_multipliers():
    class Old(object):
        def get_updates(self, loss, params):
            return []

    class New(object):
        def get_updates(self, loss, params, multipliers=None):
            return []

    class Anything(object):
        def get_updates(self, loss, params, **kwargs):
            return []

    class Stated(object):
        applies_multipliers = True

        def get_updates(self, loss, params, **kwargs):
            return []

    assert multipliers_lib.check_optimizer(Old(), None) is False
    assert multipliers_lib.check_optimizer(Old(), {FakeWeight('k'): 1.0}) is False
    with pytest.raises(ValueError, match="Old.*'k'|Old.*k"):
        multipliers_lib.check_optimizer(Old(), {FakeWeight('k'): 0.5})
    assert multipliers_lib.check_optimizer(New(), {FakeWeight('k'): 0.5}) is True
    # **kwargs alone could drop the multipliers silently: refused, unless the
    # class states that it applies them.
    assert multipliers_lib.check_optimizer(Anything(), {FakeWeight('k'): 1.0}) is False
    with pytest.raises(ValueError, match="Anything.*'k'.*applies_multipliers|Anything.*k"):
        multipliers_lib.check_optimizer(Anything(), {FakeWeight('k'): 0.0})
    assert multipliers_lib.check_optimizer(Stated(), {FakeWeight('k'): 0.0}) is True


def test_signature():
    a = FakeLayer('a', spec=0.5)
    weights = [a.weight('kernel'), a.weight('bias')]
    s1 = multipliers_lib.signature(weights, a.multipliers)
    assert s1 == multipliers_lib.signature(weights, a.multipliers)
    a._learning_rate_multipliers = {'kernel': 0.5}
    assert multipliers_lib.signature(weights, a.multipliers) != s1
    assert multipliers_lib.signature(weights[:1], {}) != multipliers_lib.signature(weights, {})


def test_split_params_and_scale():
    w = [FakeWeight('same'), FakeWeight('same'), FakeWeight('x'), FakeWeight('y')]
    params, mults = multipliers_lib.split_params(w, {w[0]: 0, w[1]: 0.5, w[2]: 1})
    assert params == [w[1], w[2], w[3]]  # identity, not name
    assert mults == [0.5, None, None]
    assert multipliers_lib.split_params(w, None) == (w, [None] * 4)
    with pytest.raises(ValueError, match="'same'"):
        multipliers_lib.split_params(w, {w[1]: -1})
    lr = 0.25
    assert multipliers_lib.scale(lr, None) is lr
    assert multipliers_lib.scale(lr, 3.0) == 0.75


# ---------------------------------------------------------------------------
# Fine-tuning helpers
# ---------------------------------------------------------------------------

def test_geometric_spread():
    low, high, n = 1e-3, 1e-1, 5
    got = multipliers_lib.geometric_spread(low, high, n)
    expected = [low * (high / low) ** (i / (n - 1)) for i in range(n)]
    np.testing.assert_allclose(got, expected, rtol=1e-12)
    np.testing.assert_allclose(got, [1e-3, 10 ** -2.5, 1e-2, 10 ** -1.5, 1e-1], rtol=1e-12)
    assert math.isclose(got[1] / got[0], got[4] / got[3])
    assert multipliers_lib.geometric_spread(0.1, 1, 1) == [1.0]
    assert multipliers_lib.geometric_spread(2, 0.5, 3) == pytest.approx([2, 1, 0.5])
    for bad in (0, -1, 2.5, True):
        with pytest.raises(ValueError, match='n must be'):
            multipliers_lib.geometric_spread(0.1, 1, bad)
    with pytest.raises(ValueError, match='> 0'):
        multipliers_lib.geometric_spread(0, 1, 3)
    with pytest.raises(ValueError, match='high'):
        multipliers_lib.geometric_spread(0.1, -1, 3)


def test_spread_rules():
    rules = multipliers_lib.spread_rules(['conv1*', ['conv2*', 'bn2*'], 'dense*'], 0.01, 1.0)
    assert list(rules) == ['conv1*', 'conv2*', 'bn2*', 'dense*']
    assert list(rules.values()) == pytest.approx([0.01, 0.1, 0.1, 1.0])
    model = FakeModel('m', [FakeLayer('conv1_a'), FakeLayer('conv2_a'),
                            FakeLayer('bn2_a', ('gamma',)), FakeLayer('dense_1')])
    multipliers_lib.apply_rules(model, rules)
    assert [l._learning_rate_multipliers for l in model.layers] == pytest.approx(
        [0.01, 0.1, 0.1, 1.0])


def test_gradual_unfreezing_schedule():
    model = FakeModel('m', [FakeLayer('emb'), FakeLayer('rnn1'), FakeLayer('rnn2'),
                            FakeLayer('head')])
    cb = callbacks.GradualUnfreezing([['emb'], 'rnn1', 'rnn2', 'head'],
                             multipliers=[0.1, 0.2, 0.5, 1.0], epochs_per_stage=2)
    cb.set_model(model) if hasattr(cb, 'set_model') else setattr(cb, 'model', model)
    seen = []
    for epoch in range(9):
        cb.on_epoch_begin(epoch)
        seen.append([l._learning_rate_multipliers for l in model.layers])
    assert seen[0] == [0.0, 0.0, 0.0, 1.0]
    assert seen[1] == seen[0]
    assert seen[2] == [0.0, 0.0, 0.5, 1.0]
    assert seen[4] == [0.0, 0.2, 0.5, 1.0]
    assert seen[6] == seen[8] == [0.1, 0.2, 0.5, 1.0]
    # Multipliers change only at stage boundaries.
    assert len(model.calls) == 5
    with pytest.raises(ValueError, match='2 multipliers for 3 groups'):
        callbacks.GradualUnfreezing(['a', 'b', 'c'], multipliers=[1, 2])
    with pytest.raises(ValueError, match='epochs_per_stage'):
        callbacks.GradualUnfreezing(['a'], epochs_per_stage=0)
    with pytest.raises(ValueError, match='GradualUnfreezing'):
        callbacks.GradualUnfreezing(['a'], multipliers=-1)


def test_multiplier_scheduler():
    model = FakeModel('m', [FakeLayer('backbone'), FakeLayer('head')])
    cb = callbacks.MultiplierScheduler({0: {'backbone': 0}, 3: {'backbone': 0.1}})
    cb.model = model
    for epoch in range(5):
        cb.on_epoch_begin(epoch)
        if epoch < 3:
            assert model.layers[0]._learning_rate_multipliers == 0.0
    assert model.layers[0]._learning_rate_multipliers == 0.1
    assert len(model.calls) == 2
    warm = callbacks.MultiplierScheduler(lambda epoch, m: {'backbone': min(1.0, 0.25 * epoch)})
    warm.model = model
    warm.on_epoch_begin(2)
    assert model.layers[0]._learning_rate_multipliers == 0.5
    assert model.layers[1]._learning_rate_multipliers is None


def test_multiplier_scheduler_applies_a_number_zero_included():
    # A schedule may give one number for every layer; 0 (freeze all) is a
    # rule like any other, not "no change".
    from keras.layers import Dense, Input
    from keras.models import Model
    inp = Input((3,))
    model = Model(inp, Dense(2, name='head')(Dense(4, name='body')(inp)))
    model.compile('sgd', 'mse')
    x = np.random.RandomState(0).rand(8, 3).astype('float32')
    y = np.zeros((8, 2), dtype='float32')
    seen = []

    class Record(callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            seen.append(sorted(set(self.model.multipliers.values())))

    before = model.get_weights()
    model.fit(x, y, epochs=3, verbose=0, shuffle=False,
              callbacks=[callbacks.MultiplierScheduler({0: 0, 1: {}, 2: 0.5}),
                         Record()])
    assert seen == [[0.0], [0.0], [0.5]]
    after = model.get_weights()
    assert any(not np.array_equal(a, b) for a, b in zip(before, after))
    model.fit(x, y, epochs=1, verbose=0,
              callbacks=[callbacks.MultiplierScheduler(lambda e, m: 0)])
    for a, b in zip(after, model.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_multiplier_scheduler_checks_its_schedule():
    with pytest.raises(TypeError) as info:
        callbacks.MultiplierScheduler(42)
    assert str(info.value) == (
        'MultiplierScheduler: `schedule` must be a function (epoch, model) -> '
        'rules, or a dict {epoch: rules}; got 42 (of type int).')
    with pytest.raises(TypeError, match='dict.*got None'):
        callbacks.MultiplierScheduler(None)
    with pytest.raises(TypeError, match=r"epoch numbers.*got '1', -1, 1\.5"):
        callbacks.MultiplierScheduler({'1': {'a': 0}, -1: {'a': 0}, 1.5: {}, 2: {}})
    callbacks.MultiplierScheduler(collections.OrderedDict([(0, {'a': 0})]))
    callbacks.MultiplierScheduler(lambda epoch, model: None)


def test_callbacks_still_importable_from_multipliers():
    assert multipliers_lib.MultiplierScheduler is callbacks.MultiplierScheduler
    assert multipliers_lib.GradualUnfreezing is callbacks.GradualUnfreezing
    from keras.multipliers import GradualUnfreezing  # noqa: F401
    assert 'GradualUnfreezing' in dir(multipliers_lib)
    with pytest.raises(AttributeError, match='no attribute .set_article_multipliers'):
        multipliers_lib.set_article_multipliers
