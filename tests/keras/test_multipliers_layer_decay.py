"""Tests of keras.multipliers.layer_decay (layer-wise learning-rate decay
by depth) and Model.effective_learning_rates."""
import collections

import numpy as np
import pytest

from keras import backend as K
from keras import multipliers as multipliers_lib
from keras import optimizers
from keras.layers import Activation
from keras.layers import BatchNormalization
from keras.layers import Concatenate
from keras.layers import Dense
from keras.layers import Dropout
from keras.layers import Input
from keras.models import Model
from keras.models import Sequential


# ---------------------------------------------------------------------------
# layer_decay
# ---------------------------------------------------------------------------

def test_sequential_depths_skip_unweighted_layers():
    model = Sequential([Dense(4, input_shape=(3,), name='d1'),
                        Activation('relu', name='act'),
                        Dense(4, name='d2'),
                        Dropout(0.5, name='drop'),
                        Dense(2, name='head')])
    rules = multipliers_lib.layer_decay(model, decay=0.5)
    assert isinstance(rules, collections.OrderedDict)
    assert list(rules.items()) == [('d1', 0.25), ('d2', 0.5), ('head', 1.0)]
    # The rules apply as they are.
    model.set_learning_rate_multipliers(rules)
    mults = model.multipliers
    assert mults[model.get_layer('d1').kernel] == 0.25
    assert mults[model.get_layer('d2').bias] == 0.5
    assert mults[model.get_layer('head').kernel] == 1.0


def test_branching_functional_model_takes_the_longest_path():
    """   x -> a -> b -> c --+-> concat -> head1
              |             |
              +-> s --------+
              +-> bn -> head2 (second output)
    """
    x = Input((3,))
    a = Dense(4, name='a')(x)
    b = Dense(4, name='b')(a)
    c = Dense(4, name='c')(b)
    s = Dense(4, name='s')(a)
    head1 = Dense(1, name='head1')(Concatenate(name='cat')([c, s]))
    head2 = Dense(1, name='head2')(BatchNormalization(name='bn')(a))
    model = Model(x, [head1, head2])
    rules = multipliers_lib.layer_decay(model, decay=0.8)
    # a: longest path a -> b -> c -> head1 has 3 weighted layers after it.
    expected = {'a': 0.8 ** 3, 'b': 0.8 ** 2, 'c': 0.8, 's': 0.8,
                'head1': 1.0, 'bn': 0.8, 'head2': 1.0}
    assert set(rules) == set(expected)
    for name, value in expected.items():
        assert rules[name] == pytest.approx(value), name
    # Input side first: the model's layer order.
    order = [l.name for l in model.layers if l.name in rules]
    assert list(rules) == order


def test_nested_model_counts_its_leaf_layers_with_paths():
    inner_in = Input((4,))
    h = Dense(4, name='inner_1')(inner_in)
    h = Activation('tanh')(h)
    h = Dense(4, name='inner_2')(h)
    backbone = Model(inner_in, h, name='backbone')
    x = Input((3,))
    y = Dense(4, name='stem')(x)
    y = backbone(y)
    y = Dense(2, name='neck')(y)
    out = Dense(1, name='head')(y)
    model = Model(x, out)
    rules = multipliers_lib.layer_decay(model, decay=0.5)
    assert list(rules.items()) == [
        ('stem', 0.5 ** 4), ('backbone/inner_1', 0.5 ** 3),
        ('backbone/inner_2', 0.5 ** 2), ('neck', 0.5), ('head', 1.0)]
    model.set_learning_rate_multipliers(rules)
    mults = model.multipliers
    assert mults[backbone.get_layer('inner_1').kernel] == 0.125
    assert mults[backbone.get_layer('inner_2').kernel] == 0.25
    assert mults[model.get_layer('stem').kernel] == 0.0625


def test_nested_sequential_and_edited_rules():
    backbone = Sequential([Dense(4, input_shape=(3,), name='b1'),
                           Dense(4, name='b2')], name='seq_backbone')
    model = Sequential([backbone, Dense(1, name='head')])
    rules = multipliers_lib.layer_decay(model, decay=0.9)
    assert list(rules.items()) == [('seq_backbone/b1', pytest.approx(0.81)),
                                   ('seq_backbone/b2', pytest.approx(0.9)),
                                   ('head', 1.0)]
    rules['seq_backbone/b1'] = 0.0            # edit: freeze the stem
    model.set_learning_rate_multipliers(rules)
    model.compile(optimizers.SGD(lr=0.1), 'mse')
    before = K.get_value(backbone.get_layer('b1').kernel)
    model.fit(np.ones((4, 3)), np.zeros((4, 1)), epochs=1, verbose=0)
    np.testing.assert_array_equal(K.get_value(backbone.get_layer('b1').kernel),
                                  before)


def test_layers_without_trainable_weights_are_left_out():
    model = Sequential([Dense(4, input_shape=(3,), name='frozen', trainable=False),
                        Dense(4, name='mid'), Dense(1, name='head')])
    rules = multipliers_lib.layer_decay(model, decay=0.5)
    assert list(rules.items()) == [('mid', 0.5), ('head', 1.0)]


def test_layer_decay_errors():
    model = Sequential([Dense(2, input_shape=(3,))])
    with pytest.raises(ValueError, match='decay'):
        multipliers_lib.layer_decay(model, decay=-0.5)
    with pytest.raises(TypeError, match='decay'):
        multipliers_lib.layer_decay(model, decay='0.5')
    unbuilt = Sequential([Dense(2), Dense(1)])
    with pytest.raises(ValueError, match='not a built'):
        multipliers_lib.layer_decay(unbuilt)


# ---------------------------------------------------------------------------
# effective_learning_rates
# ---------------------------------------------------------------------------

def small_model():
    x = Input((3,))
    h = Dense(4, name='frozen', learning_rate_multipliers=0.)(x)
    h = Dense(4, name='slow', W_learning_rate_multiplier=0.1,
              b_learning_rate_multiplier=0.2)(h)
    h = Dense(4, name='fixed', trainable=False)(h)
    return Model(x, Dense(1, name='head')(h))


def test_effective_learning_rates_time_decay_and_multipliers():
    model = small_model()
    with pytest.raises(RuntimeError, match='compile'):
        model.effective_learning_rates()
    model.compile(optimizers.SGD(lr=0.5, decay=0.25), 'mse')
    rates = model.effective_learning_rates()
    assert list(rates) == ['frozen/kernel:0', 'frozen/bias:0', 'slow/kernel:0',
                           'slow/bias:0', 'head/kernel:0', 'head/bias:0']
    assert rates['frozen/kernel:0'] == 0.
    assert rates['slow/kernel:0'] == pytest.approx(0.05)
    assert rates['slow/bias:0'] == pytest.approx(0.1)
    assert rates['head/bias:0'] == pytest.approx(0.5)
    model.fit(np.ones((6, 3)), np.zeros((6, 1)), batch_size=2, epochs=1,
              verbose=0)
    # Three steps done: the next one is step 3.
    rates = model.effective_learning_rates()
    assert rates['slow/kernel:0'] == pytest.approx(0.5 / (1 + 0.25 * 3) * 0.1)
    assert rates['head/kernel:0'] == pytest.approx(0.5 / (1 + 0.25 * 3))
    assert model.effective_learning_rates(step=0)['head/kernel:0'] == \
        pytest.approx(0.5)


def test_effective_learning_rates_match_the_sgd_step():
    """The rate reported is the rate of the next step: under plain SGD the
    step of each weight is rate * gradient."""
    model = small_model()
    model.compile(optimizers.SGD(lr=0.3, decay=0.5), 'mse')
    x = np.random.RandomState(0).rand(4, 3).astype('float32')
    y = np.zeros((4, 1), 'float32')
    model.train_on_batch(x, y)
    rates = model.effective_learning_rates()
    weights = model._collected_trainable_weights
    grads = K.get_session().run(
        K.gradients(model.total_loss, weights),
        {model.inputs[0]: x, model.targets[0]: y,
         model.sample_weights[0]: np.ones(4, 'float32')})
    before = K.batch_get_value(weights)
    model.train_on_batch(x, y)
    after = K.batch_get_value(weights)
    for w, g, b, a in zip(weights, grads, before, after):
        np.testing.assert_allclose(a, b - rates[w.name] * g, rtol=1e-5,
                                   atol=1e-7, err_msg=w.name)


def test_effective_learning_rates_without_decay_and_with_nadam():
    model = small_model()
    model.compile(optimizers.Nadam(lr=0.002), 'mse')
    rates = model.effective_learning_rates()
    assert rates['head/kernel:0'] == pytest.approx(0.002)
    assert rates['slow/bias:0'] == pytest.approx(0.0004)


def test_effective_learning_rates_with_a_tf_optimizer():
    import tensorflow.compat.v1 as tf
    x = Input((3,))
    model = Model(x, Dense(1)(x))
    model.compile(tf.train.GradientDescentOptimizer(0.1), 'mse')
    with pytest.raises(ValueError, match='no `lr`'):
        model.effective_learning_rates()
