"""Unit tests of keras/multipliers.py on tiny fake layers, weights and models."""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

import collections
import math

import numpy as np
import pytest

from keras import multipliers as M


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
        self._learning_rate_multipliers = M.normalize_spec(spec, name)
        self._multiplier_weights = [(w, FakeWeight('%s/%s:0' % (name, w)))
                                    for w in weights]
        self._subs = list(sublayers)

    def _multiplier_sublayers(self):
        return self._subs

    def weight(self, short_name):
        return dict(self._multiplier_weights)[short_name]

    @property
    def multipliers(self):
        return M.resolve_layer(self)


class FakeModel(object):
    def __init__(self, name, layers):
        self.name = name
        self.layers = layers
        self._is_graph_network = True
        self.calls = []

    @property
    def multipliers(self):
        return M.merge(self.layers)

    def set_learning_rate_multipliers(self, rules):
        self.calls.append(rules)
        return M.apply_rules(self, rules)


# ---------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------

@pytest.mark.parametrize('value,expected', [(0, 0.0), (1, 1.0), (0.25, 0.25),
                                            (3, 3.0), (np.float32(0.5), 0.5),
                                            (np.int64(2), 2.0)])
def test_check_value_accepts_numbers(value, expected):
    out = M.check_value(value, 'dense_1', 'W_learning_rate_multiplier')
    assert out == expected and type(out) is float


@pytest.mark.parametrize('value,error', [
    (True, TypeError), (False, TypeError), ('0.1', TypeError), ([0.1], TypeError),
    (None, TypeError), ({'kernel': 1}, TypeError), (1j, TypeError),
    (float('nan'), ValueError), (float('inf'), ValueError),
    (-float('inf'), ValueError), (-0.5, ValueError), (-1, ValueError)])
def test_check_value_rejects(value, error):
    with pytest.raises(error) as info:
        M.check_value(value, 'conv_7', 'b_learning_rate_multiplier')
    text = str(info.value)
    assert "'conv_7'" in text and 'b_learning_rate_multiplier' in text


def test_normalize_spec():
    assert M.normalize_spec(None, 'l') is None
    assert M.normalize_spec(2, 'l') == 2.0
    spec = M.normalize_spec({'kernel': 0, 'bias': 0.5}, 'l')
    assert spec == {'kernel': 0.0, 'bias': 0.5}
    assert all(type(v) is float for v in spec.values())
    assert M.normalize_spec(collections.OrderedDict([('*', 1)]), 'l') == {'*': 1.0}
    with pytest.raises(TypeError, match="'bn_1'.*weight names"):
        M.normalize_spec({1: 0.5}, 'bn_1')
    with pytest.raises(ValueError, match=r"'bn_1'.*learning_rate_multipliers\['gamma'\]"):
        M.normalize_spec({'gamma': -1}, 'bn_1')
    with pytest.raises(TypeError, match=r"'bn_1'.*learning_rate_multipliers\['beta'\]"):
        M.normalize_spec({'beta': 'x'}, 'bn_1')
    with pytest.raises(TypeError, match="'emb'.*learning_rate_multipliers"):
        M.normalize_spec([0.1, 0.2], 'emb')
    with pytest.raises(ValueError, match="'emb'"):
        M.normalize_spec(float('nan'), 'emb')


def test_combine_article_args():
    assert M.combine_article_args(None, None, None, 'd') is None
    assert M.combine_article_args(0.5, None, None, 'd') == 0.5
    assert M.combine_article_args(None, 0.1, None, 'd') == {'kernel': 0.1}
    assert M.combine_article_args(None, None, 0, 'd') == {'bias': 0.0}
    assert M.combine_article_args(None, 0.0, 2, 'd') == {'kernel': 0.0, 'bias': 2.0}
    assert M.combine_article_args(0.5, 0.1, None, 'd') == {'*': 0.5, 'kernel': 0.1}
    assert M.combine_article_args({'kernel': 0.1}, 0.1, None, 'd') == {'kernel': 0.1}
    sep = M.combine_article_args(None, 0.2, 1, 'sep',
                                 kernel_names=('depthwise_kernel', 'pointwise_kernel'))
    assert sep == {'depthwise_kernel': 0.2, 'pointwise_kernel': 0.2, 'bias': 1.0}
    with pytest.raises(ValueError, match="'d'.*W_learning_rate_multiplier.*kernel"):
        M.combine_article_args({'kernel': 0.3}, 0.1, None, 'd')
    with pytest.raises(ValueError, match="'d'.*b_learning_rate_multiplier"):
        M.combine_article_args(None, None, -2, 'd')
    with pytest.raises(TypeError, match="'d'.*W_learning_rate_multiplier"):
        M.combine_article_args(None, True, None, 'd')


def test_article_args():
    assert M.article_args(None) == (None, None)
    assert M.article_args(0.5) == (0.5, 0.5)
    assert M.article_args({'kernel': 0.0}) == (0.0, None)
    assert M.article_args({'*': 0.5, 'kernel': 0.1}) == (0.1, 0.5)
    names = ('depthwise_kernel', 'pointwise_kernel')
    assert M.article_args({'depthwise_kernel': 0.2, 'pointwise_kernel': 0.2},
                          kernel_names=names) == (0.2, None)
    assert M.article_args({'depthwise_kernel': 0.2, 'pointwise_kernel': 0.3},
                          kernel_names=names) == (None, None)
    # A zero survives the get_config -> constructor round trip.
    spec = M.combine_article_args(None, 0.0, 0.0, 'd')
    assert M.article_args(spec) == (0.0, 0.0)
    assert M.combine_article_args(spec, *M.article_args(spec), layer_name='d') == spec


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
        M.resolve_layer(layer)
    text = str(info.value)
    assert "'dense_3'" in text and "'kernal'" in text and "'kernel'" in text and "'bias'" in text
    with pytest.raises(ValueError, match='kernal'):
        M.check_layer(layer)
    M.check_layer(FakeLayer('fine', spec={'bias': 1}))
    empty = FakeLayer('pool', weights=(), spec={'kernel': 1})
    with pytest.raises(ValueError, match='no trainable weights'):
        M.resolve_layer(empty)


def test_resolve_layer_sublayers():
    cell = FakeLayer('cell', weights=('kernel', 'recurrent_kernel', 'bias'),
                     spec={'recurrent_kernel': 0.1})
    rnn = FakeLayer('lstm', weights=(), spec={'kernel': 0.5}, sublayers=[cell])
    assert rnn.multipliers == {cell.weight('kernel'): 0.5,
                               cell.weight('recurrent_kernel'): 0.1}
    assert set(M.named_weights(rnn)) == {'kernel', 'recurrent_kernel', 'bias'}
    clash = FakeLayer('lstm2', weights=(), spec={'recurrent_kernel': 0.2},
                      sublayers=[cell])
    with pytest.raises(ValueError, match="recurrent_kernel.*'cell'.*'lstm2'"):
        M.resolve_layer(clash)


def test_describe():
    assert M.describe(FakeLayer('a')) == ''
    assert M.describe(FakeLayer('a', spec=0.5)) == '0.5'
    assert M.describe(FakeLayer('a', spec={'kernel': 0, 'bias': 2})) == 'bias:2 kernel:0'


# ---------------------------------------------------------------------------
# Models
# ---------------------------------------------------------------------------

def test_merge():
    a = FakeLayer('a', spec=0.5)
    b = FakeLayer('b', spec={'bias': 0})
    c = FakeLayer('c')
    merged = M.merge([a, b, c])
    assert merged == {a.weight('kernel'): 0.5, a.weight('bias'): 0.5,
                      b.weight('bias'): 0.0}
    # A shared weight with one value is fine; with two it is an error.
    shared = FakeLayer('shared', weights=(), spec=None)
    shared._multiplier_weights = [('kernel', a.weight('kernel'))]
    shared._learning_rate_multipliers = 0.5
    M.merge([a, shared])
    shared._learning_rate_multipliers = 3.0
    with pytest.raises(ValueError, match="a/kernel:0.*0.5.*'a'.*3.0.*'shared'"):
        M.merge([a, shared])


def make_model():
    layers = [FakeLayer('conv1'), FakeLayer('conv2'), FakeLayer('bn1', ('gamma', 'beta')),
              FakeLayer('dense_head')]
    return FakeModel('net', layers)


def test_apply_rules_first_match_wins():
    model = make_model()
    rules = collections.OrderedDict([('conv1', 0.0), ('conv*', 0.1), ('*', 2)])
    assert M.apply_rules(model, rules) is model
    specs = [l._learning_rate_multipliers for l in model.layers]
    assert specs == [0.0, 0.1, 2.0, 2.0]
    # A list of pairs and per-weight dicts work too.
    M.apply_rules(model, [('bn*', {'beta': 0}), ('dense_*', {'kernel': 5})])
    assert model.layers[2]._learning_rate_multipliers == {'beta': 0.0}
    assert model.layers[3]._learning_rate_multipliers == {'kernel': 5.0}
    assert model.layers[0]._learning_rate_multipliers == 0.0  # untouched
    assert model.multipliers[model.layers[2].weight('beta')] == 0.0


def test_apply_rules_errors_change_nothing():
    model = make_model()
    M.apply_rules(model, {'conv*': 0.5})
    with pytest.raises(ValueError) as info:
        M.apply_rules(model, collections.OrderedDict([('conv1', 1), ('decoder*', 2)]))
    assert "'decoder*'" in str(info.value) and 'conv1, conv2' in str(info.value)
    with pytest.raises(ValueError, match="'conv2'.*earlier pattern"):
        M.apply_rules(model, collections.OrderedDict([('conv*', 1), ('conv2', 2)]))
    with pytest.raises(ValueError, match="'dense_head'"):
        M.apply_rules(model, {'conv1': 1, 'dense_head': -1})
    with pytest.raises(ValueError, match="'dense_head'.*'gamma'"):
        M.apply_rules(model, collections.OrderedDict([('conv1', 3), ('dense*', {'gamma': 1})]))
    with pytest.raises(TypeError, match='glob patterns'):
        M.apply_rules(model, {1: 0.5})
    assert [l._learning_rate_multipliers for l in model.layers] == [0.5, 0.5, None, None]


def test_apply_rules_callable_and_nested():
    inner = FakeModel('backbone', [FakeLayer('block1'), FakeLayer('block2')])
    model = FakeModel('outer', [inner, FakeLayer('head')])
    assert [p for p, _ in M.leaf_layers(model)] == ['backbone/block1', 'backbone/block2', 'head']
    M.apply_rules(model, lambda layer: 0.0 if layer.name.startswith('block') else None)
    assert [l._learning_rate_multipliers for l in inner.layers] == [0.0, 0.0]
    assert model.layers[1]._learning_rate_multipliers is None
    M.apply_rules(model, collections.OrderedDict([('backbone/block2', 0.3), ('*', 1)]))
    assert inner.layers[1]._learning_rate_multipliers == 0.3
    assert inner.layers[0]._learning_rate_multipliers == 1.0
    with pytest.raises(ValueError, match="'block1'"):
        M.apply_rules(model, lambda layer: -1)
    # A pattern naming the nested model applies to every layer inside it.
    M.apply_rules(model, collections.OrderedDict([('backbone/block1', 0), ('backbone', 0.1),
                                                  ('head', 2)]))
    assert [l._learning_rate_multipliers for l in inner.layers] == [0.0, 0.1]
    assert model.layers[1]._learning_rate_multipliers == 2.0
    with pytest.raises(ValueError, match="'backbone'.*earlier pattern"):
        M.apply_rules(model, collections.OrderedDict([('*', 1), ('backbone', 0.1)]))


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

    assert M.check_optimizer(Old(), None) is False
    assert M.check_optimizer(Old(), {FakeWeight('k'): 1.0}) is False
    with pytest.raises(ValueError, match="Old.*'k'|Old.*k"):
        M.check_optimizer(Old(), {FakeWeight('k'): 0.5})
    assert M.check_optimizer(New(), {FakeWeight('k'): 0.5}) is True
    # **kwargs alone could drop the multipliers silently: refused, unless the
    # class states that it applies them.
    assert M.check_optimizer(Anything(), {FakeWeight('k'): 1.0}) is False
    with pytest.raises(ValueError, match="Anything.*'k'.*applies_multipliers|Anything.*k"):
        M.check_optimizer(Anything(), {FakeWeight('k'): 0.0})
    assert M.check_optimizer(Stated(), {FakeWeight('k'): 0.0}) is True


def test_signature():
    a = FakeLayer('a', spec=0.5)
    weights = [a.weight('kernel'), a.weight('bias')]
    s1 = M.signature(weights, a.multipliers)
    assert s1 == M.signature(weights, a.multipliers)
    a._learning_rate_multipliers = {'kernel': 0.5}
    assert M.signature(weights, a.multipliers) != s1
    assert M.signature(weights[:1], {}) != M.signature(weights, {})


def test_split_params_and_scale():
    w = [FakeWeight('same'), FakeWeight('same'), FakeWeight('x'), FakeWeight('y')]
    params, mults = M.split_params(w, {w[0]: 0, w[1]: 0.5, w[2]: 1})
    assert params == [w[1], w[2], w[3]]  # identity, not name
    assert mults == [0.5, None, None]
    assert M.split_params(w, None) == (w, [None] * 4)
    with pytest.raises(ValueError, match="'same'"):
        M.split_params(w, {w[1]: -1})
    lr = 0.25
    assert M.scale(lr, None) is lr
    assert M.scale(lr, 3.0) == 0.75


# ---------------------------------------------------------------------------
# Fine-tuning helpers
# ---------------------------------------------------------------------------

def test_geometric_spread():
    low, high, n = 1e-3, 1e-1, 5
    got = M.geometric_spread(low, high, n)
    expected = [low * (high / low) ** (i / (n - 1)) for i in range(n)]
    np.testing.assert_allclose(got, expected, rtol=1e-12)
    np.testing.assert_allclose(got, [1e-3, 10 ** -2.5, 1e-2, 10 ** -1.5, 1e-1], rtol=1e-12)
    assert math.isclose(got[1] / got[0], got[4] / got[3])
    assert M.geometric_spread(0.1, 1, 1) == [1.0]
    assert M.geometric_spread(2, 0.5, 3) == pytest.approx([2, 1, 0.5])
    for bad in (0, -1, 2.5, True):
        with pytest.raises(ValueError, match='n must be'):
            M.geometric_spread(0.1, 1, bad)
    with pytest.raises(ValueError, match='> 0'):
        M.geometric_spread(0, 1, 3)
    with pytest.raises(ValueError, match='high'):
        M.geometric_spread(0.1, -1, 3)


def test_spread_rules():
    rules = M.spread_rules(['conv1*', ['conv2*', 'bn2*'], 'dense*'], 0.01, 1.0)
    assert list(rules) == ['conv1*', 'conv2*', 'bn2*', 'dense*']
    assert list(rules.values()) == pytest.approx([0.01, 0.1, 0.1, 1.0])
    model = FakeModel('m', [FakeLayer('conv1_a'), FakeLayer('conv2_a'),
                            FakeLayer('bn2_a', ('gamma',)), FakeLayer('dense_1')])
    M.apply_rules(model, rules)
    assert [l._learning_rate_multipliers for l in model.layers] == pytest.approx(
        [0.01, 0.1, 0.1, 1.0])


def test_gradual_unfreezing_schedule():
    model = FakeModel('m', [FakeLayer('emb'), FakeLayer('rnn1'), FakeLayer('rnn2'),
                            FakeLayer('head')])
    cb = M.GradualUnfreezing([['emb'], 'rnn1', 'rnn2', 'head'],
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
        M.GradualUnfreezing(['a', 'b', 'c'], multipliers=[1, 2])
    with pytest.raises(ValueError, match='epochs_per_stage'):
        M.GradualUnfreezing(['a'], epochs_per_stage=0)
    with pytest.raises(ValueError, match='GradualUnfreezing'):
        M.GradualUnfreezing(['a'], multipliers=-1)


def test_multiplier_scheduler():
    model = FakeModel('m', [FakeLayer('backbone'), FakeLayer('head')])
    cb = M.MultiplierScheduler({0: {'backbone': 0}, 3: {'backbone': 0.1}})
    cb.model = model
    for epoch in range(5):
        cb.on_epoch_begin(epoch)
        if epoch < 3:
            assert model.layers[0]._learning_rate_multipliers == 0.0
    assert model.layers[0]._learning_rate_multipliers == 0.1
    assert len(model.calls) == 2
    warm = M.MultiplierScheduler(lambda epoch, m: {'backbone': min(1.0, 0.25 * epoch)})
    warm.model = model
    warm.on_epoch_begin(2)
    assert model.layers[0]._learning_rate_multipliers == 0.5
    assert model.layers[1]._learning_rate_multipliers is None
