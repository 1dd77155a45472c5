"""Legacy-script integration tests.

Each test is a short program written the way Keras 2.2.x users wrote them in
the TensorFlow 1 era (the examples folder, the FAQ, the guides, blog posts),
run unchanged on tiny synthetic or scikit-learn data for one or two epochs.
They assert real outcomes: the loss goes down, an easy task is learnt above
chance, predictions have the right shapes and values, `History` carries the
2.2.4 key names.
"""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

import csv
import os
import warnings

import numpy as np
import pytest

import keras
# keras/__init__.py is minimal during development; once it imports every
# submodule again these explicit imports are redundant (scripts did only
# `import keras` and then used `keras.layers`, `keras.utils`, ...).
import keras.callbacks  # noqa: F401
import keras.layers  # noqa: F401
import keras.losses  # noqa: F401
import keras.models  # noqa: F401
import keras.optimizers  # noqa: F401
import keras.utils  # noqa: F401
import keras.utils.np_utils  # noqa: F401
from keras import backend as K


# ---------------------------------------------------------------------------
# Helpers: small, deterministic data sets
# ---------------------------------------------------------------------------

def _seed(value=1337):
    """Seeds NumPy and the current graph, as old scripts did."""
    np.random.seed(value)
    K.tf.set_random_seed(value)


def _digits(flat=True):
    """scikit-learn's 8x8 digits (bundled, no download), scaled to [0, 1]."""
    from sklearn.datasets import load_digits
    data = load_digits()
    x = data.images.astype('float32') / 16.
    y = data.target.astype('int64')
    rng = np.random.RandomState(0)
    order = rng.permutation(len(x))
    x, y = x[order], y[order]
    if flat:
        x = x.reshape(len(x), 64)
    split = 1400
    return (x[:split], y[:split]), (x[split:], y[split:])


def _blobs(n=600, dim=8, seed=0):
    """Two well-separated Gaussian clouds: binary labels, linearly separable."""
    rng = np.random.RandomState(seed)
    y = rng.randint(0, 2, size=(n,))
    centers = np.where(y[:, None] == 1, 1.5, -1.5)
    x = (centers + rng.normal(size=(n, dim))).astype('float32')
    return x, y


# ---------------------------------------------------------------------------
# 1. mnist_mlp.py style: Sequential MLP, Dropout, RMSprop, to_categorical,
#    validation_split
# ---------------------------------------------------------------------------

def test_mnist_mlp_style():
    from keras.models import Sequential
    from keras.layers import Dense, Dropout
    from keras.optimizers import RMSprop
    _seed()

    batch_size = 32
    num_classes = 10
    epochs = 2

    (x_train, y_train), (x_test, y_test) = _digits()
    y_train = keras.utils.to_categorical(y_train, num_classes)
    y_test = keras.utils.to_categorical(y_test, num_classes)
    assert y_train.shape == (1400, 10)

    model = Sequential()
    model.add(Dense(128, activation='relu', input_shape=(64,)))
    model.add(Dropout(0.2))
    model.add(Dense(128, activation='relu'))
    model.add(Dropout(0.2))
    model.add(Dense(num_classes, activation='softmax'))

    lines = []
    model.summary(print_fn=lines.append)
    text = '\n'.join(lines)
    assert 'dense_1 (Dense)' in text
    # 64*128+128 + 128*128+128 + 128*10+10
    assert 'Total params: 26,122' in text
    assert 'Trainable params: 26,122' in text

    model.compile(loss='categorical_crossentropy',
                  optimizer=RMSprop(),
                  metrics=['accuracy'])
    history = model.fit(x_train, y_train,
                        batch_size=batch_size,
                        epochs=epochs,
                        verbose=0,
                        validation_split=0.1)
    assert sorted(history.history) == ['acc', 'loss', 'val_acc', 'val_loss']
    assert history.epoch == [0, 1]
    assert history.params['samples'] == 1260
    assert history.history['loss'][1] < history.history['loss'][0]
    score = model.evaluate(x_test, y_test, verbose=0)
    assert len(score) == 2
    assert model.metrics_names == ['loss', 'acc']
    assert score[1] > 0.6   # chance is 0.1

    probs = model.predict(x_test)
    assert probs.shape == (len(x_test), 10)
    np.testing.assert_allclose(probs.sum(axis=1), 1., rtol=1e-5)
    classes = model.predict_classes(x_test, verbose=0)
    np.testing.assert_array_equal(classes, probs.argmax(axis=-1))
    np.testing.assert_allclose(model.predict_proba(x_test, verbose=0), probs,
                               rtol=1e-6)
    # The accuracy 2.2.4 reports is the argmax agreement.
    np.testing.assert_allclose(score[1], np.mean(classes == y_test.argmax(-1)),
                               atol=1e-6)


# ---------------------------------------------------------------------------
# 2. mnist_cnn.py style: image_data_format check, Conv2D/MaxPooling2D/Flatten,
#    keras.losses / keras.optimizers.Adadelta objects
# ---------------------------------------------------------------------------

def test_mnist_cnn_style():
    from keras.models import Sequential
    from keras.layers import Dense, Dropout, Flatten
    from keras.layers import Conv2D, MaxPooling2D
    _seed()

    num_classes = 10
    img_rows, img_cols = 8, 8
    (x_train, y_train), (x_test, y_test) = _digits(flat=False)

    assert K.image_data_format() == 'channels_last'
    if K.image_data_format() == 'channels_first':
        x_train = x_train.reshape(x_train.shape[0], 1, img_rows, img_cols)
        x_test = x_test.reshape(x_test.shape[0], 1, img_rows, img_cols)
        input_shape = (1, img_rows, img_cols)
    else:
        x_train = x_train.reshape(x_train.shape[0], img_rows, img_cols, 1)
        x_test = x_test.reshape(x_test.shape[0], img_rows, img_cols, 1)
        input_shape = (img_rows, img_cols, 1)
    x_train = x_train.astype('float32')
    x_test = x_test.astype('float32')

    y_train = keras.utils.to_categorical(y_train, num_classes)
    y_test = keras.utils.to_categorical(y_test, num_classes)

    model = Sequential()
    model.add(Conv2D(16, kernel_size=(3, 3), activation='relu',
                     input_shape=input_shape))
    model.add(Conv2D(32, (3, 3), activation='relu'))
    model.add(MaxPooling2D(pool_size=(2, 2)))
    model.add(Dropout(0.25))
    model.add(Flatten())
    model.add(Dense(64, activation='relu'))
    model.add(Dropout(0.5))
    model.add(Dense(num_classes, activation='softmax'))
    assert model.output_shape == (None, 10)
    assert model.layers[1].output_shape == (None, 4, 4, 32)
    assert model.layers[2].output_shape == (None, 2, 2, 32)
    assert model.layers[4].output_shape == (None, 128)

    model.compile(loss=keras.losses.categorical_crossentropy,
                  optimizer=keras.optimizers.Adadelta(),
                  metrics=['accuracy'])
    history = model.fit(x_train, y_train, batch_size=32, epochs=2, verbose=0,
                        validation_data=(x_test, y_test))
    assert sorted(history.history) == ['acc', 'loss', 'val_acc', 'val_loss']
    assert history.history['loss'][1] < history.history['loss'][0]
    score = model.evaluate(x_test, y_test, verbose=0)
    np.testing.assert_allclose(score[0], history.history['val_loss'][-1],
                               rtol=1e-4)
    assert score[1] > 0.5


# ---------------------------------------------------------------------------
# 3. Keras 1 style script (still accepted by 2.2.4, with warnings):
#    Convolution2D(nb_filter, nb_row, nb_col, border_mode=), nb_epoch=,
#    Model(input=, output=), K.set_image_dim_ordering('tf')
# ---------------------------------------------------------------------------

def test_keras1_style_script():
    from keras.models import Model
    from keras.layers import Input, Dense, Flatten
    from keras.layers import Convolution2D, MaxPooling2D
    _seed()

    K.set_image_dim_ordering('tf')
    assert K.image_dim_ordering() == 'tf'
    assert K.image_data_format() == 'channels_last'

    (x_train, y_train), _ = _digits(flat=False)
    x_train = x_train[..., None][:256]
    y_train = keras.utils.np_utils.to_categorical(y_train[:256], 10)

    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        inp = Input(shape=(8, 8, 1))
        x = Convolution2D(8, 3, 3, border_mode='same', activation='relu')(inp)
        x = MaxPooling2D(pool_size=(2, 2))(x)
        x = Flatten()(x)
        out = Dense(output_dim=10, activation='softmax', init='uniform')(x)
        model = Model(input=inp, output=out)
        model.compile(loss='categorical_crossentropy', optimizer='adam',
                      metrics=['accuracy'])
        history = model.fit(x_train, y_train, nb_epoch=2, batch_size=32,
                            verbose=0)
    assert model.layers[1].padding == 'same'
    assert model.layers[1].kernel_size == (3, 3)
    assert model.layers[1].filters == 8
    assert model.output_shape == (None, 10)
    assert len(history.history['loss']) == 2
    assert history.history['loss'][1] < history.history['loss'][0]


# ---------------------------------------------------------------------------
# 4. Functional API guide style: multi-input / multi-output, loss_weights,
#    per-output metrics, dict inputs/targets
# ---------------------------------------------------------------------------

def test_functional_multi_input_multi_output():
    from keras.layers import Input, Dense, concatenate
    from keras.models import Model
    _seed()

    n = 512
    rng = np.random.RandomState(1)
    headline = rng.normal(size=(n, 10)).astype('float32')
    additional = rng.normal(size=(n, 5)).astype('float32')
    labels = (headline[:, 0] + additional[:, 0] > 0).astype('float32')
    aux_labels = (headline[:, 1] > 0).astype('float32')

    main_input = Input(shape=(10,), name='main_input')
    x = Dense(16, activation='relu')(main_input)
    auxiliary_output = Dense(1, activation='sigmoid', name='aux_output')(x)
    auxiliary_input = Input(shape=(5,), name='aux_input')
    x = concatenate([x, auxiliary_input])
    x = Dense(16, activation='relu')(x)
    main_output = Dense(1, activation='sigmoid', name='main_output')(x)
    model = Model(inputs=[main_input, auxiliary_input],
                  outputs=[main_output, auxiliary_output])

    model.compile(optimizer='rmsprop',
                  loss={'main_output': 'binary_crossentropy',
                        'aux_output': 'binary_crossentropy'},
                  loss_weights={'main_output': 1., 'aux_output': 0.2},
                  metrics={'main_output': ['accuracy'],
                           'aux_output': ['mae']})
    assert model.metrics_names == ['loss', 'main_output_loss',
                                   'aux_output_loss', 'main_output_acc',
                                   'aux_output_mean_absolute_error']
    history = model.fit({'main_input': headline, 'aux_input': additional},
                        {'main_output': labels, 'aux_output': aux_labels},
                        epochs=2, batch_size=32, verbose=0,
                        validation_split=0.25)
    h = history.history
    assert set(h) == {'loss', 'main_output_loss', 'aux_output_loss',
                      'main_output_acc', 'aux_output_mean_absolute_error',
                      'val_loss', 'val_main_output_loss',
                      'val_aux_output_loss', 'val_main_output_acc',
                      'val_aux_output_mean_absolute_error'}
    assert h['loss'][1] < h['loss'][0]

    # The total is main + 0.2 * aux (no regularisers): check on evaluate.
    scores = model.evaluate([headline, additional], [labels, aux_labels],
                            verbose=0, batch_size=n)
    np.testing.assert_allclose(scores[0], scores[1] + 0.2 * scores[2],
                               rtol=1e-5)
    main_pred, aux_pred = model.predict([headline, additional])
    assert main_pred.shape == (n, 1) and aux_pred.shape == (n, 1)
    bce = -np.mean(labels * np.log(np.clip(main_pred[:, 0], 1e-7, 1 - 1e-7)) +
                   (1 - labels) *
                   np.log(np.clip(1 - main_pred[:, 0], 1e-7, 1 - 1e-7)))
    np.testing.assert_allclose(scores[1], bce, rtol=1e-4)
    np.testing.assert_allclose(
        scores[3], np.mean((main_pred[:, 0] > 0.5) == labels), atol=1e-6)
    np.testing.assert_allclose(
        scores[4], np.mean(np.abs(aux_pred[:, 0] - aux_labels)), rtol=1e-4)

    # Lists with loss_weights as a list work too.
    model.compile(optimizer='sgd', loss='binary_crossentropy',
                  loss_weights=[1., 0.5], metrics=['accuracy'])
    assert model.metrics_names == ['loss', 'main_output_loss',
                                   'aux_output_loss', 'main_output_acc',
                                   'aux_output_acc']
    out = model.train_on_batch([headline[:32], additional[:32]],
                               [labels[:32], aux_labels[:32]])
    assert len(out) == 5


# ---------------------------------------------------------------------------
# 5. "Writing your own Keras layers": custom Layer with add_weight, plus a
#    custom loss and a custom metric
# ---------------------------------------------------------------------------

class MyLayer(keras.layers.Layer):
    """The docs' example layer: a bias-free dense projection."""

    def __init__(self, output_dim, **kwargs):
        self.output_dim = output_dim
        super(MyLayer, self).__init__(**kwargs)

    def build(self, input_shape):
        self.kernel = self.add_weight(name='kernel',
                                      shape=(input_shape[1], self.output_dim),
                                      initializer='uniform',
                                      trainable=True)
        super(MyLayer, self).build(input_shape)

    def call(self, x):
        return K.dot(x, self.kernel)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.output_dim)

    def get_config(self):
        config = {'output_dim': self.output_dim}
        base_config = super(MyLayer, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


def my_mse(y_true, y_pred):
    return K.mean(K.square(y_pred - y_true), axis=-1)


def mean_pred(y_true, y_pred):
    return K.mean(y_pred)


def test_custom_layer_loss_and_metric():
    from keras.models import Sequential, Model
    _seed()

    rng = np.random.RandomState(0)
    true_w = rng.normal(size=(6, 2)).astype('float32')
    x = rng.normal(size=(256, 6)).astype('float32')
    y = x.dot(true_w)

    model = Sequential()
    model.add(MyLayer(2, input_shape=(6,)))
    model.compile(optimizer=keras.optimizers.SGD(lr=0.1), loss=my_mse,
                  metrics=['mae', mean_pred])
    assert model.metrics_names == ['loss', 'mean_absolute_error', 'mean_pred']
    assert len(model.trainable_weights) == 1
    assert model.layers[0].kernel in model.trainable_weights

    history = model.fit(x, y, epochs=2, batch_size=16, verbose=0)
    assert set(history.history) == {'loss', 'mean_absolute_error',
                                    'mean_pred'}
    assert history.history['loss'][1] < history.history['loss'][0]

    kernel = K.get_value(model.layers[0].kernel)
    np.testing.assert_allclose(model.predict(x), x.dot(kernel), rtol=1e-4,
                               atol=1e-5)
    loss, mae, mp = model.evaluate(x, y, verbose=0, batch_size=256)
    pred = x.dot(kernel)
    np.testing.assert_allclose(loss, np.mean((pred - y) ** 2), rtol=1e-4)
    np.testing.assert_allclose(mae, np.mean(np.abs(pred - y)), rtol=1e-4)
    np.testing.assert_allclose(mp, np.mean(pred), rtol=1e-3, atol=1e-5)
    # 2 epochs of SGD on a noiseless linear problem get close.
    assert history.history['loss'][-1] < 0.1 * np.mean(y ** 2)

    # Config round trip through custom_objects.
    config = model.get_config()
    clone = Sequential.from_config(config,
                                   custom_objects={'MyLayer': MyLayer})
    assert isinstance(clone.layers[0], MyLayer)
    assert clone.layers[0].output_dim == 2
    clone.set_weights(model.get_weights())
    np.testing.assert_allclose(clone.predict(x), model.predict(x), rtol=1e-6)
    json_string = model.to_json()
    assert 'MyLayer' in json_string

    # A functional model around the custom layer round-trips as well.
    inp = keras.layers.Input(shape=(6,))
    out = MyLayer(3, name='proj')(inp)
    fmodel = Model(inp, out)
    fclone = Model.from_config(fmodel.get_config(),
                               custom_objects={'MyLayer': MyLayer})
    assert fclone.get_layer('proj').output_dim == 3
    assert fclone.output_shape == (None, 3)


# ---------------------------------------------------------------------------
# 6. Lambda layers with K.* inside (antirectifier-like, l2 normalisation)
# ---------------------------------------------------------------------------

def test_lambda_layers_with_backend_ops():
    from keras.models import Sequential
    from keras.layers import Dense, Lambda, Activation
    _seed()

    def antirectifier(x):
        x -= K.mean(x, axis=1, keepdims=True)
        x = K.l2_normalize(x, axis=1)
        pos = K.relu(x)
        neg = K.relu(-x)
        return K.concatenate([pos, neg], axis=1)

    def antirectifier_output_shape(input_shape):
        shape = list(input_shape)
        assert len(shape) == 2
        shape[-1] *= 2
        return tuple(shape)

    model = Sequential()
    model.add(Dense(16, input_shape=(8,)))
    model.add(Lambda(antirectifier, output_shape=antirectifier_output_shape))
    model.add(Lambda(lambda t: t * 2.))
    model.add(Dense(1))
    model.add(Activation('sigmoid'))
    assert model.layers[1].output_shape == (None, 32)
    assert model.layers[2].output_shape == (None, 32)

    x, y = _blobs()
    model.compile(loss='binary_crossentropy', optimizer='adam',
                  metrics=['accuracy'])
    history = model.fit(x, y, epochs=2, batch_size=16, verbose=0)
    assert history.history['loss'][1] < history.history['loss'][0]
    assert history.history['acc'][-1] > 0.8

    # The Lambda output equals the NumPy re-derivation.
    get_lambda = K.function([model.input], [model.layers[2].output])
    w, b = model.layers[0].get_weights()
    h = x[:5].dot(w) + b
    h = h - h.mean(axis=1, keepdims=True)
    h = h / np.sqrt(np.maximum((h ** 2).sum(axis=1, keepdims=True), 1e-12))
    expected = 2. * np.concatenate([np.maximum(h, 0), np.maximum(-h, 0)], 1)
    np.testing.assert_allclose(get_lambda([x[:5]])[0], expected, rtol=1e-4,
                               atol=1e-6)


# ---------------------------------------------------------------------------
# 7. variational_autoencoder.py style: encoder / decoder models, a sampling
#    Lambda, model.add_loss and compile(loss=None), fit(x, None)
# ---------------------------------------------------------------------------

def test_vae_add_loss_style():
    from keras.layers import Lambda, Input, Dense
    from keras.models import Model
    from keras.losses import mse
    _seed()

    (x_train, _), (x_test, _) = _digits()
    original_dim = 64
    intermediate_dim = 32
    latent_dim = 2
    input_shape = (original_dim,)

    def sampling(args):
        z_mean, z_log_var = args
        batch = K.shape(z_mean)[0]
        dim = K.int_shape(z_mean)[1]
        epsilon = K.random_normal(shape=(batch, dim))
        return z_mean + K.exp(0.5 * z_log_var) * epsilon

    inputs = Input(shape=input_shape, name='encoder_input')
    x = Dense(intermediate_dim, activation='relu')(inputs)
    z_mean = Dense(latent_dim, name='z_mean')(x)
    z_log_var = Dense(latent_dim, name='z_log_var')(x)
    z = Lambda(sampling, output_shape=(latent_dim,), name='z')(
        [z_mean, z_log_var])
    encoder = Model(inputs, [z_mean, z_log_var, z], name='encoder')

    latent_inputs = Input(shape=(latent_dim,), name='z_sampling')
    x = Dense(intermediate_dim, activation='relu')(latent_inputs)
    outputs = Dense(original_dim, activation='sigmoid')(x)
    decoder = Model(latent_inputs, outputs, name='decoder')

    outputs = decoder(encoder(inputs)[2])
    vae = Model(inputs, outputs, name='vae_mlp')

    reconstruction_loss = mse(inputs, outputs) * original_dim
    kl_loss = 1 + z_log_var - K.square(z_mean) - K.exp(z_log_var)
    kl_loss = K.sum(kl_loss, axis=-1)
    kl_loss *= -0.5
    vae_loss = K.mean(reconstruction_loss + kl_loss)
    vae.add_loss(vae_loss)
    vae.compile(optimizer='adam')
    lines = []
    vae.summary(print_fn=lines.append)
    assert any('encoder (Model)' in line for line in lines)

    history = vae.fit(x_train, epochs=2, batch_size=32, verbose=0,
                      validation_data=(x_test, None))
    assert sorted(history.history) == ['loss', 'val_loss']
    assert history.history['loss'][1] < history.history['loss'][0]
    assert np.isfinite(history.history['val_loss']).all()

    z_mean_pred, _, z_pred = encoder.predict(x_test, batch_size=32)
    assert z_mean_pred.shape == (len(x_test), 2)
    assert z_pred.shape == (len(x_test), 2)
    decoded = decoder.predict(z_mean_pred)
    assert decoded.shape == (len(x_test), 64)
    assert ((decoded > 0) & (decoded < 1)).all()
    # evaluate with no targets returns the added loss only.
    val = vae.evaluate(x_test, None, verbose=0, batch_size=len(x_test))
    assert np.isfinite(val)


# ---------------------------------------------------------------------------
# 8. fit_generator with a Python generator and with keras.utils.Sequence
# ---------------------------------------------------------------------------

def test_fit_generator_python_generator():
    from keras.models import Sequential
    from keras.layers import Dense
    _seed()

    x, y = _blobs(n=640)

    def generate_arrays(batch_size=32):
        while True:
            for i in range(0, len(x), batch_size):
                yield x[i:i + batch_size], y[i:i + batch_size]

    model = Sequential([Dense(16, activation='relu', input_dim=8),
                        Dense(1, activation='sigmoid')])
    model.compile(loss='binary_crossentropy', optimizer='rmsprop',
                  metrics=['accuracy'])
    history = model.fit_generator(generate_arrays(), steps_per_epoch=20,
                                  epochs=2, verbose=0,
                                  validation_data=generate_arrays(64),
                                  validation_steps=5)
    assert sorted(history.history) == ['acc', 'loss', 'val_acc', 'val_loss']
    assert history.history['loss'][1] < history.history['loss'][0]
    assert history.history['acc'][-1] > 0.6   # chance is 0.5

    score = model.evaluate_generator(generate_arrays(64), steps=10)
    direct = model.evaluate(x, y, verbose=0, batch_size=64)
    np.testing.assert_allclose(score, direct, rtol=1e-4)

    def inputs_only():
        while True:
            for i in range(0, len(x), 64):
                yield x[i:i + 64]
    preds = model.predict_generator(inputs_only(), steps=10)
    np.testing.assert_allclose(preds, model.predict(x), rtol=1e-5)


class BlobSequence(keras.utils.Sequence):
    """A keras.utils.Sequence as users wrote them (file-backed in real life)."""

    def __init__(self, x_set, y_set, batch_size):
        self.x, self.y = x_set, y_set
        self.batch_size = batch_size
        self.epochs_seen = 0

    def __len__(self):
        return int(np.ceil(len(self.x) / float(self.batch_size)))

    def __getitem__(self, idx):
        batch_x = self.x[idx * self.batch_size:(idx + 1) * self.batch_size]
        batch_y = self.y[idx * self.batch_size:(idx + 1) * self.batch_size]
        return np.array(batch_x), np.array(batch_y)

    def on_epoch_end(self):
        self.epochs_seen += 1


def test_fit_generator_sequence():
    from keras.models import Sequential
    from keras.layers import Dense
    _seed()

    x, y = _blobs(n=600)
    y_cat = keras.utils.to_categorical(y, 2)
    train = BlobSequence(x[:500], y_cat[:500], 32)
    val = BlobSequence(x[500:], y_cat[500:], 32)
    assert len(train) == 16

    model = Sequential()
    model.add(Dense(8, activation='tanh', input_shape=(8,)))
    model.add(Dense(2, activation='softmax'))
    model.compile(loss='categorical_crossentropy', optimizer='sgd',
                  metrics=['accuracy'])
    history = model.fit_generator(generator=train, validation_data=val,
                                  epochs=2, verbose=0, workers=1,
                                  use_multiprocessing=False, shuffle=True)
    assert history.params['steps'] == 16
    assert sorted(history.history) == ['acc', 'loss', 'val_acc', 'val_loss']
    assert history.history['loss'][1] < history.history['loss'][0]
    # As in 2.2.4, the worker thread calls on_epoch_end when it finished an
    # epoch's batches; after the last epoch the enqueuer may be stopped first.
    assert train.epochs_seen in (1, 2)
    score = model.evaluate_generator(val, workers=1)
    direct = model.evaluate(x[500:], y_cat[500:], verbose=0, batch_size=32)
    np.testing.assert_allclose(score, direct, rtol=1e-4)
    assert score[1] > 0.8


# ---------------------------------------------------------------------------
# 9. Callbacks as scripts used them: EarlyStopping, ReduceLROnPlateau,
#    LearningRateScheduler, CSVLogger, LambdaCallback, ModelCheckpoint
# ---------------------------------------------------------------------------

def _small_classifier(lr=0.01, optimizer=None):
    from keras.models import Sequential
    from keras.layers import Dense
    model = Sequential()
    model.add(Dense(8, activation='relu', input_shape=(8,)))
    model.add(Dense(1, activation='sigmoid'))
    model.compile(loss='binary_crossentropy',
                  optimizer=optimizer or keras.optimizers.SGD(lr=lr),
                  metrics=['accuracy'])
    return model


def test_callbacks_scheduler_csvlogger_lambda(tmpdir):
    from keras.callbacks import (LearningRateScheduler, CSVLogger,
                                 LambdaCallback, EarlyStopping,
                                 ReduceLROnPlateau)
    _seed()
    x, y = _blobs(n=200)

    def step_decay(epoch):
        return 0.1 * (0.5 ** epoch)

    seen_lr = []
    batch_count = []
    log_path = str(tmpdir.join('training.log'))
    model = _small_classifier()
    history = model.fit(
        x, y, epochs=3, batch_size=50, verbose=0, validation_split=0.2,
        callbacks=[
            LearningRateScheduler(step_decay),
            CSVLogger(log_path, separator=',', append=False),
            LambdaCallback(
                on_epoch_end=lambda epoch, logs: seen_lr.append(
                    float(K.get_value(model.optimizer.lr))),
                on_batch_end=lambda batch, logs: batch_count.append(batch)),
        ])
    np.testing.assert_allclose(seen_lr, [0.1, 0.05, 0.025], rtol=1e-6)
    assert batch_count == [0, 1, 2, 3] * 3   # 160 training samples / 50
    with open(log_path) as f:
        rows = list(csv.DictReader(f))
    assert [r['epoch'] for r in rows] == ['0', '1', '2']
    # LearningRateScheduler writes 'lr' into the epoch logs (2.2.4 does).
    assert set(rows[0]) == {'epoch', 'acc', 'loss', 'lr', 'val_acc',
                            'val_loss'}
    np.testing.assert_allclose([float(r['lr']) for r in rows],
                               [0.1, 0.05, 0.025], rtol=1e-6)
    np.testing.assert_allclose([float(r['loss']) for r in rows],
                               history.history['loss'], rtol=1e-5)

    # EarlyStopping on a model that cannot improve (lr=0) stops after
    # `patience` + 1 epochs; ReduceLROnPlateau halves the rate meanwhile.
    model = _small_classifier(lr=0.)
    early = EarlyStopping(monitor='val_loss', min_delta=1e-3, patience=1,
                          verbose=0, mode='auto')
    plateau = ReduceLROnPlateau(monitor='val_loss', factor=0.5, patience=0,
                                min_lr=0.)
    history = model.fit(x, y, epochs=10, batch_size=50, verbose=0,
                        validation_data=(x[:50], y[:50]),
                        callbacks=[early, plateau])
    assert len(history.epoch) == 2
    assert early.stopped_epoch == 1
    assert history.history['lr'] == [0., 0.]
    assert history.history['val_loss'][0] == history.history['val_loss'][1]

    # ReduceLROnPlateau on a model with a real learning rate.
    model = _small_classifier(lr=0.)
    K.set_value(model.optimizer.lr, 0.2)
    plateau = ReduceLROnPlateau(monitor='loss', factor=0.1, patience=0,
                                min_delta=10.)   # never an improvement
    history = model.fit(x, y, epochs=3, batch_size=50, verbose=0,
                        callbacks=[plateau])
    # Epoch 0 sets the reference, epochs 1 and 2 each divide by 10; the logs
    # hold the rate the epoch ran with.
    np.testing.assert_allclose(K.get_value(model.optimizer.lr), 0.002,
                               rtol=1e-5)
    np.testing.assert_allclose(history.history['lr'], [0.2, 0.2, 0.02],
                               rtol=1e-5)


def test_model_checkpoint_save_weights_only(tmpdir):
    from keras.engine import saving
    if not hasattr(saving, 'save_weights_to_hdf5_group'):
        pytest.skip('keras/engine/saving.py has not landed yet '
                    '(no save_weights_to_hdf5_group)')
    from keras.callbacks import ModelCheckpoint
    _seed()
    x, y = _blobs(n=200)
    filepath = str(tmpdir.join('weights.{epoch:02d}-{val_loss:.2f}.hdf5'))
    best = str(tmpdir.join('best.h5'))
    model = _small_classifier(lr=0.1)
    model.fit(x, y, epochs=2, batch_size=50, verbose=0, validation_split=0.2,
              callbacks=[ModelCheckpoint(filepath, save_weights_only=True),
                         ModelCheckpoint(best, monitor='val_acc',
                                         save_best_only=True,
                                         save_weights_only=True, mode='max')])
    names = sorted(os.listdir(str(tmpdir)))
    assert [n for n in names if n.startswith('weights.01-')]
    assert [n for n in names if n.startswith('weights.02-')]
    assert 'best.h5' in names

    other = _small_classifier()
    other.load_weights(best)
    # Last epoch is best or not: the weights are finite and load cleanly.
    assert all(np.isfinite(w).all() for w in other.get_weights())
    last = [str(tmpdir.join(n)) for n in names if n.startswith('weights.02-')]
    other.load_weights(last[0])
    np.testing.assert_allclose(other.predict(x), model.predict(x), rtol=1e-6)


# ---------------------------------------------------------------------------
# 10. K.set_value(model.optimizer.lr, ...), K.get_value
# ---------------------------------------------------------------------------

def test_set_value_learning_rate_between_fits():
    from keras.models import Sequential
    from keras.layers import Dense
    _seed()
    rng = np.random.RandomState(0)
    x = rng.normal(size=(64, 3)).astype('float32')
    y = x.dot(np.array([[1.], [-2.], [0.5]], dtype='float32'))

    model = Sequential([Dense(1, input_shape=(3,), use_bias=False,
                              kernel_initializer='zeros')])
    model.compile(loss='mse', optimizer=keras.optimizers.SGD(lr=0.1))
    assert np.isclose(K.get_value(model.optimizer.lr), 0.1)
    K.set_value(model.optimizer.lr, 0.)
    w0 = model.get_weights()[0].copy()
    model.fit(x, y, epochs=1, batch_size=64, verbose=0)
    np.testing.assert_array_equal(model.get_weights()[0], w0)

    old_lr = float(K.get_value(model.optimizer.lr))
    K.set_value(model.optimizer.lr, 0.05)
    assert old_lr == 0.
    model.train_on_batch(x, y)
    # One SGD step from zero weights: w = -lr * dL/dw, L = mean((xw - y)^2).
    grad = 2. * x.T.dot(x.dot(w0) - y) / len(x)
    np.testing.assert_allclose(model.get_weights()[0], w0 - 0.05 * grad,
                               rtol=1e-5)


# ---------------------------------------------------------------------------
# 11. FAQ: intermediate activations with K.function and the learning phase
# ---------------------------------------------------------------------------

def test_faq_intermediate_layer_output():
    from keras.models import Sequential, Model
    from keras.layers import Dense, Dropout
    _seed()
    model = Sequential()
    model.add(Dense(16, activation='relu', input_shape=(8,), name='hidden'))
    model.add(Dropout(0.5))
    model.add(Dense(3, activation='softmax'))
    x = np.random.RandomState(0).normal(size=(10, 8)).astype('float32')

    get_3rd_layer_output = K.function([model.layers[0].input,
                                       K.learning_phase()],
                                      [model.layers[1].output])
    w, b = model.get_layer('hidden').get_weights()
    hidden = np.maximum(x.dot(w) + b, 0.)
    layer_output = get_3rd_layer_output([x, 0])[0]   # test mode
    np.testing.assert_allclose(layer_output, hidden, rtol=1e-5, atol=1e-6)
    train_output = get_3rd_layer_output([x, 1])[0]   # train mode
    kept = train_output != 0
    np.testing.assert_allclose(train_output[kept], 2. * hidden[kept],
                               rtol=1e-5)
    assert (hidden[~kept] == 0).mean() < 1.   # something was dropped
    assert (train_output == 0).sum() > (hidden == 0).sum()

    # The other FAQ recipe: a Model ending at the layer of interest.
    intermediate_layer_model = Model(inputs=model.input,
                                     outputs=model.get_layer('hidden').output)
    np.testing.assert_allclose(intermediate_layer_model.predict(x), hidden,
                               rtol=1e-5, atol=1e-6)

    # Gradients as in the visualisation examples.
    loss = K.mean(model.output[:, 0])
    grads = K.gradients(loss, model.input)[0]
    iterate = K.function([model.input, K.learning_phase()], [loss, grads])
    loss_value, grads_value = iterate([x, 0])
    assert grads_value.shape == (10, 8)
    np.testing.assert_allclose(loss_value, model.predict(x)[:, 0].mean(),
                               rtol=1e-5)


# ---------------------------------------------------------------------------
# 12. Custom training loop with train_on_batch / test_on_batch
#     (GAN-example style: freezing by `trainable` before compile)
# ---------------------------------------------------------------------------

def test_train_on_batch_loop_and_trainable_freeze():
    from keras.models import Sequential, Model
    from keras.layers import Dense, Input
    _seed()
    x, y = _blobs(n=256)

    model = _small_classifier(optimizer=keras.optimizers.Adam(lr=0.01))
    losses = []
    for epoch in range(2):
        for i in range(0, len(x), 32):
            loss, acc = model.train_on_batch(x[i:i + 32], y[i:i + 32])
            losses.append(loss)
    assert np.mean(losses[-8:]) < np.mean(losses[:8])
    assert K.get_value(model.optimizer.iterations) == 16
    test_loss, test_acc = model.test_on_batch(x, y)
    assert test_acc > 0.6   # chance is 0.5
    pred = model.predict_on_batch(x[:4])
    assert pred.shape == (4, 1)

    # GAN-style: a discriminator frozen inside the combined model.
    discriminator = Sequential([Dense(4, activation='relu', input_shape=(2,)),
                                Dense(1, activation='sigmoid')])
    discriminator.compile(loss='binary_crossentropy', optimizer='sgd')
    generator = Sequential([Dense(2, input_shape=(3,))])
    z = Input(shape=(3,))
    discriminator.trainable = False
    combined = Model(z, discriminator(generator(z)))
    combined.compile(loss='binary_crossentropy', optimizer='sgd')
    assert len(combined.trainable_weights) == 2

    d_before = [w.copy() for w in discriminator.get_weights()]
    g_before = [w.copy() for w in generator.get_weights()]
    noise = np.random.normal(size=(16, 3)).astype('float32')
    combined.train_on_batch(noise, np.ones((16, 1), 'float32'))
    for before, after in zip(d_before, discriminator.get_weights()):
        np.testing.assert_array_equal(before, after)
    assert any(not np.array_equal(b, a)
               for b, a in zip(g_before, generator.get_weights()))
    # The discriminator, compiled while trainable, still trains.
    discriminator.train_on_batch(generator.predict(noise),
                                 np.zeros((16, 1), 'float32'))
    assert any(not np.array_equal(b, a)
               for b, a in zip(d_before, discriminator.get_weights()))


# ---------------------------------------------------------------------------
# 13. get_config / from_config / to_json / model_from_json
# ---------------------------------------------------------------------------

def test_get_config_from_config_and_json():
    from keras.models import Sequential, Model
    from keras.layers import Dense, Input, Dropout, add
    _seed()
    model = Sequential()
    model.add(Dense(5, input_shape=(4,), activation='tanh',
                    kernel_regularizer=keras.regularizers.l2(0.01)))
    model.add(Dropout(0.3))
    model.add(Dense(2, activation='softmax'))
    config = model.get_config()
    clone = Sequential.from_config(config)
    assert [l.__class__.__name__ for l in clone.layers] == \
        ['Dense', 'Dropout', 'Dense']
    assert clone.layers[0].activation is keras.activations.tanh
    assert clone.layers[1].rate == 0.3
    clone.set_weights(model.get_weights())
    x = np.random.RandomState(0).normal(size=(3, 4)).astype('float32')
    np.testing.assert_allclose(clone.predict(x), model.predict(x), rtol=1e-6)

    inp = Input(shape=(4,), name='inp')
    a = Dense(4, name='a')(inp)
    out = Dense(1, name='out')(add([inp, a]))
    fmodel = Model(inp, out)
    fclone = Model.from_config(fmodel.get_config())
    assert [l.name for l in fclone.layers] == [l.name for l in fmodel.layers]
    fclone.set_weights(fmodel.get_weights())
    np.testing.assert_allclose(fclone.predict(x), fmodel.predict(x),
                               rtol=1e-6)

    import json
    parsed = json.loads(fmodel.to_json())
    assert parsed['class_name'] == 'Model'
    assert parsed['keras_version'] == keras.__version__
    from keras import models
    if not hasattr(models, 'model_from_json'):
        pytest.skip('keras.models.model_from_json has not landed yet')
    jclone = models.model_from_json(fmodel.to_json())
    jclone.set_weights(fmodel.get_weights())
    np.testing.assert_allclose(jclone.predict(x), fmodel.predict(x),
                               rtol=1e-6)


# ---------------------------------------------------------------------------
# 14. The article: W_/b_learning_rate_multiplier on Conv2D and Dense
# ---------------------------------------------------------------------------

def test_article_learning_rate_multipliers():
    from keras.models import Sequential
    from keras.layers import Conv2D, Dense, Flatten, MaxPooling2D
    _seed()
    (x_train, y_train), _ = _digits(flat=False)
    x_train = x_train[..., None][:512]
    y_train = keras.utils.to_categorical(y_train[:512], 10)

    model = Sequential()
    model.add(Conv2D(16, (2, 2), padding='same', activation='relu',
                     input_shape=(8, 8, 1),
                     W_learning_rate_multiplier=0.0,
                     b_learning_rate_multiplier=0.0))
    model.add(MaxPooling2D((2, 2)))
    model.add(Flatten())
    model.add(Dense(32, activation='relu',
                    W_learning_rate_multiplier=0.1,
                    b_learning_rate_multiplier=0.1))
    model.add(Dense(10, activation='softmax'))
    conv, dense = model.layers[0], model.layers[3]
    assert conv.multipliers == {conv.kernel: 0.0, conv.bias: 0.0}
    assert dense.multipliers == {dense.kernel: 0.1, dense.bias: 0.1}
    assert len(model.multipliers) == 4
    config = conv.get_config()
    assert config['W_learning_rate_multiplier'] == 0.0
    assert config['b_learning_rate_multiplier'] == 0.0

    lines = []
    model.summary(print_fn=lines.append)
    assert any('0.1' in line for line in lines if 'dense_1' in line)

    model.compile(loss='categorical_crossentropy',
                  optimizer=keras.optimizers.SGD(lr=0.1, momentum=0.9),
                  metrics=['accuracy'])
    before = [w.copy() for w in model.get_weights()]
    history = model.fit(x_train, y_train, epochs=2, batch_size=32, verbose=0)
    after = model.get_weights()
    assert history.history['loss'][1] < history.history['loss'][0]
    # Multiplier 0: the convolution is frozen, bit for bit.
    np.testing.assert_array_equal(after[0], before[0])
    np.testing.assert_array_equal(after[1], before[1])
    # The 0.1 layer moves less than the head at full rate.
    moved_dense = np.abs(after[2] - before[2]).mean()
    moved_head = np.abs(after[4] - before[4]).mean()
    assert 0 < moved_dense < moved_head

    # One plain SGD step with multiplier k equals a step with lr * k.
    K.clear_session()
    _seed()
    rng = np.random.RandomState(0)
    xs = rng.normal(size=(8, 4)).astype('float32')
    ys = rng.normal(size=(8, 2)).astype('float32')
    m = Sequential([Dense(2, input_shape=(4,), W_learning_rate_multiplier=0.5,
                          b_learning_rate_multiplier=2.)])
    m.compile(loss='mse', optimizer=keras.optimizers.SGD(lr=0.1))
    w, b = m.get_weights()
    m.train_on_batch(xs, ys)
    err = xs.dot(w) + b - ys
    gw = 2. * xs.T.dot(err) / err.size
    gb = 2. * err.sum(axis=0) / err.size
    w1, b1 = m.get_weights()
    np.testing.assert_allclose(w1, w - 0.1 * 0.5 * gw, rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(b1, b - 0.1 * 2. * gb, rtol=1e-5, atol=1e-7)


# ---------------------------------------------------------------------------
# 15. scikit-learn wrapper with cross_val_score (the "Keras + sklearn" posts)
# ---------------------------------------------------------------------------

def test_keras_classifier_cross_val_score():
    from keras.models import Sequential
    from keras.layers import Dense
    from keras.wrappers.scikit_learn import KerasClassifier
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from sklearn.datasets import load_iris
    _seed(7)

    data = load_iris()
    X = (data.data - data.data.mean(0)) / data.data.std(0)
    Y = data.target

    def create_model():
        model = Sequential()
        model.add(Dense(8, input_dim=4, activation='relu'))
        model.add(Dense(3, activation='softmax'))
        model.compile(loss='categorical_crossentropy',
                      optimizer=keras.optimizers.Adam(lr=0.05),
                      metrics=['accuracy'])
        return model

    estimator = KerasClassifier(build_fn=create_model, epochs=2,
                                batch_size=5, verbose=0)
    kfold = StratifiedKFold(n_splits=3, shuffle=True, random_state=7)
    results = cross_val_score(estimator, X, Y, cv=kfold)
    assert results.shape == (3,)
    assert results.mean() > 0.6   # chance is 1/3

    estimator.fit(X, Y)
    pred = estimator.predict(X)
    assert pred.shape == (150,)
    assert set(np.unique(pred)) <= {0, 1, 2}
    proba = estimator.predict_proba(X)
    assert proba.shape == (150, 3)
    np.testing.assert_allclose(proba.sum(axis=1), 1., rtol=1e-5)
    np.testing.assert_array_equal(pred, proba.argmax(axis=1))
    np.testing.assert_allclose(estimator.score(X, Y), np.mean(pred == Y),
                               atol=1e-6)


# ---------------------------------------------------------------------------
# 16. imdb_lstm.py / imdb_cnn.py style text models on synthetic "reviews":
#     pad_sequences, Embedding, LSTM (dropout / recurrent_dropout),
#     Conv1D + GlobalMaxPooling1D, Bidirectional
# ---------------------------------------------------------------------------

def _reviews(n=400, max_features=50, seed=0):
    """Variable-length token lists; positive reviews use the upper half of
    the vocabulary more often. Index 0 is padding, as in imdb.load_data."""
    rng = np.random.RandomState(seed)
    labels = rng.randint(0, 2, size=(n,))
    half = max_features // 2
    seqs = []
    for label in labels:
        length = rng.randint(5, 30)
        good = rng.rand(length) < (0.8 if label else 0.2)
        tokens = np.where(good, rng.randint(half, max_features, size=length),
                          rng.randint(1, half, size=length))
        seqs.append(list(tokens))
    return seqs, labels


def _pad(seqs, maxlen):
    try:
        from keras.preprocessing import sequence
    except ImportError as e:   # keras/preprocessing is still being written
        pytest.skip('keras.preprocessing.sequence unavailable: %s' % e)
    return sequence.pad_sequences(seqs, maxlen=maxlen)


def test_imdb_lstm_style():
    from keras.models import Sequential
    from keras.layers import Dense, Embedding
    from keras.layers import LSTM
    _seed()
    max_features = 50
    maxlen = 20
    seqs, labels = _reviews(max_features=max_features)
    x = _pad(seqs, maxlen)
    assert x.shape == (400, maxlen)
    assert x.dtype == np.int32
    short = [i for i, s in enumerate(seqs) if len(s) < maxlen][0]
    assert x[short, 0] == 0 and x[short, -1] == seqs[short][-1]   # 'pre'
    x_train, y_train = x[:320], labels[:320]
    x_test, y_test = x[320:], labels[320:]

    model = Sequential()
    model.add(Embedding(max_features, 16))
    model.add(LSTM(16, dropout=0.2, recurrent_dropout=0.2))
    model.add(Dense(1, activation='sigmoid'))
    model.compile(loss='binary_crossentropy', optimizer='adam',
                  metrics=['accuracy'])
    history = model.fit(x_train, y_train, batch_size=32, epochs=2,
                        validation_data=(x_test, y_test), verbose=0)
    assert sorted(history.history) == ['acc', 'loss', 'val_acc', 'val_loss']
    assert history.history['loss'][1] < history.history['loss'][0]
    score, acc = model.evaluate(x_test, y_test, batch_size=32, verbose=0)
    assert np.isfinite(score)
    assert model.predict(x_test).shape == (80, 1)
    assert model.layers[1].output_shape == (None, 16)

    # Test mode is deterministic (no dropout), train mode is not.
    f = K.function([model.input, K.learning_phase()], [model.output])
    np.testing.assert_array_equal(f([x_test[:8], 0])[0],
                                  f([x_test[:8], 0])[0])


def test_imdb_cnn_and_bidirectional_style():
    from keras.models import Sequential
    from keras.layers import (Dense, Dropout, Activation, Embedding, Conv1D,
                              GlobalMaxPooling1D, Bidirectional, LSTM)
    _seed()
    max_features = 50
    maxlen = 20
    seqs, labels = _reviews(max_features=max_features, seed=1)
    x = _pad(seqs, maxlen)

    model = Sequential()
    model.add(Embedding(max_features, 16, input_length=maxlen))
    model.add(Dropout(0.2))
    model.add(Conv1D(32, 3, padding='valid', activation='relu', strides=1))
    model.add(GlobalMaxPooling1D())
    model.add(Dense(16))
    model.add(Dropout(0.2))
    model.add(Activation('relu'))
    model.add(Dense(1))
    model.add(Activation('sigmoid'))
    assert model.layers[2].output_shape == (None, 18, 32)
    model.compile(loss='binary_crossentropy', optimizer='adam',
                  metrics=['accuracy'])
    history = model.fit(x, labels, batch_size=32, epochs=2, verbose=0,
                        validation_split=0.2)
    assert history.history['loss'][1] < history.history['loss'][0]
    assert history.history['val_acc'][-1] > 0.6   # chance is 0.5

    K.clear_session()
    model = Sequential()
    model.add(Embedding(max_features, 8, mask_zero=True))
    model.add(Bidirectional(LSTM(8)))
    model.add(Dropout(0.5))
    model.add(Dense(1, activation='sigmoid'))
    assert model.output_shape == (None, 1)
    assert model.layers[1].output_shape == (None, 16)
    model.compile('adam', 'binary_crossentropy', metrics=['accuracy'])
    history = model.fit(x, labels, batch_size=32, epochs=2, verbose=0)
    assert history.history['loss'][1] < history.history['loss'][0]
    # With mask_zero, extra leading padding does not change the prediction.
    # (Reviews no longer than maxlen, so that nothing was truncated.)
    fit = [i for i, s in enumerate(seqs) if len(s) <= maxlen][:6]
    longer = _pad([seqs[i] for i in fit], maxlen + 5)
    assert longer.shape == (6, 25)
    np.testing.assert_allclose(model.predict(longer), model.predict(x[fit]),
                               rtol=1e-5, atol=1e-6)


# ---------------------------------------------------------------------------
# 17. BatchNormalization in a CNN (cifar10_cnn-like), class_weight
# ---------------------------------------------------------------------------

def test_batchnorm_cnn():
    from keras.models import Sequential
    from keras.layers import (Conv2D, BatchNormalization, Activation,
                              MaxPooling2D, Flatten, Dense)
    _seed()
    (x_train, y_train), (x_test, y_test) = _digits(flat=False)
    x_train, x_test = x_train[..., None], x_test[..., None]
    y_train_c = keras.utils.to_categorical(y_train, 10)
    y_test_c = keras.utils.to_categorical(y_test, 10)

    model = Sequential()
    model.add(Conv2D(16, (3, 3), padding='same', input_shape=(8, 8, 1)))
    model.add(BatchNormalization())
    model.add(Activation('relu'))
    model.add(MaxPooling2D(pool_size=(2, 2)))
    model.add(Flatten())
    model.add(Dense(10))
    model.add(BatchNormalization())
    model.add(Activation('softmax'))
    bn = model.layers[1]
    assert len(bn.trainable_weights) == 2
    assert len(bn.non_trainable_weights) == 2
    assert len(model.updates) == 4   # moving mean/variance of both BN layers

    model.compile(loss='categorical_crossentropy', optimizer='adam',
                  metrics=['accuracy'])
    mean0, var0 = [K.get_value(w) for w in bn.non_trainable_weights]
    history = model.fit(x_train, y_train_c, batch_size=64, epochs=2,
                        verbose=0, validation_data=(x_test, y_test_c),
                        class_weight={i: 1. for i in range(10)})
    assert history.history['loss'][1] < history.history['loss'][0]
    assert history.history['val_acc'][-1] > 0.6
    mean1, var1 = [K.get_value(w) for w in bn.non_trainable_weights]
    assert not np.allclose(mean0, mean1)   # the moving stats were updated
    assert not np.allclose(var0, var1)

    # Inference uses the moving statistics: predictions do not depend on
    # the batch they are in.
    p_all = model.predict(x_test[:20], batch_size=20)
    p_one = np.concatenate([model.predict(x_test[i:i + 1])
                            for i in range(20)])
    np.testing.assert_allclose(p_all, p_one, rtol=1e-4, atol=1e-6)
    # BN output in test mode is gamma * (x - mean) / sqrt(var + eps) + beta.
    conv_out = K.function([model.input, K.learning_phase()],
                          [model.layers[0].output, bn.output])
    c, b = conv_out([x_test[:5], 0])
    gamma, beta, mean, var = bn.get_weights()
    expected = gamma * (c - mean) / np.sqrt(var + bn.epsilon) + beta
    np.testing.assert_allclose(b, expected, rtol=1e-4, atol=1e-5)


# ---------------------------------------------------------------------------
# 18. K.clear_session() between models (hyper-parameter search loops)
# ---------------------------------------------------------------------------

def test_clear_session_between_models():
    from keras.models import Sequential
    from keras.layers import Dense
    x, y = _blobs(n=128)
    results = {}
    graphs = []
    for units in (4, 8):
        K.clear_session()
        _seed()
        model = Sequential()
        model.add(Dense(units, activation='relu', input_shape=(8,)))
        model.add(Dense(1, activation='sigmoid'))
        # Layer names restart after clear_session.
        assert [l.name for l in model.layers] == ['dense_1', 'dense_2']
        model.compile(loss='binary_crossentropy', optimizer='sgd',
                      metrics=['accuracy'])
        history = model.fit(x, y, epochs=1, batch_size=32, verbose=0)
        results[units] = history.history['loss'][0]
        graphs.append(K.get_session().graph)
        assert model.layers[0].kernel.graph is graphs[-1]
    assert graphs[0] is not graphs[1]
    assert all(np.isfinite(v) for v in results.values())
    # The learning phase placeholder is new too, and usable.
    assert K.learning_phase().graph is graphs[1]


# ---------------------------------------------------------------------------
# 19. Module paths that Keras 2.2.x scripts imported from
# ---------------------------------------------------------------------------

def test_old_import_paths():
    from keras.layers.core import Dense, Dropout, Activation, Flatten  # noqa
    from keras.layers.convolutional import Convolution2D, ZeroPadding2D  # noqa
    from keras.layers.pooling import MaxPooling2D, GlobalAveragePooling2D  # noqa
    from keras.layers.normalization import BatchNormalization  # noqa
    from keras.layers.advanced_activations import LeakyReLU, PReLU  # noqa
    from keras.layers.recurrent import LSTM, GRU, SimpleRNN  # noqa
    from keras.layers.embeddings import Embedding  # noqa
    from keras.layers.merge import concatenate, add, Concatenate  # noqa
    from keras.layers.wrappers import TimeDistributed, Bidirectional  # noqa
    from keras.engine.topology import Layer, InputSpec, get_source_inputs  # noqa
    from keras.engine import Layer as EngineLayer, Input  # noqa
    from keras.utils.np_utils import to_categorical  # noqa
    from keras.utils.generic_utils import get_custom_objects  # noqa
    from keras.utils.data_utils import get_file  # noqa
    from keras.utils.io_utils import HDF5Matrix  # noqa
    from keras.backend.tensorflow_backend import set_session  # noqa
    from keras.backend import tensorflow_backend as KTF  # noqa
    from keras.constraints import maxnorm  # noqa
    from keras.wrappers.scikit_learn import KerasClassifier  # noqa
    assert Layer is keras.layers.Layer
    assert Convolution2D is keras.layers.Conv2D
    assert KTF.get_session is K.get_session


def test_old_import_paths_convolutional_reexports():
    from keras.layers.convolutional import MaxPooling2D, AveragePooling2D  # noqa
    from keras.layers.convolutional import MaxPooling1D, AveragePooling1D  # noqa
    from keras.layers.convolutional import MaxPooling3D, AveragePooling3D  # noqa
    from keras.layers.convolutional import AtrousConvolution2D  # noqa
    from keras.layers.convolutional import AtrousConvolution1D  # noqa
    assert MaxPooling2D is keras.layers.MaxPooling2D


def test_old_import_paths_recurrent_base():
    from keras.layers.recurrent import Recurrent  # noqa
    from keras.legacy.layers import Recurrent as LegacyRecurrent
    assert Recurrent is LegacyRecurrent


def test_old_import_paths_objectives():
    from keras.objectives import binary_crossentropy, mse  # noqa
    assert binary_crossentropy is keras.losses.binary_crossentropy


def test_old_import_paths_imagenet_utils():
    import numpy as np
    from keras.applications.imagenet_utils import preprocess_input
    x = np.full((1, 2, 2, 3), 255., dtype='float32')
    np.testing.assert_allclose(preprocess_input(x.copy(), mode='tf'), np.ones_like(x))


# ---------------------------------------------------------------------------
# 20. Lambda without output_shape infers its shape from the Keras shapes
# ---------------------------------------------------------------------------

def test_lambda_infers_shape_from_keras_shapes():
    from keras.models import Sequential
    from keras.layers import Dense, Reshape, Permute, Lambda, Flatten
    model = Sequential([Dense(8, input_shape=(4,)), Reshape((-1, 4)),
                        Permute((2, 1)),
                        Lambda(lambda x, p: x ** p, arguments={'p': 2})])
    assert model.layers[1].output_shape == (None, 2, 4)
    assert model.layers[2].output_shape == (None, 4, 2)
    assert model.output_shape == (None, 4, 2)
    model.add(Flatten())
    model.add(Dense(1))
    assert model.output_shape == (None, 1)


# ---------------------------------------------------------------------------
# 21. mnist_siamese.py style: a shared base network, a distance Lambda,
#     a contrastive loss and a custom metric named `accuracy`
# ---------------------------------------------------------------------------

def test_siamese_shared_network():
    from keras.models import Model
    from keras.layers import Input, Dense, Dropout, Lambda, Flatten
    from keras.optimizers import RMSprop
    _seed()

    def euclidean_distance(vects):
        x, y = vects
        sum_square = K.sum(K.square(x - y), axis=1, keepdims=True)
        return K.sqrt(K.maximum(sum_square, K.epsilon()))

    def eucl_dist_output_shape(shapes):
        shape1, shape2 = shapes
        return (shape1[0], 1)

    def contrastive_loss(y_true, y_pred):
        margin = 1
        square_pred = K.square(y_pred)
        margin_square = K.square(K.maximum(margin - y_pred, 0))
        return K.mean(y_true * square_pred + (1 - y_true) * margin_square)

    def accuracy(y_true, y_pred):
        return K.mean(K.equal(y_true, K.cast(y_pred < 0.5, y_true.dtype)))

    def create_base_network(input_shape):
        input = Input(shape=input_shape)
        x = Flatten()(input)
        x = Dense(32, activation='relu')(x)
        x = Dropout(0.1)(x)
        x = Dense(32, activation='relu')(x)
        return Model(input, x)

    rng = np.random.RandomState(0)
    a = rng.uniform(size=(128, 8, 8)).astype('float32')
    same = np.arange(128) % 2 == 0
    b = np.where(same[:, None, None], a,
                 rng.uniform(size=(128, 8, 8))).astype('float32')
    y = same.astype('float32')

    base_network = create_base_network((8, 8))
    input_a = Input(shape=(8, 8))
    input_b = Input(shape=(8, 8))
    processed_a = base_network(input_a)
    processed_b = base_network(input_b)
    distance = Lambda(euclidean_distance,
                      output_shape=eucl_dist_output_shape)(
        [processed_a, processed_b])
    model = Model([input_a, input_b], distance)
    assert len(model.trainable_weights) == 4   # shared, counted once
    model.compile(loss=contrastive_loss, optimizer=RMSprop(),
                  metrics=[accuracy])
    history = model.fit([a, b], y, batch_size=16, epochs=2, verbose=0,
                        validation_data=([a, b], y))
    # 2.2.4 names a custom metric by its function name, even 'accuracy'.
    assert sorted(history.history) == ['accuracy', 'loss', 'val_accuracy',
                                       'val_loss']
    assert history.history['loss'][1] < history.history['loss'][0]
    pred = model.predict([a, b])
    assert pred.shape == (128, 1)
    # Identical pairs: distance sqrt(epsilon) exactly (shared weights).
    np.testing.assert_allclose(pred[same], np.sqrt(K.epsilon()), rtol=1e-3)
    assert np.mean(pred[~same] < 0.5) < 0.5
    assert history.history['val_accuracy'][-1] > 0.6


# ---------------------------------------------------------------------------
# 22. stateful_lstm.py and addition_rnn.py styles
# ---------------------------------------------------------------------------

def test_stateful_lstm_reset_states():
    from keras.models import Sequential
    from keras.layers import Dense, LSTM
    _seed()
    batch_size = 5
    model = Sequential()
    model.add(LSTM(8, batch_input_shape=(batch_size, 3, 1),
                   return_sequences=True, stateful=True))
    model.add(LSTM(8, return_sequences=False, stateful=True))
    model.add(Dense(1))
    model.compile(loss='mse', optimizer='adam')
    rng = np.random.RandomState(0)
    x = rng.normal(size=(20, 3, 1)).astype('float32')
    y = x.sum(axis=1)
    for i in range(2):
        model.fit(x, y, batch_size=batch_size, epochs=1, verbose=0,
                  shuffle=False)
        model.reset_states()
    p1 = model.predict(x, batch_size=batch_size)
    model.reset_states()
    p2 = model.predict(x, batch_size=batch_size)
    np.testing.assert_allclose(p1, p2, rtol=1e-5)
    # Without a reset the state carries over from the previous predict.
    p3 = model.predict(x, batch_size=batch_size)
    assert not np.allclose(p2, p3)
    # The state carries across the batches of one predict call: the second
    # batch predicted alone (fresh state) differs.
    model.reset_states()
    alone = model.predict(x[5:10], batch_size=batch_size)
    assert not np.allclose(alone, p2[5:10])


def test_addition_rnn_seq2seq():
    from keras.models import Sequential
    from keras import layers
    _seed()
    chars = '0123456789+ '
    maxlen, digits = 7, 3

    def encode(s, rows):
        x = np.zeros((rows, len(chars)), dtype='float32')
        for i, c in enumerate(s):
            x[i, chars.index(c)] = 1
        return x

    rng = np.random.RandomState(0)
    questions, answers = [], []
    for _ in range(300):
        a, b = rng.randint(0, 100, size=2)
        q = '{}+{}'.format(a, b)
        questions.append(q + ' ' * (maxlen - len(q)))
        ans = str(a + b)
        answers.append(ans + ' ' * (digits + 1 - len(ans)))
    x = np.stack([encode(q, maxlen) for q in questions])
    y = np.stack([encode(ans, digits + 1) for ans in answers])

    model = Sequential()
    model.add(layers.LSTM(32, input_shape=(maxlen, len(chars))))
    model.add(layers.RepeatVector(digits + 1))
    model.add(layers.LSTM(32, return_sequences=True))
    model.add(layers.TimeDistributed(layers.Dense(len(chars))))
    model.add(layers.Activation('softmax'))
    model.compile(loss='categorical_crossentropy', optimizer='adam',
                  metrics=['accuracy'])
    assert model.output_shape == (None, digits + 1, len(chars))
    history = model.fit(x, y, batch_size=32, epochs=2, verbose=0,
                        validation_data=(x[:50], y[:50]))
    assert history.history['loss'][1] < history.history['loss'][0]
    preds = model.predict_classes(x[:10], verbose=0)
    assert preds.shape == (10, digits + 1)
    probs = model.predict(x[:10])
    np.testing.assert_array_equal(preds, probs.argmax(axis=-1))
    # Per-timestep accuracy as 2.2.4 computes it for 3D outputs.
    acc = model.evaluate(x[:50], y[:50], verbose=0, batch_size=50)[1]
    p = model.predict(x[:50])
    np.testing.assert_allclose(acc, np.mean(p.argmax(-1) == y[:50].argmax(-1)),
                               atol=1e-6)


# ---------------------------------------------------------------------------
# 23. A Theano-ordering script: K.set_image_dim_ordering('th') on a CPU
# ---------------------------------------------------------------------------

def test_theano_dim_ordering_cnn():
    from keras.models import Sequential
    from keras.layers import (Convolution2D, MaxPooling2D, Flatten, Dense,
                              ZeroPadding2D, BatchNormalization)
    _seed()
    K.set_image_dim_ordering('th')
    try:
        assert K.image_data_format() == 'channels_first'
        (x_train, y_train), _ = _digits(flat=False)
        x_train = x_train[:256, None]   # (n, 1, 8, 8)
        y_train = keras.utils.to_categorical(y_train[:256], 10)
        model = Sequential()
        model.add(ZeroPadding2D((1, 1), input_shape=(1, 8, 8)))
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            model.add(Convolution2D(8, 3, 3, activation='relu'))
        model.add(BatchNormalization(axis=1))
        model.add(MaxPooling2D((2, 2), strides=(2, 2)))
        model.add(Flatten())
        model.add(Dense(10, activation='softmax'))
        assert [l.output_shape for l in model.layers] == [
            (None, 1, 10, 10), (None, 8, 8, 8), (None, 8, 8, 8),
            (None, 8, 4, 4), (None, 128), (None, 10)]
        model.compile(loss='categorical_crossentropy', optimizer='adam',
                      metrics=['accuracy'])
        history = model.fit(x_train, y_train, batch_size=32, epochs=2,
                            verbose=0)
        assert history.history['loss'][1] < history.history['loss'][0]
        # The convolution is a channels_first one: compare with NumPy.
        f = K.function([model.input, K.learning_phase()],
                       [model.layers[1].output])
        kernel, bias = model.layers[1].get_weights()   # (3, 3, 1, 8)
        xp = np.pad(x_train[:2], ((0, 0), (0, 0), (1, 1), (1, 1)),
                    mode='constant')
        expected = np.zeros((2, 8, 8, 8), 'float32')
        for i in range(8):
            for j in range(8):
                patch = xp[:, :, i:i + 3, j:j + 3]   # (n, 1, 3, 3)
                expected[:, :, i, j] = np.einsum('ncij,ijco->no', patch,
                                                 kernel)
        expected = np.maximum(expected + bias[None, :, None, None], 0)
        np.testing.assert_allclose(f([x_train[:2], 0])[0], expected,
                                   rtol=1e-4, atol=1e-5)
    finally:
        K.set_image_data_format('channels_last')


# ---------------------------------------------------------------------------
# 24. Save / load with custom objects; ModelCheckpoint(save_best_only) and
#     resuming training from the checkpoint (optimizer state included)
# ---------------------------------------------------------------------------

def test_save_load_custom_objects_and_resume(tmpdir):
    from keras.models import Model, load_model
    from keras.layers import Input, Dense
    from keras.callbacks import ModelCheckpoint
    from keras.utils.generic_utils import get_custom_objects
    _seed()

    def swish_integration(x):
        return x * K.sigmoid(x)

    # Registered under its own __name__, which is what gets serialized.
    get_custom_objects().update({'swish_integration': swish_integration})
    try:
        inp = Input((6,))
        h = Dense(8, activation='swish_integration',
                  W_learning_rate_multiplier=0.)(inp)
        out = MyLayer(2, name='proj')(h)
        model = Model(inp, out)
        model.compile(optimizer='adam', loss=my_mse, metrics=[mean_pred])
        rng = np.random.RandomState(0)
        x = rng.normal(size=(64, 6)).astype('float32')
        y = rng.normal(size=(64, 2)).astype('float32')
        best = str(tmpdir.join('best.hdf5'))
        model.fit(x, y, epochs=2, batch_size=16, verbose=0,
                  validation_data=(x, y),
                  callbacks=[ModelCheckpoint(best, monitor='val_loss',
                                             save_best_only=True)])
        model.save(str(tmpdir.join('final.h5')))

        restored = load_model(str(tmpdir.join('final.h5')),
                              custom_objects={'MyLayer': MyLayer,
                                              'my_mse': my_mse,
                                              'mean_pred': mean_pred})
        np.testing.assert_allclose(restored.predict(x), model.predict(x),
                                   rtol=1e-6)
        assert restored.layers[1].get_config()[
            'W_learning_rate_multiplier'] == 0.
        assert K.get_value(restored.optimizer.iterations) == 8
        # Resuming gives the same step as continuing the original model.
        model.train_on_batch(x[:16], y[:16])
        restored.train_on_batch(x[:16], y[:16])
        for a, b in zip(model.get_weights(), restored.get_weights()):
            np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
        # The frozen Dense kernel did not move in either.
        np.testing.assert_array_equal(model.layers[1].get_weights()[0],
                                      restored.layers[1].get_weights()[0])

        from_best = load_model(best, custom_objects={'MyLayer': MyLayer,
                                                     'my_mse': my_mse,
                                                     'mean_pred': mean_pred})
        assert from_best.predict(x).shape == (64, 2)
    finally:
        del get_custom_objects()['swish_integration']


# ---------------------------------------------------------------------------
# 25. ImageDataGenerator.flow + fit_generator (cifar10_cnn augmentation)
# ---------------------------------------------------------------------------

@pytest.mark.filterwarnings('ignore::DeprecationWarning')   # scipy, via
def test_image_data_generator_flow():                     # keras_preprocessing
    from keras.preprocessing.image import ImageDataGenerator
    from keras.models import Sequential
    from keras.layers import Conv2D, Flatten, Dense, Activation
    _seed()
    (x_train, y_train), (x_test, y_test) = _digits(flat=False)
    x_train = np.repeat(x_train[:320, :, :, None], 3, axis=-1)
    y_train = keras.utils.to_categorical(y_train[:320], 10)

    datagen = ImageDataGenerator(featurewise_center=True,
                                 featurewise_std_normalization=True,
                                 width_shift_range=0.1,
                                 height_shift_range=0.1,
                                 horizontal_flip=False)
    datagen.fit(x_train)
    np.testing.assert_allclose(datagen.mean.ravel(),
                               x_train.mean(axis=(0, 1, 2)), rtol=1e-4)

    model = Sequential()
    model.add(Conv2D(8, (3, 3), padding='same', input_shape=x_train.shape[1:]))
    model.add(Activation('relu'))
    model.add(Flatten())
    model.add(Dense(10))
    model.add(Activation('softmax'))
    model.compile(loss='categorical_crossentropy',
                  optimizer=keras.optimizers.RMSprop(lr=0.001, decay=1e-6),
                  metrics=['accuracy'])
    history = model.fit_generator(datagen.flow(x_train, y_train,
                                               batch_size=32),
                                  steps_per_epoch=len(x_train) // 32,
                                  epochs=2, verbose=0, workers=1)
    assert history.params['steps'] == 10
    assert history.history['loss'][1] < history.history['loss'][0]
    batch_x, batch_y = next(datagen.flow(x_train, y_train, batch_size=8))
    assert batch_x.shape == (8, 8, 8, 3) and batch_y.shape == (8, 10)


# ---------------------------------------------------------------------------
# 26. mnist_tfrecord.py style: Input(tensor=...), target_tensors,
#     fit(steps_per_epoch=...) without arrays
# ---------------------------------------------------------------------------

def test_input_tensor_and_target_tensors():
    from keras.layers import Input, Dense
    from keras.models import Model
    _seed()
    tf = K.tf
    rng = np.random.RandomState(0)
    x = rng.normal(size=(64, 3)).astype('float32')
    y = x.dot(np.array([[1.], [2.], [-1.]], 'float32'))
    dataset = tf.data.Dataset.from_tensor_slices((x, y)).repeat().batch(16)
    x_tensor, y_tensor = tf.data.make_one_shot_iterator(dataset).get_next()

    model_input = Input(tensor=x_tensor)
    model_output = Dense(1)(model_input)
    model = Model(inputs=model_input, outputs=model_output)
    model.compile(optimizer=keras.optimizers.SGD(lr=0.1), loss='mse',
                  target_tensors=[y_tensor])
    history = model.fit(epochs=3, steps_per_epoch=4, verbose=0)
    assert history.history['loss'][-1] < history.history['loss'][0]
    assert np.isfinite(model.evaluate(steps=2, verbose=0))


# ---------------------------------------------------------------------------
# 27. Fine-tuning the way the blog posts did: freeze the base with
#     `trainable`, recompile, unfreeze the top; plus the project's rules
# ---------------------------------------------------------------------------

def test_fine_tuning_trainable_and_multiplier_rules():
    from keras.models import Model
    from keras.layers import (Input, Conv2D, GlobalAveragePooling2D, Dense)
    from keras.optimizers import SGD
    _seed()
    inp = Input((8, 8, 3))
    x = Conv2D(4, 3, activation='relu', name='block1_conv')(inp)
    x = Conv2D(4, 3, activation='relu', name='block2_conv')(x)
    base_model = Model(inp, x)
    x = base_model.output
    x = GlobalAveragePooling2D()(x)
    x = Dense(8, activation='relu')(x)
    predictions = Dense(2, activation='softmax')(x)
    model = Model(inputs=base_model.input, outputs=predictions)

    rng = np.random.RandomState(0)
    data = rng.uniform(size=(32, 8, 8, 3)).astype('float32')
    labels = keras.utils.to_categorical(rng.randint(0, 2, 32), 2)

    for layer in base_model.layers:
        layer.trainable = False
    model.compile(optimizer='rmsprop', loss='categorical_crossentropy')
    frozen = [w.copy() for w in base_model.get_weights()]
    model.fit(data, labels, epochs=1, verbose=0)
    for a, b in zip(frozen, base_model.get_weights()):
        np.testing.assert_array_equal(a, b)

    for layer in model.layers[:2]:
        layer.trainable = False
    for layer in model.layers[2:]:
        layer.trainable = True
    model.compile(optimizer=SGD(lr=0.01, momentum=0.9),
                  loss='categorical_crossentropy')
    before = [w.copy() for w in model.get_weights()]
    model.fit(data, labels, epochs=1, verbose=0)
    after = model.get_weights()
    np.testing.assert_array_equal(before[0], after[0])   # block1 frozen
    assert not np.array_equal(before[2], after[2])        # block2 trains

    # The same with multipliers instead of `trainable`: no recompilation.
    model.set_learning_rate_multipliers({'block1_*': 0, 'block2_*': 0.1})
    assert model.get_layer('block1_conv').trainable is False
    model.get_layer('block1_conv').trainable = True
    model.compile(optimizer=SGD(lr=0.01), loss='categorical_crossentropy')
    before = [w.copy() for w in model.get_weights()]
    model.fit(data, labels, epochs=1, verbose=0, batch_size=32)
    after = model.get_weights()
    np.testing.assert_array_equal(before[0], after[0])   # multiplier 0
    np.testing.assert_array_equal(before[1], after[1])
    step_block2 = np.abs(after[2] - before[2]).max()
    assert step_block2 > 0


# ---------------------------------------------------------------------------
# 28. A custom callback reading self.validation_data (the ROC-AUC recipe),
#     and class_weight / sample_weight weighting the loss as 2.2.4 does
# ---------------------------------------------------------------------------

def test_custom_callback_validation_data_and_weights():
    from keras.models import Sequential
    from keras.layers import Dense
    from keras.callbacks import Callback
    from sklearn.metrics import roc_auc_score
    _seed()

    class RocAucEvaluation(Callback):
        def on_train_begin(self, logs={}):
            self.aucs = []

        def on_epoch_end(self, epoch, logs={}):
            x_val, y_val = self.validation_data[0], self.validation_data[1]
            y_pred = self.model.predict(x_val, verbose=0)
            self.aucs.append(roc_auc_score(y_val, y_pred))
            logs['roc_auc'] = self.aucs[-1]

    x, y = _blobs(n=200)
    model = _small_classifier(lr=0.1)
    roc = RocAucEvaluation()
    history = model.fit(x[:150], y[:150], epochs=2, batch_size=16, verbose=0,
                        validation_data=(x[150:], y[150:]), callbacks=[roc])
    assert len(roc.aucs) == 2
    np.testing.assert_array_equal(roc.validation_data[1].ravel(), y[150:])
    assert history.history['roc_auc'] == roc.aucs
    assert roc.aucs[-1] > 0.8

    # class_weight: per-sample losses weighted, divided by the mean of the
    # non-zero weights indicator (2.2.4's weighted_masked_objective).
    model = Sequential([Dense(1, activation='sigmoid', input_shape=(8,),
                              kernel_initializer='zeros')])
    model.compile(keras.optimizers.SGD(lr=0.), 'binary_crossentropy')
    yy = np.array([0] * 8 + [1] * 2)
    history = model.fit(x[:10], yy, batch_size=10, verbose=0,
                        class_weight={0: 1., 1: 4.})
    np.testing.assert_allclose(history.history['loss'][0],
                               np.log(2.) * (8 * 1. + 2 * 4.) / 10.,
                               rtol=1e-5)
    loss = model.evaluate(x[:10], yy, batch_size=10, verbose=0,
                          sample_weight=np.array([2.] * 5 + [0.] * 5))
    np.testing.assert_allclose(loss, np.log(2.) * 2., rtol=1e-5)


# ---------------------------------------------------------------------------
# 29. The regression tutorial: StandardScaler + KerasRegressor in a Pipeline,
#     cross_val_score; GridSearchCV over build_fn and fit parameters
# ---------------------------------------------------------------------------

def test_keras_regressor_pipeline_and_grid_search():
    from keras.models import Sequential
    from keras.layers import Dense
    from keras.wrappers.scikit_learn import KerasRegressor, KerasClassifier
    from sklearn.datasets import make_regression, load_iris
    from sklearn.model_selection import KFold, GridSearchCV, cross_val_score
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler
    _seed(7)

    X, Y = make_regression(n_samples=90, n_features=5, noise=0.1,
                           random_state=0)
    Y = Y / Y.std()

    def baseline_model():
        model = Sequential()
        model.add(Dense(8, input_dim=5, kernel_initializer='normal',
                        activation='relu'))
        model.add(Dense(1, kernel_initializer='normal'))
        model.compile(loss='mean_squared_error', optimizer='adam')
        return model

    estimators = [('standardize', StandardScaler()),
                  ('mlp', KerasRegressor(build_fn=baseline_model, epochs=2,
                                         batch_size=5, verbose=0))]
    pipeline = Pipeline(estimators)
    kfold = KFold(n_splits=3, shuffle=True, random_state=7)
    results = cross_val_score(pipeline, X, Y, cv=kfold, error_score='raise')
    assert results.shape == (3,)
    assert np.isfinite(results).all()
    assert (results < 0).all()   # the score is minus the MSE
    pipeline.fit(X, Y)
    assert pipeline.predict(X[:7]).shape == (7,)

    def create_model(optimizer='rmsprop', units=8):
        model = Sequential()
        model.add(Dense(units, input_dim=4, activation='relu'))
        model.add(Dense(3, activation='softmax'))
        model.compile(loss='categorical_crossentropy', optimizer=optimizer,
                      metrics=['accuracy'])
        return model

    data = load_iris()
    x_iris = (data.data - data.data.mean(0)) / data.data.std(0)
    model = KerasClassifier(build_fn=create_model, verbose=0)
    param_grid = dict(optimizer=['sgd', 'adam'], units=[4], epochs=[1],
                      batch_size=[10])
    grid = GridSearchCV(estimator=model, param_grid=param_grid, cv=2,
                        error_score='raise')
    grid_result = grid.fit(x_iris, data.target)
    assert set(grid_result.best_params_) == {'optimizer', 'units', 'epochs',
                                             'batch_size'}
    assert len(grid_result.cv_results_['mean_test_score']) == 2
    assert 0. <= grid_result.best_score_ <= 1.
    assert grid_result.best_estimator_.predict(x_iris[:5]).shape == (5,)
