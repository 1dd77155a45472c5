"""generic_utils: custom objects, (de)serialization, func_dump/func_load,
Progbar output and the small list helpers."""
import codecs
import json
import marshal

import numpy as np
import pytest

from keras.utils import generic_utils
from keras.utils.generic_utils import (CustomObjectScope, Progbar,
                                       custom_object_scope,
                                       deserialize_keras_object, func_dump,
                                       func_load, get_custom_objects, has_arg,
                                       is_all_none, object_list_uid,
                                       serialize_keras_object, slice_arrays,
                                       to_list, transpose_shape,
                                       unpack_singleton)


# ---------------------------------------------------------------------------
# Custom objects
# ---------------------------------------------------------------------------

def test_custom_object_scope_registers_and_restores():
    def fn():
        pass
    get_custom_objects()['kept'] = 1
    try:
        with custom_object_scope({'fn': fn}, {'other': 2}):
            assert get_custom_objects()['fn'] is fn
            assert get_custom_objects()['other'] == 2
            assert get_custom_objects()['kept'] == 1
            with CustomObjectScope({'fn': 'inner'}):
                assert get_custom_objects()['fn'] == 'inner'
            assert get_custom_objects()['fn'] is fn
        assert 'fn' not in get_custom_objects()
        assert 'other' not in get_custom_objects()
        assert get_custom_objects()['kept'] == 1
    finally:
        get_custom_objects().pop('kept')
    assert get_custom_objects() is generic_utils._GLOBAL_CUSTOM_OBJECTS


class Thing(object):
    def __init__(self, a=1, b=2):
        self.a = a
        self.b = b

    def get_config(self):
        return {'a': self.a, 'b': self.b}


class ThingWithCustomObjects(Thing):
    seen = None

    @classmethod
    def from_config(cls, config, custom_objects=None):
        cls.seen = custom_objects
        return cls(**config)


class ThingWithScope(Thing):
    seen = None

    @classmethod
    def from_config(cls, config):
        cls.seen = dict(get_custom_objects())
        return cls(**config)


def test_serialize_keras_object():
    assert serialize_keras_object(None) is None
    assert serialize_keras_object(Thing(3, 4)) == {
        'class_name': 'Thing', 'config': {'a': 3, 'b': 4}}
    assert serialize_keras_object(np.mean) == 'mean'
    with pytest.raises(ValueError, match='Cannot serialize'):
        serialize_keras_object(3)


def test_deserialize_dict_configs():
    config = serialize_keras_object(Thing(5, 6))
    # No from_config: the constructor is called with the config.
    obj = deserialize_keras_object(config, module_objects={'Thing': Thing})
    assert (type(obj), obj.a, obj.b) == (Thing, 5, 6)
    # custom_objects take precedence over module objects.
    config = {'class_name': 'Thing', 'config': {'a': 7}}
    obj = deserialize_keras_object(
        config, module_objects={'Thing': Thing},
        custom_objects={'Thing': ThingWithScope})
    assert type(obj) is ThingWithScope and obj.a == 7


def test_deserialize_passes_custom_objects_to_from_config():
    get_custom_objects()['global_one'] = 'g'
    try:
        config = {'class_name': 'ThingWithCustomObjects', 'config': {'a': 0}}
        obj = deserialize_keras_object(
            config, custom_objects={'ThingWithCustomObjects':
                                    ThingWithCustomObjects, 'x': 'y'})
        assert obj.a == 0
        assert ThingWithCustomObjects.seen['x'] == 'y'
        assert ThingWithCustomObjects.seen['global_one'] == 'g'
        # Without a custom_objects parameter, they are in scope instead.
        config = {'class_name': 'ThingWithScope', 'config': {}}
        deserialize_keras_object(config, module_objects={
            'ThingWithScope': ThingWithScope}, custom_objects={'z': 1})
        assert ThingWithScope.seen['z'] == 1
        assert 'z' not in get_custom_objects()
    finally:
        get_custom_objects().pop('global_one')


def test_deserialize_strings_and_errors():
    def f():
        pass
    assert deserialize_keras_object('f', module_objects={'f': f}) is f
    with custom_object_scope({'f': np.sum}):
        assert deserialize_keras_object('f', module_objects={'f': f}) \
            is np.sum
    with pytest.raises(ValueError, match='Unknown widget: g'):
        deserialize_keras_object('g', module_objects={'f': f},
                                 printable_module_name='widget')
    with pytest.raises(ValueError, match='Unknown widget: Nope'):
        deserialize_keras_object({'class_name': 'Nope', 'config': {}},
                                 printable_module_name='widget')
    with pytest.raises(ValueError, match='config'):
        deserialize_keras_object({'class_name': 'Thing'})
    with pytest.raises(ValueError, match='Could not interpret'):
        deserialize_keras_object(3)


# ---------------------------------------------------------------------------
# func_dump / func_load
# ---------------------------------------------------------------------------

def _make_closure(offset, scale):
    def fn(x, power=2):
        return scale * x ** power + offset
    return fn


def test_func_dump_load_round_trip_with_closure_and_defaults():
    fn = _make_closure(3, 10)
    code, defaults, closure = func_dump(fn)
    assert isinstance(code, str)
    assert defaults == (2,)
    assert sorted(closure) == [3, 10]
    # Through JSON, as in a model config: tuples become lists.
    loaded = func_load(*json.loads(json.dumps([code, defaults, closure])))
    assert loaded(2) == 10 * 4 + 3
    assert loaded(2, power=3) == 10 * 8 + 3
    assert loaded.__name__ == 'fn'
    loaded = func_load((code, defaults, closure))
    assert loaded(1) == 13


def test_func_load_plain_lambda_and_globals():
    fn = lambda x: x + 1  # noqa: E731
    loaded = func_load(*func_dump(fn))
    assert loaded(1) == 2
    uses_global = lambda x: np.sqrt(x)  # noqa: E731
    loaded = func_load(*func_dump(uses_global), globs={'np': np})
    assert loaded(16.) == 4.
    with pytest.raises(ValueError, match='base64'):
        func_load(u'\u00e9\u00e9')


def _keras224_encodings(fn):
    """The two ways Keras 2.2.4 stored `fn.__code__` in a config, built as
    it built them: the raw marshal string on Python 3, and base64."""
    raw = marshal.dumps(fn.__code__)
    return {'raw': raw.decode('raw_unicode_escape'),
            'base64': codecs.encode(raw, 'base64').decode('ascii')}


@pytest.mark.parametrize('encoding', ['raw', 'base64'])
def test_func_load_reads_the_encodings_keras224_wrote(encoding):
    fn = _make_closure(1, 3)
    code = _keras224_encodings(fn)[encoding]
    if encoding == 'raw':  # not mistaken for base64 text
        assert any(ord(c) > 127 for c in code)
    closure = [cell.cell_contents for cell in fn.__closure__]
    # Through JSON, as the config of a saved model carried it.
    loaded = func_load(*json.loads(json.dumps([code, fn.__defaults__,
                                               closure])))
    assert loaded(2) == 3 * 4 + 1
    assert loaded(2, power=3) == 3 * 8 + 1
    assert loaded.__code__.co_code == fn.__code__.co_code
    plain = func_load(_keras224_encodings(lambda x: x - 7)[encoding])
    assert plain(10) == 3


def test_func_load_refuses_what_is_no_code_object():
    with pytest.raises(ValueError, match='code object'):
        func_load(codecs.encode(marshal.dumps(42), 'base64').decode('ascii'))
    with pytest.raises(ValueError, match='raw marshal'):
        func_load(marshal.dumps('text').decode('raw_unicode_escape'))


def test_has_arg():
    def f(a, b=1, *args, c=2, **kwargs):
        pass

    def g(a):
        pass
    assert has_arg(f, 'a') and has_arg(f, 'b') and has_arg(f, 'c')
    assert not has_arg(f, 'args')
    assert not has_arg(f, 'zzz')
    assert has_arg(f, 'zzz', accept_all=True)
    assert not has_arg(g, 'zzz', accept_all=True)


# ---------------------------------------------------------------------------
# Progbar
# ---------------------------------------------------------------------------

class _Clock(object):
    def __init__(self, times):
        self.times = list(times)

    def __call__(self):
        return self.times.pop(0)


def _progbar(monkeypatch, times, *args, **kwargs):
    monkeypatch.setattr(generic_utils.time, 'time', _Clock(times))
    return Progbar(*args, **kwargs)


def test_progbar_verbose_1(monkeypatch, capsys):
    bar = _progbar(monkeypatch, [100., 101., 104.], 4, width=10,
                   interval=0.)
    bar.update(1, [('loss', 0.5)])
    bar.update(4, [('loss', 0.25), ('acc', 0.75)])
    out = capsys.readouterr().out
    # loss: (0.5 * 1 + 0.25 * 3) / 4 = 0.3125; acc: seen for 3 steps.
    assert out == ('\n1/4 [=>........] - ETA: 3s - loss: 0.5000'
                   '\n4/4 [==========] - 4s 1s/step - loss: 0.3125'
                   ' - acc: 0.7500\n')


def test_progbar_verbose_1_pads_shorter_lines_and_formats(monkeypatch,
                                                          capsys):
    bar = _progbar(monkeypatch, [0., 0.5, 0.52], 200, width=4,
                   interval=0., stateful_metrics=['s'])
    bar.update(100, [('loss', 1e-5), ('s', 3.)])
    bar.update(200, [('s', 5.)])
    out = capsys.readouterr().out
    first = '\n100/200 [=>..] - ETA: 0s - loss: 1.0000e-05 - s: 3.0000'
    # 200 steps in 0.52 s: 3ms per step; `s` is shown as given.
    second = '\n200/200 [====] - 1s 3ms/step - loss: 1.0000e-05 - s: 5.0000'
    assert out == first + second + '\n'


def test_progbar_respects_interval_and_eta_formats(monkeypatch, capsys):
    bar = _progbar(monkeypatch, [1000., 1000.01, 1000.02, 1100.], 10,
                   width=10, interval=0.05)
    bar.update(1)   # drawn (first update)
    bar.update(2)   # skipped: 0.01 s after the previous draw
    bar.update(3)   # drawn: 100 s in, 33.3 s per step, 7 steps to go
    out = capsys.readouterr().out
    lines = out.split('\n')[1:]
    assert len(lines) == 2
    assert lines[0].startswith(' 1/10 [>.........] - ETA: 0s')
    assert lines[1].startswith(' 3/10 [==>.......] - ETA: 3:53')
    bar = _progbar(monkeypatch, [0., 3600.], 100, width=10, interval=0.)
    bar.update(10)
    assert '- ETA: 9:00:00' in capsys.readouterr().out


def test_progbar_unknown_target(monkeypatch, capsys):
    bar = _progbar(monkeypatch, [0., 2.], None, interval=0.)
    bar.update(5, [('loss', 2.)])
    assert capsys.readouterr().out == \
        '\n      5/Unknown - 2s 400ms/step - loss: 2.0000'


def test_progbar_verbose_2(monkeypatch, capsys):
    bar = _progbar(monkeypatch, [0., 1., 2., 3.], 6, verbose=2)
    bar.add(2, [('loss', 1.0), ('neg', -0.5)])
    bar.add(2, [('loss', 0.0), ('neg', -0.5)])
    assert capsys.readouterr().out == ''
    bar.add(2, [('loss', 0.5), ('neg', -0.5)])
    # Keras 2.2.4 prints negative averages in exponent format here.
    assert capsys.readouterr().out == \
        ' - 3s - loss: 0.5000 - neg: -5.0000e-01\n'


def test_progbar_verbose_0_prints_nothing(monkeypatch, capsys):
    bar = _progbar(monkeypatch, [0., 1.], 2, verbose=0)
    bar.add(2, [('loss', 1.)])
    assert capsys.readouterr().out == ''


# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------

def test_to_list_and_unpack_singleton():
    x = [1, 2]
    assert to_list(x) is x
    assert to_list((1, 2)) == [(1, 2)]
    assert to_list((1, 2), allow_tuple=True) == [1, 2]
    assert to_list(3) == [3]
    assert unpack_singleton([5]) == 5
    assert unpack_singleton((5,)) == 5
    assert unpack_singleton([1, 2]) == [1, 2]


def test_object_list_uid_and_is_all_none():
    a, b = object(), object()
    assert object_list_uid([a, b]) == '%d, %d' % (id(a), id(b))
    assert object_list_uid(a) == str(id(a))
    assert is_all_none(None)
    assert is_all_none([None, None])
    assert is_all_none((None,))
    assert not is_all_none([None, 0])
    assert not is_all_none(0)


def test_slice_arrays():
    a = np.arange(10)
    b = np.arange(20).reshape(10, 2)
    np.testing.assert_array_equal(slice_arrays(a, 2, 5), [2, 3, 4])
    sliced = slice_arrays([a, None, b], 1, 3)
    np.testing.assert_array_equal(sliced[0], [1, 2])
    assert sliced[1] is None
    np.testing.assert_array_equal(sliced[2], [[2, 3], [4, 5]])
    np.testing.assert_array_equal(slice_arrays(a, np.array([7, 1])), [7, 1])
    np.testing.assert_array_equal(slice_arrays([a], [0, 9])[0], [0, 9])
    assert slice_arrays(None, 0, 1) == [None]


def test_transpose_shape():
    assert transpose_shape((None, 4, 5, 3), 'channels_first', [1, 2]) == \
        (None, 3, 4, 5)
    assert transpose_shape([8, 4, 5, 6, 3], 'channels_first', [1, 2, 3]) \
        == [8, 3, 4, 5, 6]
    assert transpose_shape((None, 4, 3), 'channels_last', [1]) == \
        (None, 4, 3)
    with pytest.raises(ValueError, match='data_format'):
        transpose_shape((1, 2), 'nope', [1])


# ---------------------------------------------------------------------------
# The keras.utils package
# ---------------------------------------------------------------------------

def test_keras_utils_exports():
    import keras.utils as utils
    from keras.utils import data_utils, layer_utils, multi_gpu_utils
    from keras.utils import vis_utils
    assert utils.Progbar is Progbar
    assert utils.CustomObjectScope is CustomObjectScope
    assert utils.custom_object_scope is custom_object_scope
    assert utils.get_custom_objects is get_custom_objects
    assert utils.serialize_keras_object is serialize_keras_object
    assert utils.deserialize_keras_object is deserialize_keras_object
    assert utils.to_categorical is utils.np_utils.to_categorical
    assert utils.normalize is utils.np_utils.normalize
    assert utils.conv_utils.conv_output_length(5, 3, 'valid', 1) == 3
    assert utils.plot_model is vis_utils.plot_model
    assert utils.multi_gpu_model is multi_gpu_utils.multi_gpu_model
    for name in ('get_file', 'Sequence', 'GeneratorEnqueuer',
                 'OrderedEnqueuer'):
        assert getattr(utils, name) is getattr(data_utils, name)
    for name in ('convert_all_kernels_in_model', 'get_source_inputs',
                 'print_summary'):
        assert getattr(utils, name) is getattr(layer_utils, name)
    assert 'plot_model' in dir(utils)
    with pytest.raises(AttributeError):
        utils.not_a_utility


def test_importing_keras_utils_first_has_no_import_cycle():
    # `keras/__init__` imports every submodule (as 2.2.4 did); importing a
    # utils module first, in a fresh process, must not trip over a cycle.
    import subprocess
    import sys
    code = ('import keras.utils.generic_utils, keras.utils; '
            'from keras.utils import to_categorical, Progbar, Sequence, '
            'HDF5Matrix, print_summary, multi_gpu_model, plot_model; '
            'print(to_categorical([1], 3).tolist())')
    out = subprocess.check_output([sys.executable, '-c', code])
    assert out.decode().strip().splitlines()[-1] == '[[0.0, 1.0, 0.0]]'
