"""How the layers' losses (regularization penalties, ``add_loss``) are
collected and counted in the total loss, as in Keras 2.2.4.

The rule:
- ``Layer.add_loss(losses, inputs=None)`` appends to ``layer.losses`` and
  files the losses under ``inputs`` (None: unconditional).
  ``add_weight(regularizer=...)`` adds the weight's penalty once,
  unconditionally; an activity regularizer adds one penalty per call,
  conditional on that call's inputs. ``layer.get_losses_for(inputs)``
  returns what was filed under ``inputs``.
- ``Network.losses``: for each layer, its losses conditional on the inputs
  of its calls that belong to this network, then its unconditional ones;
  then the network's own ``get_losses_for(None)``. Each tensor is counted
  once (numbers are all kept): a shared layer's or a nested model's weight
  penalty counts once, each call's activity penalty counts once.
- ``Network.get_losses_for`` is ``Layer``'s. Calling a network on new
  tensors files, for each layer, its losses conditional on the tensors of
  that call under the network's new inputs, and its unconditional losses
  under None, once per call. So a functional model never called has
  ``get_losses_for(None) == []``, and a nested model called twice lists its
  weight penalty twice there, though ``losses`` counts it once.
- ``compile`` adds every tensor of ``model.losses`` to the total loss.
"""
import numpy as np

from keras import optimizers
from keras import regularizers
from keras.layers import Dense
from keras.models import Input
from keras.models import Model
from keras.models import Sequential

KERNEL = np.array([[1., -2.], [0.5, 1.], [-1., 0.25]], dtype='float32')
BIAS = np.array([0.5, -1.], dtype='float32')


def regularized_dense(name='shared'):
    return Dense(2, name=name,
                 kernel_regularizer=regularizers.l2(0.1),
                 bias_regularizer=regularizers.l1(0.2),
                 activity_regularizer=regularizers.l2(0.01))


def assert_total_loss(model, seed):
    """The compiled loss of a two-output model whose outputs both come from
    the regularized Dense layer (weights KERNEL, BIAS): the two mean squared
    errors, the weight penalties once, the activity penalty of each call."""
    model.compile(optimizers.SGD(lr=0.), 'mse')
    rng = np.random.RandomState(seed)
    x1, x2 = rng.rand(4, 3), rng.rand(4, 3)
    y1, y2 = rng.rand(4, 2), rng.rand(4, 2)
    loss = model.evaluate([x1, x2], [y1, y2], batch_size=4, verbose=0)[0]
    o1, o2 = x1.dot(KERNEL) + BIAS, x2.dot(KERNEL) + BIAS
    expected = (np.mean((o1 - y1) ** 2) + np.mean((o2 - y2) ** 2) +
                0.1 * np.sum(KERNEL ** 2) + 0.2 * np.sum(np.abs(BIAS)) +
                0.01 * np.sum(o1 ** 2) + 0.01 * np.sum(o2 ** 2))
    np.testing.assert_allclose(loss, expected, rtol=1e-5)


def test_shared_layer_weight_penalty_counted_once():
    dense = regularized_dense()
    a = Input((3,), name='a')
    b = Input((3,), name='b')
    model = Model([a, b], [dense(a), dense(b)])
    dense.set_weights([KERNEL, BIAS])
    # kernel + bias penalties (once) + one activity penalty per call.
    assert len(dense.losses) == 4
    assert len(dense.get_losses_for(None)) == 2
    assert len(dense.get_losses_for([a])) == 1
    assert len(model.losses) == 4
    assert model.get_losses_for(None) == []

    assert_total_loss(model, seed=0)


def test_nested_model_called_twice():
    dense = regularized_dense('inner_dense')
    inner = Sequential([dense], name='inner')
    inner.build((None, 3))
    dense.set_weights([KERNEL, BIAS])
    assert len(inner.losses) == 3  # kernel, bias, activity on inner's input
    assert inner.get_losses_for(None) == []

    i1 = Input((3,), name='i1')
    i2 = Input((3,), name='i2')
    outer = Model([i1, i2], [inner(i1), inner(i2)])
    # The calls of `inner` filed its layer's weight penalties once per call.
    assert len(inner.get_losses_for(None)) == 4
    assert len(inner.get_losses_for([i1])) == 1
    assert len(inner.losses) == 3
    # Weight penalties once, one activity penalty per call of `inner`.
    assert len(outer.losses) == 4
    assert outer.get_losses_for(None) == []

    assert_total_loss(outer, seed=1)


def test_model_add_loss_numbers_are_all_kept():
    inp = Input((3,))
    dense = Dense(1, kernel_regularizer=regularizers.l2(0.5))
    model = Model(inp, dense(inp))
    model.add_loss(1.5)
    model.add_loss(1.5)
    # The tensor penalty first, then both numbers (never de-duplicated).
    assert len(model.losses) == 3
    assert model.losses[1:] == [1.5, 1.5]
    kernel = np.array([[1.], [2.], [0.]], dtype='float32')
    dense.set_weights([kernel, np.zeros(1, 'float32')])
    model.compile(optimizers.SGD(lr=0.), 'mae')
    x = np.zeros((2, 3), dtype='float32')
    y = np.ones((2, 1), dtype='float32')
    loss = model.evaluate(x, y, verbose=0)
    np.testing.assert_allclose(loss, 1. + 0.5 * 5. + 3., rtol=1e-6)
