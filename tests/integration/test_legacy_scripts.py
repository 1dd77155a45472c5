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
