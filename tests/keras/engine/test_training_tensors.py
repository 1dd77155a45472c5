"""Training with tensors instead of arrays, as in Keras 2.2.4:
``compile(target_tensors=...)`` (list, dict by output name, single tensor;
placeholders are fed with ``y``, other tensors are used as they are, so
``fit``/``train_on_batch`` take no ``y``), and models built on symbolic
input tensors (``Input(tensor=...)``) trained with ``steps_per_epoch`` /
``steps`` and no arrays."""
import numpy as np
import pytest
import tensorflow.compat.v1 as tf

from keras import backend as K
from keras import optimizers
from keras.layers import Dense
from keras.models import Input
from keras.models import Model

KERNEL = np.array([[1.], [-1.], [0.5]], dtype='float32')
X = (np.arange(24, dtype='float32').reshape(8, 3) / 10.)
Y = (np.arange(8, dtype='float32').reshape(8, 1) / 8.)
LR = 0.1


def sgd_step(kernel, bias, x, y):
    """One SGD step on the mean squared error of a Dense(1) layer."""
    err = x.dot(kernel) + bias - y
    return (kernel - LR * 2 * x.T.dot(err) / len(x),
            bias - LR * 2 * err.mean(axis=0))


def dense_model(inp=None):
    inp = Input((3,), name='x') if inp is None else inp
    model = Model(inp, Dense(1, name='out')(inp))
    return model


def set_weights(model):
    model.get_layer('out').set_weights([KERNEL, np.zeros(1, 'float32')])


@pytest.mark.parametrize('form', ['list', 'dict', 'single'])
def test_target_tensor_constant_trains_without_y(form):
    model = dense_model()
    target = tf.constant(Y)
    target_tensors = {'list': [target], 'dict': {'out': target},
                      'single': target}[form]
    model.compile(optimizers.SGD(lr=LR), 'mse', target_tensors=target_tensors)
    set_weights(model)
    assert model._feed_targets == []
    expected_loss = np.mean((X.dot(KERNEL) - Y) ** 2)
    loss = model.train_on_batch(X, None)
    np.testing.assert_allclose(loss, expected_loss, rtol=1e-5)
    kernel, bias = sgd_step(KERNEL, np.zeros(1), X, Y)
    np.testing.assert_allclose(model.get_weights()[0], kernel, rtol=1e-5)
    # fit without y: one full batch, no shuffling (the target tensor keeps
    # its order).
    hist = model.fit(X, batch_size=8, epochs=1, shuffle=False, verbose=0)
    np.testing.assert_allclose(hist.history['loss'],
                               [np.mean((X.dot(kernel) + bias - Y) ** 2)],
                               rtol=1e-5)
    kernel, bias = sgd_step(kernel, bias, X, Y)
    np.testing.assert_allclose(model.get_weights()[0], kernel, rtol=1e-5)
    np.testing.assert_allclose(model.get_weights()[1], bias, rtol=1e-5)


@pytest.mark.parametrize('form', ['list', 'dict'])
def test_target_placeholder_is_fed_with_y(form):
    model = dense_model()
    target = K.placeholder(shape=(None, 1), name='my_target')
    target_tensors = [target] if form == 'list' else {'out': target}
    model.compile(optimizers.SGD(lr=LR), 'mse', target_tensors=target_tensors)
    set_weights(model)
    assert model.targets == [target]
    assert model._feed_targets == [target]
    loss = model.train_on_batch(X, Y)
    np.testing.assert_allclose(loss, np.mean((X.dot(KERNEL) - Y) ** 2),
                               rtol=1e-5)
    # A fed target needs y.
    with pytest.raises(ValueError, match='`y` is None'):
        model.fit(X, verbose=0)


def test_target_tensors_errors():
    model = dense_model()
    with pytest.raises(ValueError, match='Unknown entry in `target_tensors` '
                                         'dictionary: "nope"'):
        model.compile('sgd', 'mse', target_tensors={'nope': tf.constant(Y)})
    with pytest.raises(ValueError, match='one entry per model output'):
        model.compile('sgd', 'mse',
                      target_tensors=[tf.constant(Y), tf.constant(Y)])
    with pytest.raises(TypeError, match='Expected `target_tensors`'):
        model.compile('sgd', 'mse', target_tensors=Y)


def test_symbolic_inputs_from_a_dataset_fit_evaluate_predict_with_steps():
    dataset = tf.data.Dataset.from_tensor_slices((X, Y)).batch(4).repeat()
    x_batch, y_batch = tf.data.make_one_shot_iterator(dataset).get_next()
    model = dense_model(Input(tensor=x_batch))
    model.compile(optimizers.SGD(lr=0.), 'mse', target_tensors=[y_batch])
    set_weights(model)
    batch_losses = [np.mean((X[i:i + 4].dot(KERNEL) - Y[i:i + 4]) ** 2)
                    for i in (0, 4)]
    # Each step draws the next batch of the dataset: the epoch loss is the
    # mean of the two batches' losses.
    hist = model.fit(steps_per_epoch=2, epochs=2, verbose=0)
    np.testing.assert_allclose(hist.history['loss'],
                               [np.mean(batch_losses)] * 2, rtol=1e-5)
    assert hist.params['steps'] == 2
    np.testing.assert_allclose(model.evaluate(steps=2, verbose=0),
                               np.mean(batch_losses), rtol=1e-5)
    # predict concatenates the batches of its steps.
    np.testing.assert_allclose(model.predict(None, steps=2),
                               X.dot(KERNEL), rtol=1e-5)
    np.testing.assert_allclose(model.predict_on_batch(None),
                               X[:4].dot(KERNEL), rtol=1e-5)
    with pytest.raises(ValueError, match='steps_per_epoch'):
        model.fit(verbose=0)
    with pytest.raises(ValueError, match='`steps`'):
        model.predict(None)


def test_symbolic_inputs_train_with_steps():
    model = dense_model(Input(tensor=K.constant(X)))
    model.compile(optimizers.SGD(lr=LR), 'mse',
                  target_tensors=[K.constant(Y)])
    set_weights(model)
    model.fit(steps_per_epoch=3, epochs=1, verbose=0)
    kernel, bias = KERNEL, np.zeros(1)
    for _ in range(3):
        kernel, bias = sgd_step(kernel, bias, X, Y)
    np.testing.assert_allclose(model.get_weights()[0], kernel, rtol=1e-5)
    np.testing.assert_allclose(model.get_weights()[1], bias, rtol=1e-5)
