"""keras.applications: builders wrap keras_applications 1.0.8 with this
package's modules; ImageNet weights come from the local cache (no network);
preprocess_input and decode_predictions against known values."""
import json
import os

import keras_applications
import keras_applications.imagenet_utils as ka_imagenet_utils
import numpy as np
import pytest
from six.moves.urllib.error import URLError

import keras
from keras import applications
from keras import backend as K
from keras.engine.training import Model
from keras.utils import data_utils

MODULES = {
    'densenet': ['DenseNet121', 'DenseNet169', 'DenseNet201'],
    'inception_resnet_v2': ['InceptionResNetV2'],
    'inception_v3': ['InceptionV3'],
    'mobilenet': ['MobileNet'],
    'mobilenet_v2': ['MobileNetV2'],
    'nasnet': ['NASNetLarge', 'NASNetMobile'],
    'resnet50': ['ResNet50'],
    'vgg16': ['VGG16'],
    'vgg19': ['VGG19'],
    'xception': ['Xception'],
}

# The file MobileNet(alpha=0.25, include_top=False, weights='imagenet')
# asks get_file for (a non-standard input size falls back to 224's name).
MOBILENET_FILE = 'mobilenet_2_5_224_tf_no_top.h5'


@pytest.fixture
def attempts(monkeypatch):
    """The URLs get_file tries to download; every try fails as offline."""
    urls = []

    def offline(url, filename, reporthook=None, data=None):
        urls.append(url)
        raise URLError('no network in tests')

    monkeypatch.setattr(data_utils, 'urlretrieve', offline)
    return urls


@pytest.fixture
def keras_home(tmp_path, monkeypatch, attempts):
    monkeypatch.setenv('KERAS_HOME', str(tmp_path))
    return tmp_path


def small_mobilenet(**kwargs):
    return applications.MobileNet(input_shape=(32, 32, 3), alpha=0.25,
                                  **kwargs)


def test_every_module_exposes_builders_and_helpers():
    for module_name, builders in MODULES.items():
        module = getattr(applications, module_name)
        for name in builders + ['preprocess_input', 'decode_predictions']:
            fun = getattr(module, name)
            assert callable(fun)
        for name in builders:
            assert getattr(applications, name) is getattr(module, name)
        assert module.keras_modules_injection is \
            applications.keras_modules_injection


def test_injection_passes_our_modules():
    seen = {}

    def base(*args, **kwargs):
        seen.update(kwargs)
        return args

    wrapped = applications.keras_modules_injection(base)
    assert wrapped(1, 2, top=3) == (1, 2)
    assert seen['backend'] is K
    assert seen['layers'] is keras.layers
    assert seen['models'] is keras.models
    assert seen['utils'] is keras.utils
    assert seen['top'] == 3
    assert wrapped.__name__ == 'base'


def test_mobilenet_builds_from_our_layers_and_trains_one_step():
    model = small_mobilenet(weights=None, classes=3)
    assert isinstance(model, Model)
    assert model.name == 'mobilenet_0.25_32'
    assert model.input_shape == (None, 32, 32, 3)
    assert model.output_shape == (None, 3)
    # 1 input + stem conv/bn/relu (+ pad) + 13 depthwise blocks + top.
    assert len(model.layers) == 93
    assert all(type(layer).__module__.startswith('keras.')
               for layer in model.layers)
    assert len(model.trainable_weights) == 83
    model.compile('sgd', 'categorical_crossentropy')
    rng = np.random.RandomState(0)
    x = rng.uniform(-1, 1, (2, 32, 32, 3)).astype('float32')
    y = np.eye(3)[[0, 2]]
    before = model.get_weights()
    loss = model.train_on_batch(x, y)
    assert np.isfinite(loss)
    after = model.get_weights()
    assert any(not np.array_equal(a, b) for a, b in zip(before, after))
    probs = model.predict(x)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-5)

    # Differential learning rates on an application model.
    model.set_learning_rate_multipliers({'conv1*': 0.0})
    assert all(value == 0.0 for name, value in _conv1_multipliers(model))


def _conv1_multipliers(model):
    found = []
    for layer in model.layers:
        if layer.name.startswith('conv1') and layer.weights:
            found.append((layer.name, _spec_value(layer)))
    assert found
    return found


def _spec_value(layer):
    spec = layer._learning_rate_multipliers
    if isinstance(spec, dict):
        values = set(spec.values())
        assert len(values) == 1
        return values.pop()
    return spec


def test_input_tensor_and_pooling():
    inputs = keras.layers.Input((40, 40, 3))
    model = small_mobilenet(include_top=False, weights=None, pooling='avg',
                            input_tensor=inputs)
    assert model.inputs[0] is inputs
    assert model.output_shape == (None, 256)


def test_invalid_weights_argument():
    with pytest.raises(ValueError, match='weights'):
        small_mobilenet(weights='cifar')


def test_missing_weights_error_names_file_and_directory(keras_home,
                                                        attempts):
    with pytest.raises(Exception) as info:
        small_mobilenet(include_top=False, weights='imagenet')
    message = str(info.value)
    assert os.path.join(str(keras_home), 'models', MOBILENET_FILE) in message
    assert 'place the file' in message
    assert len(attempts) == 1 and attempts[0].endswith('/' + MOBILENET_FILE)


def test_cached_weights_file_is_used_without_network(keras_home, attempts,
                                                     monkeypatch):
    (keras_home / 'models').mkdir()
    cached = keras_home / 'models' / MOBILENET_FILE
    cached.write_bytes(b'stand-in')
    loaded = []
    monkeypatch.setattr(Model, 'load_weights',
                        lambda self, path, *a, **k: loaded.append(path))
    small_mobilenet(include_top=False, weights='imagenet')
    assert loaded == [str(cached)]
    assert attempts == []


def test_cached_weights_round_trip(keras_home, attempts):
    saving = pytest.importorskip('keras.engine.saving')
    if not hasattr(saving, 'load_weights_from_hdf5_group'):
        pytest.skip('h5 weight loading (keras.engine.saving) has not '
                    'landed yet')
    source = small_mobilenet(include_top=False, weights=None)
    (keras_home / 'models').mkdir()
    source.save_weights(str(keras_home / 'models' / MOBILENET_FILE))
    expected = source.get_weights()
    K.clear_session()
    model = small_mobilenet(include_top=False, weights='imagenet')
    assert attempts == []
    for a, b in zip(model.get_weights(), expected):
        np.testing.assert_array_equal(a, b)


def test_preprocess_input_modes():
    rng = np.random.RandomState(1)
    x = rng.uniform(0, 255, (2, 3, 3, 3)).astype('float32')
    # 'caffe' (VGG, ResNet50): RGB -> BGR, minus the ImageNet BGR means.
    caffe = applications.vgg16.preprocess_input(x.copy())
    np.testing.assert_allclose(
        caffe, x[..., ::-1] - np.array([103.939, 116.779, 123.68]),
        rtol=1e-5)
    np.testing.assert_allclose(applications.resnet50.preprocess_input(
        x.copy()), caffe, rtol=1e-6)
    # 'tf' (Inception, Xception, MobileNet, NASNet): [-1, 1].
    for module in (applications.mobilenet, applications.inception_v3,
                   applications.xception, applications.nasnet,
                   applications.mobilenet_v2,
                   applications.inception_resnet_v2):
        np.testing.assert_allclose(module.preprocess_input(x.copy()),
                                   x / 127.5 - 1, rtol=1e-5, atol=1e-6)
    # 'torch' (DenseNet): [0, 1], minus mean, over std.
    torch = applications.densenet.preprocess_input(x.copy())
    mean = np.array([0.485, 0.456, 0.406])
    std = np.array([0.229, 0.224, 0.225])
    np.testing.assert_allclose(torch, (x / 255. - mean) / std, rtol=1e-5)


def test_preprocess_input_symbolic_and_channels_first():
    x = np.arange(2 * 3 * 2 * 2, dtype='float32').reshape(2, 3, 2, 2)
    out = applications.vgg16.preprocess_input(x.copy(),
                                              data_format='channels_first')
    expected = x[:, ::-1] - np.array([103.939, 116.779,
                                      123.68]).reshape(1, 3, 1, 1)
    np.testing.assert_allclose(out, expected, rtol=1e-5)
    tensor = K.placeholder((None, 2, 2, 3))
    symbolic = applications.vgg16.preprocess_input(tensor)
    value = K.function([tensor], [symbolic])([x.transpose(0, 2, 3, 1)])[0]
    np.testing.assert_allclose(value, expected.transpose(0, 2, 3, 1),
                               rtol=1e-5)


def test_decode_predictions(monkeypatch):
    index = {str(i): ['n%08d' % i, 'class_%d' % i] for i in range(1000)}
    monkeypatch.setattr(ka_imagenet_utils, 'CLASS_INDEX', index)
    preds = np.zeros((2, 1000), dtype='float32')
    preds[0, [5, 17, 999]] = [0.2, 0.7, 0.1]
    preds[1, 3] = 1.0
    decoded = applications.resnet50.decode_predictions(preds, top=3)
    assert [d[:2] for d in decoded[0]] == [('n00000017', 'class_17'),
                                           ('n00000005', 'class_5'),
                                           ('n00000999', 'class_999')]
    np.testing.assert_allclose([d[2] for d in decoded[0]], [0.7, 0.2, 0.1])
    assert decoded[1][0][1] == 'class_3' and len(decoded[1]) == 3
    with pytest.raises(ValueError, match='1000'):
        applications.vgg16.decode_predictions(np.zeros((1, 10)))


def test_decode_predictions_reads_class_index_from_cache(keras_home,
                                                         attempts,
                                                         monkeypatch):
    monkeypatch.setattr(ka_imagenet_utils, 'CLASS_INDEX', None)
    (keras_home / 'models').mkdir()
    path = keras_home / 'models' / 'imagenet_class_index.json'
    path.write_text(json.dumps({str(i): ['id%d' % i, 'name%d' % i]
                                for i in range(1000)}))
    # keras_applications checks the file against the published MD5; a
    # stand-in file fails it, so get_file tries (and here fails) to
    # download, naming where the file goes.
    with pytest.raises(Exception) as info:
        applications.mobilenet.decode_predictions(np.ones((1, 1000)))
    assert str(path) in str(info.value)
    assert attempts and attempts[0].endswith('imagenet_class_index.json')
    assert keras_applications.__version__ == '1.0.8'


def test_mobilenetv2_module_name_of_keras_224():
    # 2.2.4 scripts import `keras.applications.mobilenetv2`.
    from keras.applications import mobilenetv2
    from keras.applications.mobilenetv2 import MobileNetV2
    from keras.applications.mobilenetv2 import decode_predictions
    from keras.applications.mobilenetv2 import preprocess_input
    assert applications.mobilenetv2 is mobilenetv2
    assert MobileNetV2 is applications.mobilenet_v2.MobileNetV2
    assert MobileNetV2 is applications.MobileNetV2
    assert preprocess_input is applications.mobilenet_v2.preprocess_input
    assert decode_predictions is applications.mobilenet_v2.decode_predictions
    x = np.array([[[[0., 127.5, 255.]]]])
    np.testing.assert_allclose(preprocess_input(x.copy()), [[[[-1., 0., 1.]]]])
    model = MobileNetV2(input_shape=(32, 32, 3), alpha=0.35, weights=None,
                        classes=2)
    assert model.output_shape == (None, 2)
    assert all(type(layer).__module__.startswith('keras.')
               for layer in model.layers)
