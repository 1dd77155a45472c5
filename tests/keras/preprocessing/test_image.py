"""keras.preprocessing.image: defaults from the backend, iterators that are
keras.utils.Sequence objects, and ImageDataGenerator feeding fit_generator."""
import os
import subprocess
import sys
import types

import numpy as np
import pytest

import keras_preprocessing.image as kp_image

from keras import backend as K
from keras.engine.input_layer import Input
from keras.engine.training import Model
from keras.layers import Dense
from keras.layers import Flatten
from keras.preprocessing import image
from keras.utils import Sequence

pytest.importorskip('PIL')


@pytest.fixture
def channels_first():
    old = K.image_data_format()
    K.set_image_data_format('channels_first')
    yield
    K.set_image_data_format(old)


@pytest.fixture
def float64():
    old = K.floatx()
    K.set_floatx('float64')
    yield
    K.set_floatx(old)


def test_array_img_round_trip():
    x = np.zeros((4, 5, 3), dtype='float32')
    x[1, 2] = [255, 0, 10]
    img = image.array_to_img(x, scale=False)
    assert img.size == (5, 4) and img.mode == 'RGB'
    assert img.getpixel((2, 1)) == (255, 0, 10)
    back = image.img_to_array(img)
    assert back.dtype == np.float32 and back.shape == (4, 5, 3)
    np.testing.assert_array_equal(back, x)


def test_array_to_img_scales_to_0_255():
    x = np.array([[[0.0], [0.5]], [[1.0], [0.25]]])
    img = image.array_to_img(x)  # scale=True: min->0, max->255
    assert img.mode == 'L'
    np.testing.assert_array_equal(np.asarray(img),
                                  np.array([[0, 127], [255, 63]]))


def test_defaults_follow_backend(channels_first, float64):
    x = np.arange(2 * 3 * 4, dtype='float64').reshape(3, 2, 4)  # (c, h, w)
    img = image.array_to_img(x, scale=False)
    assert img.size == (4, 2)
    back = image.img_to_array(img)
    assert back.dtype == np.float64 and back.shape == (3, 2, 4)
    np.testing.assert_array_equal(back, x)
    gen = image.ImageDataGenerator()
    assert gen.data_format == 'channels_first' and gen.dtype == 'float64'
    it = gen.flow(np.zeros((2, 3, 4, 4)), batch_size=2)
    assert it.data_format == 'channels_first'
    assert it[0].dtype == np.float64


def test_save_and_load_img(tmp_path):
    x = np.random.RandomState(0).randint(0, 256, (6, 7, 3)).astype('float32')
    path = str(tmp_path / 'a.png')
    image.save_img(path, x, scale=False)
    img = image.load_img(path)
    np.testing.assert_array_equal(image.img_to_array(img), x)
    small = image.load_img(path, target_size=(3, 4), color_mode='grayscale')
    assert image.img_to_array(small).shape == (3, 4, 1)


def test_iterators_are_our_sequences():
    gen = image.ImageDataGenerator()
    it = gen.flow(np.zeros((5, 4, 4, 1)), np.arange(5), batch_size=2)
    assert isinstance(it, image.NumpyArrayIterator)
    assert isinstance(it, image.Iterator)
    assert isinstance(it, Sequence)
    assert isinstance(it, kp_image.NumpyArrayIterator)
    assert len(it) == 3
    x, y = it[2]
    assert x.shape == (1, 4, 4, 1)
    for cls in (image.NumpyArrayIterator, image.DirectoryIterator,
                image.DataFrameIterator):
        assert issubclass(cls, Sequence)


def test_iterators_never_import_tf_keras(monkeypatch, tmp_path):
    # keras_preprocessing's iterators graft tensorflow.keras.utils.Sequence
    # onto their class in __new__; ours must not even look it up.
    looked_up = []

    class FakeSequence(object):
        pass

    fake = types.ModuleType('tensorflow.keras.utils')

    def fake_getattr(name):
        looked_up.append(name)
        if name == 'Sequence':
            return FakeSequence
        raise AttributeError(name)

    fake.__getattr__ = fake_getattr
    monkeypatch.setitem(sys.modules, 'tensorflow.keras',
                        types.ModuleType('tensorflow.keras'))
    monkeypatch.setitem(sys.modules, 'tensorflow.keras.utils', fake)
    (tmp_path / 'a').mkdir()
    gen = image.ImageDataGenerator()
    gen.flow(np.zeros((2, 4, 4, 1)))
    gen.flow_from_directory(str(tmp_path))
    assert looked_up == []
    for cls in (image.NumpyArrayIterator, image.DirectoryIterator):
        assert FakeSequence not in cls.__mro__


def test_flow_transform_values():
    x = np.arange(2 * 3 * 3, dtype='float32').reshape(2, 3, 3, 1)
    gen = image.ImageDataGenerator(horizontal_flip=True, rescale=0.5)
    # With seed fixed, compare against keras_preprocessing's own generator.
    ref = kp_image.ImageDataGenerator(horizontal_flip=True, rescale=0.5)
    ours = gen.flow(x, batch_size=2, shuffle=False, seed=3)[0]
    theirs = ref.flow(x, batch_size=2, shuffle=False, seed=3)[0]
    np.testing.assert_array_equal(ours, theirs)
    for a, b in zip(ours, x):
        assert (np.array_equal(a, b * 0.5) or
                np.array_equal(a, b[:, ::-1] * 0.5))


def test_featurewise_standardization():
    rng = np.random.RandomState(1)
    x = rng.uniform(0, 10, (20, 3, 3, 3)).astype('float32')
    gen = image.ImageDataGenerator(featurewise_center=True,
                                   featurewise_std_normalization=True)
    gen.fit(x)
    np.testing.assert_allclose(gen.mean.reshape(-1),
                               x.mean(axis=(0, 1, 2)), rtol=1e-5)
    batch = gen.flow(x, batch_size=20, shuffle=False)[0]
    expected = (x - x.mean(axis=(0, 1, 2))) / (x.std(axis=(0, 1, 2)) + 1e-6)
    np.testing.assert_allclose(batch, expected, rtol=1e-4, atol=1e-5)


def test_flow_from_directory(tmp_path):
    rng = np.random.RandomState(2)
    for cls, count in (('cats', 3), ('dogs', 2)):
        folder = tmp_path / cls
        folder.mkdir()
        for i in range(count):
            image.save_img(str(folder / ('%d.png' % i)),
                           rng.randint(0, 256, (8, 6, 3)).astype('float32'),
                           scale=False)
    gen = image.ImageDataGenerator(rescale=1. / 255)
    it = gen.flow_from_directory(str(tmp_path), target_size=(4, 3),
                                 batch_size=5, shuffle=False)
    assert isinstance(it, image.DirectoryIterator)
    assert isinstance(it, Sequence)
    assert it.class_indices == {'cats': 0, 'dogs': 1}
    x, y = it[0]
    assert x.shape == (5, 4, 3, 3) and x.dtype == np.float32
    assert 0.0 <= x.min() and x.max() <= 1.0
    np.testing.assert_array_equal(y, [[1, 0]] * 3 + [[0, 1]] * 2)


def test_flow_from_dataframe_rejects_unknown_kwargs():
    gen = image.ImageDataGenerator()
    with pytest.raises(TypeError, match='bogus'):
        gen.flow_from_dataframe(None, bogus=1)


def test_flow_feeds_fit_generator():
    rng = np.random.RandomState(3)
    x = rng.uniform(0, 1, (12, 4, 4, 1)).astype('float32')
    y = (x.mean(axis=(1, 2, 3)) > 0.5).astype('float32')
    inputs = Input((4, 4, 1))
    outputs = Dense(1, activation='sigmoid')(Flatten()(inputs))
    model = Model(inputs, outputs)
    model.compile('sgd', 'binary_crossentropy')
    before = [w.copy() for w in model.get_weights()]
    gen = image.ImageDataGenerator(horizontal_flip=True)
    it = gen.flow(x, y, batch_size=4, seed=0)
    history = model.fit_generator(it, steps_per_epoch=len(it), epochs=1,
                                  verbose=0)
    assert len(history.history['loss']) == 1
    assert np.isfinite(history.history['loss'][0])
    after = model.get_weights()
    assert any(not np.array_equal(a, b) for a, b in zip(before, after))


def test_reexported_functions():
    x = np.arange(9, dtype='float32').reshape(3, 3, 1)
    np.testing.assert_array_equal(image.flip_axis(x, 1), x[:, ::-1])
    # apply_affine_transform with a pure translation by one row.
    moved = image.apply_affine_transform(x, tx=1, row_axis=0, col_axis=1,
                                         channel_axis=2, fill_mode='constant',
                                         cval=-1)
    np.testing.assert_allclose(moved[:2, :, 0], x[1:, :, 0])
    np.testing.assert_allclose(moved[2, :, 0], [-1, -1, -1])
    assert image.random_rotation is kp_image.random_rotation
    assert os.path.basename(image.load_img.__code__.co_filename) == 'utils.py'


def test_flow_from_dataframe(tmp_path):
    pd = pytest.importorskip('pandas')
    for i in range(3):
        image.save_img(str(tmp_path / ('%d.png' % i)),
                       np.full((5, 5, 3), 40.0 * i), scale=False)
    frame = pd.DataFrame({'filename': ['0.png', '1.png', '2.png'],
                          'class': ['a', 'b', 'a']})
    it = image.ImageDataGenerator().flow_from_dataframe(
        frame, str(tmp_path), target_size=(5, 5), batch_size=3,
        shuffle=False)
    assert isinstance(it, image.DataFrameIterator)
    assert isinstance(it, Sequence)
    x, y = it[0]
    np.testing.assert_array_equal(x[:, 0, 0, 0], [0, 40, 80])
    np.testing.assert_array_equal(y, [[1, 0], [0, 1], [1, 0]])


def test_keras_preprocessing_imported_first():
    # Imported before Keras, keras_preprocessing's Iterator derives from
    # object; ours are still keras.utils.Sequence objects.
    code = '\n'.join([
        'import keras_preprocessing.image as kp',
        'assert kp.Iterator.__bases__ == (object,), kp.Iterator.__bases__',
        'import numpy as np',
        'from keras.preprocessing import image',
        'from keras.utils import Sequence',
        'it = image.ImageDataGenerator().flow(np.zeros((3, 2, 2, 1)))',
        'assert isinstance(it, Sequence)',
        'assert len(it) == 1 and it[0].shape == (3, 2, 2, 1)',
        'print("ok")',
    ])
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL='2')
    result = subprocess.run([sys.executable, '-c', code], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    assert result.stdout.decode().strip().endswith('ok')
