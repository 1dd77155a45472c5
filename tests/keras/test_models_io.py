"""Tests for saving and loading whole models (keras.models.save_model,
load_model, model_from_json/yaml/config, clone_model): round trips of every
kind of model and layer family, custom objects, training that continues
exactly after a load in a fresh process (with learning-rate multipliers),
atomic writes under SIGKILL, clear errors for bad files, and safe mode for
Lambda bytecode."""
import hashlib
import json
import os
import pickle
import signal
import subprocess
import sys
import textwrap

import numpy as np
import pytest

h5py = pytest.importorskip('h5py')

from keras import backend as K  # noqa: E402
from keras import layers as L  # noqa: E402
from keras import optimizers  # noqa: E402
from keras.engine import saving  # noqa: E402
from keras.engine.base_layer import Layer  # noqa: E402
from keras.models import (Model, Sequential, clone_model, load_model,  # noqa: E402
                          model_from_config, model_from_json, model_from_yaml,
                          save_model)
from keras.utils.generic_utils import CustomObjectScope  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _randomize(model, seed=0):
    rng = np.random.RandomState(seed)
    model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype(w.dtype)
                       if 'variance' not in v.name else
                       rng.uniform(0.5, 1.5, w.shape).astype(w.dtype)
                       for w, v in zip(model.get_weights(), model.weights)])


def _assert_same_weights(a, b):
    wa, wb = a.get_weights(), b.get_weights()
    assert len(wa) == len(wb)
    for x, y in zip(wa, wb):
        np.testing.assert_array_equal(x, y)


def _roundtrip(model, tmp_path, x, **load_kwargs):
    path = str(tmp_path / 'model.h5')
    expected = model.predict(x)
    save_model(model, path)
    loaded = load_model(path, **load_kwargs)
    assert loaded.get_config() == model.get_config()
    _assert_same_weights(model, loaded)
    got = loaded.predict(x)
    if isinstance(expected, list):
        assert isinstance(got, list) and len(got) == len(expected)
    else:
        got, expected = [got], [expected]
    for g, e in zip(got, expected):
        np.testing.assert_allclose(g, e, rtol=1e-6, atol=1e-6)
    return loaded


# --------------------------------------------------------------------------
# Round trips
# --------------------------------------------------------------------------

def test_sequential_compiled_round_trip(tmp_path):
    model = Sequential([L.Dense(4, input_shape=(3,), activation='relu'),
                        L.Dropout(0.3), L.Dense(2, activation='softmax')])
    _randomize(model)
    model.compile(optimizers.RMSprop(lr=0.01), 'categorical_crossentropy',
                  metrics=['acc'], loss_weights=[0.5], sample_weight_mode=None)
    x = np.random.RandomState(1).rand(6, 3).astype('float32')
    y = np.eye(2)[[0, 1, 0, 1, 1, 0]]
    model.train_on_batch(x, y)
    loaded = _roundtrip(model, tmp_path, x)
    assert isinstance(loaded, Sequential)
    assert isinstance(loaded.optimizer, optimizers.RMSprop)
    assert np.isclose(K.get_value(loaded.optimizer.lr), 0.01)
    assert loaded.loss == 'categorical_crossentropy'
    assert loaded.metrics == ['acc'] and loaded.loss_weights == [0.5]
    np.testing.assert_allclose(loaded.evaluate(x, y, verbose=0),
                               model.evaluate(x, y, verbose=0), rtol=1e-6)
    # The saved training config (JSON) holds what 2.2.4 wrote.
    with h5py.File(str(tmp_path / 'model.h5'), 'r') as f:
        import json
        config = json.loads(saving.as_text(f.attrs['training_config']))
        assert config['optimizer_config']['class_name'] == 'RMSprop'
        assert set(['loss', 'metrics', 'sample_weight_mode', 'loss_weights',
                    'optimizer_config']) <= set(config)
        assert json.loads(saving.as_text(f.attrs['model_config']))['class_name'] == 'Sequential'
        assert 'optimizer_weights' in f and 'model_weights' in f


def test_functional_multi_io_shared_and_nested_round_trip(tmp_path):
    a = L.Input((4,), name='a')
    b = L.Input((4,), name='b')
    shared = L.Dense(3, name='shared', learning_rate_multipliers={'kernel': 0.})
    inner_in = L.Input((3,))
    inner = Model(inner_in, L.Dense(2, name='inner_dense')(
        L.BatchNormalization(name='inner_bn')(inner_in)), name='inner')
    ha, hb = shared(a), shared(b)
    merged = L.concatenate([inner(ha), inner(hb)], name='concat')
    out1 = L.Dense(1, activation='sigmoid', name='out1')(merged)
    out2 = L.Dense(2, name='out2')(L.add([ha, hb], name='sum'))
    model = Model([a, b], [out1, out2], name='multi')
    _randomize(model)
    model.compile(optimizers.SGD(momentum=0.5),
                  {'out1': 'binary_crossentropy', 'out2': 'mse'},
                  metrics={'out1': ['acc']}, loss_weights={'out1': 1., 'out2': 0.2})
    rng = np.random.RandomState(0)
    x = [rng.rand(5, 4).astype('float32'), rng.rand(5, 4).astype('float32')]
    y = [rng.randint(0, 2, (5, 1)), rng.rand(5, 2)]
    model.train_on_batch(x, y)
    loaded = _roundtrip(model, tmp_path, x)
    assert [l.name for l in loaded.layers] == [l.name for l in model.layers]
    assert loaded.get_layer('shared').multipliers == {
        loaded.get_layer('shared').kernel: 0.0}
    np.testing.assert_allclose(loaded.evaluate(x, y, verbose=0),
                               model.evaluate(x, y, verbose=0), rtol=1e-5)


LAYER_FAMILIES = {
    'conv1d': ((8, 3), lambda: [L.Conv1D(2, 3, input_shape=(8, 3), W_learning_rate_multiplier=0.),
                                L.MaxPooling1D(), L.UpSampling1D(), L.Flatten()]),
    'conv2d': ((6, 6, 2), lambda: [
        L.Conv2D(2, 3, input_shape=(6, 6, 2), W_learning_rate_multiplier=0.5,
                 b_learning_rate_multiplier=0),
        L.AveragePooling2D(), L.SeparableConv2D(2, 1), L.DepthwiseConv2D(1),
        L.Conv2DTranspose(2, 2), L.ZeroPadding2D(), L.Cropping2D(),
        L.SpatialDropout2D(0.2), L.GlobalMaxPooling2D()]),
    'conv3d': ((4, 4, 4, 1), lambda: [L.Conv3D(2, 2, input_shape=(4, 4, 4, 1)),
                                      L.Conv3DTranspose(1, 2),
                                      L.GlobalAveragePooling3D()]),
    'local': ((6, 6, 2), lambda: [L.LocallyConnected2D(2, 3, input_shape=(6, 6, 2)),
                                  L.Reshape((-1, 2)), L.LocallyConnected1D(2, 2),
                                  L.Flatten()]),
    'recurrent': ((5, 3), lambda: [
        L.SimpleRNN(2, return_sequences=True, input_shape=(5, 3)),
        L.GRU(2, return_sequences=True, reset_after=True),
        L.GRU(2, return_sequences=True),
        L.LSTM(2, learning_rate_multipliers={'recurrent_kernel': 0.})]),
    'wrappers': ((5, 3), lambda: [
        L.Bidirectional(L.LSTM(2, return_sequences=True), input_shape=(5, 3)),
        L.TimeDistributed(L.Dense(2)), L.GlobalAveragePooling1D()]),
    'conv_lstm': ((3, 4, 4, 1), lambda: [L.ConvLSTM2D(2, 2, input_shape=(3, 4, 4, 1)),
                                         L.Flatten()]),
    'embedding': ((5,), lambda: [L.Embedding(10, 3, mask_zero=True, input_shape=(5,)),
                                 L.LSTM(2)]),
    'core_norm_noise_activations': ((4,), lambda: [
        L.Dense(3, input_shape=(4,)), L.BatchNormalization(),
        L.GaussianNoise(0.1), L.GaussianDropout(0.1), L.AlphaDropout(0.1),
        L.Dropout(0.2), L.PReLU(learning_rate_multipliers=0.), L.LeakyReLU(),
        L.ELU(), L.ThresholdedReLU(), L.Softmax(), L.ReLU(),
        L.Activation('tanh'), L.RepeatVector(2), L.Permute((2, 1)),
        L.ActivityRegularization(0.1), L.Flatten(), L.Masking()]),
}


@pytest.mark.parametrize('family', sorted(LAYER_FAMILIES))
def test_layer_families_round_trip(tmp_path, family):
    shape, make = LAYER_FAMILIES[family]
    model = Sequential(make())
    _randomize(model)
    rng = np.random.RandomState(0)
    if family == 'embedding':
        x = rng.randint(0, 10, (3,) + shape)
        x[:, -1] = 0
    else:
        x = rng.rand(*((3,) + shape)).astype('float32')
    loaded = _roundtrip(model, tmp_path, x)
    # Multipliers (0 included) survive.
    assert _multipliers_by_position(loaded) == _multipliers_by_position(model)
    if family in ('conv1d', 'conv2d', 'recurrent', 'core_norm_noise_activations'):
        assert 0.0 in _multipliers_by_position(model).values()


def _multipliers_by_position(model):
    mults = model.multipliers
    return dict((i, mults[w]) for i, w in enumerate(model.weights) if w in mults)


class Scale(Layer):
    """A custom layer with a weight and a constructor argument."""

    def __init__(self, factor=1.0, **kwargs):
        super(Scale, self).__init__(**kwargs)
        self.factor = factor

    def build(self, input_shape):
        self.w = self.add_weight(name='w', shape=(input_shape[-1],),
                                 initializer='ones')
        super(Scale, self).build(input_shape)

    def call(self, inputs):
        return inputs * self.w * self.factor

    def get_config(self):
        config = super(Scale, self).get_config()
        config['factor'] = self.factor
        return config


def scaled_mse(y_true, y_pred):
    return 2.0 * K.mean(K.square(y_true - y_pred), axis=-1)


def max_error(y_true, y_pred):
    return K.max(K.abs(y_true - y_pred), axis=-1)


def test_custom_layer_loss_metric(tmp_path):
    model = Sequential([L.Dense(3, input_shape=(2,)), Scale(3.0, name='scale')])
    _randomize(model)
    model.compile(optimizers.Adam(), scaled_mse, metrics=[max_error])
    rng = np.random.RandomState(0)
    x, y = rng.rand(4, 2), rng.rand(4, 3)
    model.train_on_batch(x, y)
    path = str(tmp_path / 'custom.h5')
    model.save(path)
    with pytest.raises(ValueError, match='Unknown layer: Scale'):
        load_model(path)
    expected_eval = model.evaluate(x, y, verbose=0)
    expected_step = model.train_on_batch(x, y)  # continues from the saved state
    objects = {'Scale': Scale, 'scaled_mse': scaled_mse, 'max_error': max_error}
    for loader in ('argument', 'scope'):
        if loader == 'argument':
            loaded = load_model(path, custom_objects=objects)
        else:
            with CustomObjectScope(objects):
                loaded = load_model(path)
        assert loaded.get_layer('scale').factor == 3.0
        # As 2.2.4: names given in custom_objects are replaced by the
        # objects; inside a scope compile() resolves the name.
        assert loaded.loss == (scaled_mse if loader == 'argument' else 'scaled_mse')
        assert loaded.metrics_names == model.metrics_names
        np.testing.assert_allclose(loaded.evaluate(x, y, verbose=0),
                                   expected_eval, rtol=1e-6)
        np.testing.assert_allclose(loaded.train_on_batch(x, y), expected_step,
                                   rtol=1e-6)


def test_compile_false_include_optimizer_false_and_open_files(tmp_path):
    model = Sequential([L.Dense(2, input_shape=(3,))])
    _randomize(model)
    model.compile('adam', 'mse')
    model.train_on_batch(np.ones((2, 3)), np.ones((2, 2)))
    path = str(tmp_path / 'm.h5')
    model.save(path)
    loaded = load_model(path, compile=False)
    assert getattr(loaded, 'optimizer', None) is None
    _assert_same_weights(model, loaded)
    model.save(path, include_optimizer=False)
    with h5py.File(path, 'r') as f:
        assert 'training_config' not in f.attrs and 'optimizer_weights' not in f
    with pytest.warns(UserWarning, match='No training configuration'):
        load_model(path)
    # Open h5py files (as 2.2.4's h5dict allowed).
    with h5py.File(str(tmp_path / 'open.h5'), 'w') as f:
        save_model(model, f)
    with h5py.File(str(tmp_path / 'open.h5'), 'r') as f:
        loaded = load_model(f)
    _assert_same_weights(model, loaded)
    assert isinstance(loaded.optimizer, optimizers.Adam)


def test_save_and_load_through_groups_and_file_like_objects(tmp_path):
    import io
    model = Sequential([L.Dense(2, input_shape=(3,), b_learning_rate_multiplier=0),
                        L.Dense(1)])
    _randomize(model)
    model.compile(optimizers.Adam(lr=0.01), 'mse')
    x, y = np.ones((4, 3)), np.zeros((4, 1))
    model.train_on_batch(x, y)
    # A group inside a file the caller created (and keeps open).
    with h5py.File(str(tmp_path / 'groups.h5'), 'w') as f:
        save_model(model, f.create_group('first'))
        assert f.id.valid
    with h5py.File(str(tmp_path / 'groups.h5'), 'r') as f:
        from_group = load_model(f['first'])
        assert f.id.valid
    # A binary file-like object, left open for the caller.
    buffer = io.BytesIO()
    save_model(model, buffer)
    assert not buffer.closed
    buffer.seek(0)
    from_buffer = load_model(buffer)
    assert not buffer.closed
    for loaded in (from_group, from_buffer):
        _assert_same_weights(model, loaded)
        for a, b in zip(loaded.optimizer.get_weights(),
                        model.optimizer.get_weights()):
            np.testing.assert_array_equal(a, b)
    # Training continues identically from the buffer's copy.
    np.testing.assert_allclose(from_buffer.train_on_batch(x, y),
                               model.train_on_batch(x, y), rtol=1e-6)
    _assert_same_weights(model, from_buffer)
    # A real file opened by the caller in binary read/write mode.
    with open(str(tmp_path / 'handle.h5'), 'w+b') as handle:
        model.save(handle)
        handle.seek(0)
        _assert_same_weights(model, load_model(handle))
    with pytest.raises(TypeError, match='file-like'):
        save_model(model, 3.5)
    with pytest.raises(TypeError, match='file-like'):
        load_model(3.5)


def test_overwrite_false_asks(tmp_path, monkeypatch):
    model = Sequential([L.Dense(2, input_shape=(3,))])
    path = str(tmp_path / 'm.h5')
    model.save(path)
    before = open(path, 'rb').read()
    model.set_weights([w + 1 for w in model.get_weights()])
    monkeypatch.setattr('six.moves.input', lambda prompt='': 'n')
    model.save(path, overwrite=False)
    assert open(path, 'rb').read() == before
    monkeypatch.setattr('six.moves.input', lambda prompt='': 'y')
    model.save(path, overwrite=False)
    _assert_same_weights(model, load_model(path))


def test_pickling_through_pickle_model():
    model = Sequential([L.Dense(2, input_shape=(3,), b_learning_rate_multiplier=0)])
    _randomize(model)
    model.compile('sgd', 'mse')
    state = pickle.loads(pickle.dumps(saving.pickle_model(model)))
    loaded = saving.unpickle_model(state)
    _assert_same_weights(model, loaded)
    assert loaded.get_config() == model.get_config()


# --------------------------------------------------------------------------
# Configs and cloning
# --------------------------------------------------------------------------

def test_json_yaml_config_round_trips_keep_multipliers():
    model = Sequential([L.Dense(3, input_shape=(2,), W_learning_rate_multiplier=0.,
                                b_learning_rate_multiplier=2),
                        L.BatchNormalization(learning_rate_multipliers={'gamma': 0.1})])
    model.set_learning_rate_multipliers({'batch_normalization*': {'beta': 0.}})
    for rebuilt in (model_from_json(model.to_json()),
                    model_from_yaml(model.to_yaml()),
                    model_from_config({'class_name': 'Sequential',
                                       'config': model.get_config()})):
        assert rebuilt.get_config() == model.get_config()
        dense, bn = rebuilt.layers
        assert dense.multipliers == {dense.kernel: 0.0, dense.bias: 2.0}
        assert bn.multipliers == {bn.beta: 0.0}
    with pytest.raises(TypeError, match='expects a dictionary'):
        model_from_config([{'class_name': 'Dense'}])


def test_model_from_yaml_reads_python_tuple_tags_but_not_objects():
    import yaml
    model = Sequential([L.Dense(3, input_shape=(2,))])
    config = {'class_name': 'Sequential', 'config': model.get_config()}
    config['config']['layers'][0]['config']['batch_input_shape'] = (None, 2)
    text = yaml.dump(config)  # tuples written as !!python/tuple, as 2.2.4 did
    assert 'python/tuple' in text
    assert model_from_yaml(text).layers[0].kernel.shape.as_list() == [2, 3]
    with pytest.raises(yaml.YAMLError):
        model_from_yaml('!!python/object/apply:os.system ["echo hi"]')


def test_clone_functional_and_sequential_models():
    a = L.Input((3,), name='a')
    shared = L.Dense(2, name='shared', W_learning_rate_multiplier=0.)
    y = L.Dense(1, name='out')(L.concatenate([shared(a), shared(a)]))
    model = Model(a, y)
    _randomize(model)
    clone = clone_model(model)
    assert clone.get_config() == model.get_config()
    assert all(w1 is not w2 for w1, w2 in zip(clone.weights, model.weights))
    assert clone.get_layer('shared').multipliers == {clone.get_layer('shared').kernel: 0.}
    clone.set_weights(model.get_weights())
    x = np.random.RandomState(0).rand(4, 3)
    np.testing.assert_allclose(clone.predict(x), model.predict(x), rtol=1e-6)
    # On given tensors.
    t = K.placeholder((None, 3))
    on_tensor = clone_model(model, input_tensors=t)
    assert len(on_tensor.layers) == len(model.layers)
    assert on_tensor.layers[0].name == 'input_wrapper_for_a'
    fn = K.function([t], [on_tensor.outputs[0]])
    on_tensor.set_weights(model.get_weights())
    np.testing.assert_allclose(fn([x])[0], model.predict(x), rtol=1e-6)
    # Sequential.
    seq = Sequential([L.Dense(4, input_shape=(3,)), L.Dense(1)])
    _randomize(seq)
    seq_clone = clone_model(seq)
    assert isinstance(seq_clone, Sequential)
    assert seq_clone.get_config() == seq.get_config()
    assert not np.array_equal(seq_clone.get_weights()[0], seq.get_weights()[0])
    inp = L.Input((3,))
    on_input = clone_model(seq, input_tensors=inp)
    assert on_input.inputs[0] is inp
    with pytest.raises(ValueError, match='InputLayer'):
        clone_model(seq, input_tensors=L.Dense(3)(inp))


# --------------------------------------------------------------------------
# Safe mode (Lambda bytecode)
# --------------------------------------------------------------------------

def test_lambda_bytecode_refused_unless_safe_mode_false(tmp_path):
    model = Sequential([L.Dense(2, input_shape=(3,)),
                        L.Lambda(lambda t: t * 2.0 + 1.0, name='affine')])
    _randomize(model)
    x = np.random.RandomState(0).rand(2, 3)
    path = str(tmp_path / 'lambda.h5')
    model.save(path)
    loaders = [lambda **kw: load_model(path, **kw),
               lambda **kw: model_from_json(model.to_json(), **kw),
               lambda **kw: model_from_yaml(model.to_yaml(), **kw),
               lambda **kw: model_from_config({'class_name': 'Sequential',
                                               'config': model.get_config()}, **kw)]
    for load in loaders:
        with pytest.raises(ValueError) as e:
            load()
        assert "Lambda 'affine'" in str(e.value)
        assert 'safe_mode=False' in str(e.value)
    loaded = load_model(path, safe_mode=False)
    np.testing.assert_allclose(loaded.predict(x), model.predict(x), rtol=1e-6)
    rebuilt = model_from_json(model.to_json(), safe_mode=False)
    assert rebuilt.layers[1].name == 'affine'
    # The default is restored after an opt-in.
    assert saving.in_safe_mode()


def test_lambda_bytecode_as_keras224_stored_it_loads_with_safe_mode_false():
    """Keras 2.2.4 on Python 3 stored a Lambda's function as the raw
    marshal string of its code (`marshal.dumps(code).decode(
    'raw_unicode_escape')`) in the JSON config."""
    import marshal
    fn = lambda t: t * 3.0 - 1.0  # noqa: E731
    model = Sequential([L.Dense(2, input_shape=(3,)),
                        L.Lambda(fn, name='affine')])
    _randomize(model)
    config = json.loads(model.to_json())
    inner = config['config']['layers'][1]['config']
    assert inner['function_type'] == 'lambda'
    inner['function'] = [marshal.dumps(fn.__code__).decode('raw_unicode_escape'),
                         None, None]
    text = json.dumps(config)
    with pytest.raises(ValueError, match="Lambda 'affine'"):
        model_from_json(text)
    rebuilt = model_from_json(text, safe_mode=False)
    rebuilt.set_weights(model.get_weights())
    x = np.random.RandomState(1).rand(4, 3)
    np.testing.assert_allclose(rebuilt.predict(x), model.predict(x), rtol=1e-6)
    np.testing.assert_allclose(
        rebuilt.predict(x), np.dot(x, model.get_weights()[0]) * 3.0 - 1.0 +
        model.get_weights()[1] * 3.0, rtol=1e-5)


# --------------------------------------------------------------------------
# Bad files: clear errors
# --------------------------------------------------------------------------

def test_bad_files_give_clear_errors(tmp_path):
    model = Sequential([L.Dense(2, input_shape=(3,))])
    model.compile('adam', 'mse')
    model.train_on_batch(np.ones((2, 3)), np.ones((2, 2)))
    path = str(tmp_path / 'good.h5')
    model.save(path)
    data = open(path, 'rb').read()
    truncated = str(tmp_path / 'truncated.h5')
    with open(truncated, 'wb') as f:
        f.write(data[:len(data) * 2 // 3])
    with pytest.raises(IOError, match='truncated.h5'):
        load_model(truncated)
    random_h5 = str(tmp_path / 'random.h5')
    with h5py.File(random_h5, 'w') as f:
        f.create_dataset('x', data=np.arange(3))
    with pytest.raises(ValueError, match="random.h5.*no `model_config`"):
        load_model(random_h5)
    weights_only = str(tmp_path / 'weights.h5')
    model.save_weights(weights_only)
    with pytest.raises(ValueError, match='only weights'):
        load_model(weights_only)
    # A weight removed from an otherwise valid model file.
    broken = str(tmp_path / 'broken.h5')
    with open(broken, 'wb') as f:
        f.write(data)
    with h5py.File(broken, 'a') as f:
        group = f['model_weights'][model.layers[0].name]
        del group[model.layers[0].kernel.name]
    with pytest.raises(IOError) as e:
        load_model(broken)
    assert 'broken.h5' in str(e.value) and 'kernel' in str(e.value)
    # Corrupted model config.
    with open(broken, 'wb') as f:
        f.write(data)
    with h5py.File(broken, 'a') as f:
        f.attrs['model_config'] = b'{"class_name": "Sequential", "config": '
    with pytest.raises(ValueError, match='model_config.*not valid JSON'):
        load_model(broken)
    with pytest.raises(IOError, match='no file'):
        load_model(str(tmp_path / 'absent.h5'))


# --------------------------------------------------------------------------
# Subprocesses: training continues exactly; SIGKILL during a save
# --------------------------------------------------------------------------

def _run_python(code, *args, **kwargs):
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL='2',
               PYTHONPATH=REPO + os.pathsep + os.environ.get('PYTHONPATH', ''))
    return subprocess.Popen([sys.executable, '-c', textwrap.dedent(code)] +
                            [str(a) for a in args], env=env, cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            **kwargs)


CONTINUE = '''
import sys
import numpy as np
from keras.models import load_model
data = np.load(sys.argv[1])
out = {}
for tag in ('sgd', 'adam'):
    model = load_model(sys.argv[2] % tag)
    for i in range(3, 6):
        model.train_on_batch(data['x%d' % i], data['y%d' % i])
    for j, w in enumerate(model.get_weights()):
        out['%s_%d' % (tag, j)] = w
    out[tag + '_iterations'] = np.array(
        __import__('keras').backend.get_value(model.optimizer.iterations))
np.savez(sys.argv[3], **out)
'''


def _continuation_model(tag):
    if tag == 'sgd':
        model = Sequential([
            L.Dense(4, input_shape=(3,), activation='tanh', name='d1',
                    W_learning_rate_multiplier=0.5, b_learning_rate_multiplier=0),
            L.Dense(3, activation='tanh', name='d2',
                    learning_rate_multipliers={'kernel': 2.0}),
            L.Dense(2, name='d3')])
        optimizer = optimizers.SGD(lr=0.1, momentum=0.9, decay=0.01, nesterov=True)
    else:
        inp = L.Input((3,))
        h = L.Dense(4, activation='tanh', name='d1')(inp)
        # (Not BatchNormalization: as in Keras 2.2.4, its zero-debiased moving
        # averages keep hidden state outside the layer's weights.)
        h = L.PReLU(name='act')(h)
        out = L.Dense(2, name='d3')(L.Dense(3, name='d2')(h))
        model = Model(inp, out)
        # Rules set after the model is built, as for a pretrained model.
        model.set_learning_rate_multipliers([('d1', {'bias': 0.}),
                                             ('act', {'alpha': 0.5}),
                                             ('d*', 3.0)])
        optimizer = optimizers.Adam(lr=0.05, amsgrad=True)
    _randomize(model, seed=7)
    model.compile(optimizer, 'mse')
    return model


def test_training_continues_exactly_after_load_in_fresh_process(tmp_path):
    rng = np.random.RandomState(0)
    data = {}
    for i in range(6):
        data['x%d' % i] = rng.rand(8, 3).astype('float32')
        data['y%d' % i] = rng.rand(8, 2).astype('float32')
    np.savez(str(tmp_path / 'data.npz'), **data)
    reference = {}
    frozen = {}
    for tag in ('sgd', 'adam'):
        model = _continuation_model(tag)
        frozen[tag] = K.get_value(model.get_layer('d1').bias).copy()
        for i in range(3):
            model.train_on_batch(data['x%d' % i], data['y%d' % i])
        model.save(str(tmp_path / ('%s.h5' % tag)))
        for i in range(3, 6):
            model.train_on_batch(data['x%d' % i], data['y%d' % i])
        reference[tag] = model.get_weights()
        # The multiplier-0 bias never moved.
        np.testing.assert_array_equal(K.get_value(model.get_layer('d1').bias),
                                      frozen[tag])
        K.clear_session()
    proc = _run_python(CONTINUE, tmp_path / 'data.npz', tmp_path / '%s.h5',
                       tmp_path / 'out.npz')
    stdout, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 0, stderr.decode()[-3000:]
    out = np.load(str(tmp_path / 'out.npz'))
    for tag in ('sgd', 'adam'):
        assert int(out[tag + '_iterations']) == 6
        for j, expected in enumerate(reference[tag]):
            np.testing.assert_allclose(out['%s_%d' % (tag, j)], expected,
                                       rtol=1e-6, atol=1e-7,
                                       err_msg='%s weight %d' % (tag, j))


STALLED_SAVE = '''
import sys, time
import numpy as np
from keras.layers import Dense
from keras.models import Sequential
from keras.utils import io_utils
model = Sequential([Dense(500, input_shape=(500,)), Dense(500), Dense(500), Dense(3)])
model.compile('adam', 'mse')
model.train_on_batch(np.ones((2, 500)), np.ones((2, 3)))
original = io_utils.H5Dict.__setitem__
written = [0]
def setitem(self, key, value):
    original(self, key, value)
    if type(value).__module__ == np.__name__:
        written[0] += 1
        if written[0] == 4:  # some weights written, the file is incomplete
            self.flush()
            sys.stdout.write('STALLED\\n')
            sys.stdout.flush()
            time.sleep(300)
io_utils.H5Dict.__setitem__ = setitem
model.save(sys.argv[1])
'''


def test_sigkill_during_save_leaves_previous_file_intact(tmp_path):
    path = str(tmp_path / 'model.h5')
    model = Sequential([L.Dense(4, input_shape=(3,)), L.Dense(2)])
    _randomize(model)
    model.save(path)
    digest = hashlib.sha256(open(path, 'rb').read()).hexdigest()
    proc = _run_python(STALLED_SAVE, path)
    try:
        line = proc.stdout.readline()
        assert line.strip() == b'STALLED', proc.stderr.read().decode()[-3000:]
        partial = [n for n in os.listdir(str(tmp_path)) if n != 'model.h5']
        assert partial and partial[0].startswith('.model.h5.')
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert hashlib.sha256(open(path, 'rb').read()).hexdigest() == digest
    loaded = load_model(path)
    _assert_same_weights(model, loaded)
    # The dead writer's temporary file is removed by the next save.
    assert os.listdir(str(tmp_path)) != ['model.h5']
    model.save(path)
    assert os.listdir(str(tmp_path)) == ['model.h5']


@pytest.mark.parametrize('name', ['SGD', 'RMSprop', 'Adagrad', 'Adadelta', 'Adam',
                                  'Adamax', 'Nadam'])
def test_every_optimizer_state_round_trips(tmp_path, name):
    """Save after 2 steps, load, take 2 more steps on both: the same
    weights and optimizer state (a multiplier-0 weight has no slot)."""
    kwargs = {'SGD': {'momentum': 0.9, 'decay': 0.1},
              'Nadam': {'schedule_decay': 0.01}}.get(name, {'decay': 0.05})
    model = Sequential([L.Dense(3, input_shape=(2,), b_learning_rate_multiplier=0),
                        L.Dense(1, learning_rate_multipliers=0.5)])
    _randomize(model)
    model.compile(getattr(optimizers, name)(**kwargs), 'mse')
    rng = np.random.RandomState(0)
    batches = [(rng.rand(4, 2), rng.rand(4, 1)) for _ in range(4)]
    for x, y in batches[:2]:
        model.train_on_batch(x, y)
    path = str(tmp_path / 'opt.h5')
    model.save(path)
    loaded = load_model(path)
    assert type(loaded.optimizer) is type(model.optimizer)
    assert loaded.optimizer.get_config() == model.optimizer.get_config()
    for x, y in batches[2:]:
        np.testing.assert_allclose(loaded.train_on_batch(x, y),
                                   model.train_on_batch(x, y), rtol=1e-6)
    for a, b in zip(loaded.get_weights(), model.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7)
    assert len(loaded.optimizer.get_weights()) == len(model.optimizer.get_weights())
    for a, b in zip(loaded.optimizer.get_weights(), model.optimizer.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7)
    assert loaded.optimizer.slots_for(loaded.layers[0].bias) == []


def test_model_checkpoint_writes_loadable_files_without_leftovers(tmp_path):
    from keras.callbacks import ModelCheckpoint
    model = Sequential([L.Dense(1, input_shape=(2,))])
    model.compile('sgd', 'mse')
    x, y = np.ones((4, 2)), np.ones((4, 1))
    path = str(tmp_path / 'ckpt.h5')
    model.fit(x, y, epochs=2, verbose=0, callbacks=[ModelCheckpoint(path)])
    assert os.listdir(str(tmp_path)) == ['ckpt.h5']
    _assert_same_weights(model, load_model(path))


def test_pickle_round_trip_keeps_weights_config_and_optimizer_state():
    import pickle
    rng = np.random.RandomState(3)
    x = rng.rand(8, 3).astype('float32')
    y = rng.rand(8, 2).astype('float32')
    model = Sequential([L.Dense(4, input_shape=(3,), activation='tanh',
                                W_learning_rate_multiplier=0.5,
                                b_learning_rate_multiplier=0),
                        L.Lambda(lambda t: 2 * t), L.Dense(2)])
    model.compile(optimizers.Adam(lr=0.01), 'mse')
    model.train_on_batch(x, y)
    clone = pickle.loads(pickle.dumps(model))
    assert type(clone) is Sequential
    np.testing.assert_allclose(clone.predict(x), model.predict(x), rtol=1e-6)
    # Same configs (the Lambda's bytecode is re-dumped from the rebuilt
    # function, so it is compared through the predictions above).
    for a, b in zip(clone.get_config()['layers'], model.get_config()['layers']):
        if a['class_name'] != 'Lambda':
            assert a == b
    # Training continues identically (optimizer state and multipliers kept).
    model.train_on_batch(x, y)
    clone.train_on_batch(x, y)
    for a, b in zip(model.get_weights(), clone.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7)
    assert int(K.get_value(clone.optimizer.iterations)) == 2
