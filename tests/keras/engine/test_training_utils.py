"""Tests of keras.engine.training_utils helpers."""
import numpy as np
import pytest

from keras import backend as K
from keras.engine import training_utils as tu


def test_make_batches():
    assert tu.make_batches(10, 4) == [(0, 4), (4, 8), (8, 10)]
    assert tu.make_batches(8, 4) == [(0, 4), (4, 8)]
    assert tu.make_batches(0, 4) == []


def test_standardize_input_data_forms():
    a = np.zeros((5, 2))
    b = np.zeros((5,))
    out = tu.standardize_input_data({'x': a, 'y': b}, ['x', 'y'])
    assert out[0] is a and out[1].shape == (5, 1)
    assert tu.standardize_input_data(a, ['x'])[0] is a
    assert tu.standardize_input_data(None, ['x', 'y']) == [None, None]
    assert tu.standardize_input_data([1., 2., 3.], ['x'])[0].shape == (3, 1)
    with pytest.raises(ValueError, match='expected x to have 3 dimensions'):
        tu.standardize_input_data(a, ['x'], [(None, 2, 1)])
    with pytest.raises(ValueError, match=r'expected x to have shape \(None, 3\)'):
        tu.standardize_input_data(a, ['x'], [(None, 3)], exception_prefix='input')
    with pytest.raises(ValueError, match='Expected to see 2 array'):
        tu.standardize_input_data([a], ['x', 'y'])
    with pytest.raises(ValueError, match='expected no data'):
        tu.standardize_input_data([a], [])


def test_standardize_weights():
    y = np.eye(3)[[0, 1, 2, 1]]
    np.testing.assert_array_equal(tu.standardize_weights(y), np.ones(4))
    np.testing.assert_array_equal(
        tu.standardize_weights(y, class_weight={0: 1., 1: 2., 2: 3.}),
        [1., 2., 3., 2.])
    y1 = np.array([[0], [1], [1]])
    np.testing.assert_array_equal(
        tu.standardize_weights(y1, class_weight={0: 5., 1: 0.5}), [5., .5, .5])
    sw = np.array([1., 2., 3., 4.])
    assert tu.standardize_weights(y, sample_weight=sw) is not None
    with pytest.raises(ValueError, match='temporal'):
        tu.standardize_weights(y, sample_weight=np.ones((4, 3)))
    with pytest.raises(ValueError, match='at least 3D'):
        tu.standardize_weights(y, sample_weight_mode='temporal')
    assert tu.standardize_weights(np.zeros((4, 5, 1)),
                                  sample_weight_mode='temporal').shape == (4, 5)
    with pytest.raises(ValueError, match='must contain all classes'):
        tu.standardize_weights(y, class_weight={0: 1.})


def test_sample_and_class_weight_lists():
    assert tu.standardize_sample_weights(None, ['a', 'b']) == [None, None]
    w = np.ones(3)
    assert tu.standardize_sample_weights(w, ['a'])[0] is w
    assert tu.standardize_sample_weights({'b': w}, ['a', 'b']) == [None, w]
    with pytest.raises(ValueError, match='list of 1 elements'):
        tu.standardize_sample_weights([w], ['a', 'b'])
    with pytest.raises(TypeError, match='list or a dict'):
        tu.standardize_class_weights(w, ['a', 'b'])


def test_check_array_length_consistency():
    a = np.zeros((4, 1))
    tu.check_array_length_consistency([a], [a], [np.ones(4)])
    with pytest.raises(ValueError, match='4 input samples and 3 target'):
        tu.check_array_length_consistency([a], [np.zeros((3, 1))])
    with pytest.raises(ValueError, match='All input arrays'):
        tu.check_array_length_consistency([a, np.zeros((3, 1))], [a])
    with pytest.raises(ValueError, match=r'All target arrays \(y\) should '
                                         r'have the same number of samples'):
        tu.check_array_length_consistency([a], [a, np.zeros((5, 1))])
    with pytest.raises(ValueError, match='All sample_weight arrays'):
        tu.check_array_length_consistency([a], [a, a],
                                          [np.ones(4), np.ones(2)])
    with pytest.raises(ValueError, match='Got 4 target samples and 3 '
                                         'sample_weight samples'):
        tu.check_array_length_consistency([a], [a], [np.ones(3)])
    # None weights and symbolic tensors have no length to compare.
    tu.check_array_length_consistency([a, K.constant(np.zeros((2, 1)))], [a],
                                      [None])


def test_fit_with_mismatched_sample_counts_raises():
    from keras.layers import Dense
    from keras.models import Input, Model
    inp = Input((1,))
    model = Model(inp, Dense(1)(inp))
    model.compile('sgd', 'mse')
    a = np.zeros((4, 1), dtype='float32')
    with pytest.raises(ValueError, match='Found 4 input samples and 3 target'):
        model.fit(a, a[:3], verbose=0)
    with pytest.raises(ValueError, match=r'sample_weight array with shape '
                                         r'\(2,\) for an input with shape'):
        model.fit(a, a, sample_weight=np.ones(2), verbose=0)


def test_collect_metrics():
    assert tu.collect_metrics(None, ['a', 'b']) == [[], []]
    assert tu.collect_metrics(['acc'], ['a', 'b']) == [['acc'], ['acc']]
    assert tu.collect_metrics({'b': 'mae'}, ['a', 'b']) == [[], ['mae']]
    with pytest.raises(ValueError, match='Unknown output'):
        tu.collect_metrics({'c': 'mae'}, ['a'])
    with pytest.raises(TypeError):
        tu.collect_metrics('acc', ['a'])


def test_weighted_masked_objective_matches_numpy():
    fn = tu.weighted_masked_objective(lambda yt, yp: K.mean(K.square(yt - yp), axis=-1))
    rng = np.random.RandomState(0)
    yt = rng.rand(4, 3, 2).astype('float32')
    yp = rng.rand(4, 3, 2).astype('float32')
    w = np.array([1., 0., 2., 3.], dtype='float32')
    mask = np.array([[1, 1, 0], [1, 0, 0], [1, 1, 1], [0, 1, 1]], dtype='float32')
    out = K.eval(fn(K.constant(yt), K.constant(yp), K.constant(w), K.constant(mask)))
    score = np.mean((yt - yp) ** 2, axis=-1) * mask / mask.mean()
    score = score.mean(axis=1) * w / np.mean(w != 0)
    np.testing.assert_allclose(out, score.mean(), rtol=1e-5)
    assert tu.weighted_masked_objective(None) is None


def test_check_num_samples():
    assert tu.check_num_samples([np.zeros((7, 1))], batch_size=2) == 7
    assert tu.check_num_samples([np.zeros((7, 1))], steps=3) is None
    with pytest.raises(ValueError, match='steps'):
        tu.check_num_samples([], batch_size=2)


def test_sequence_helpers_have_one_definition():
    # `iter_sequence_infinite` lives with `Sequence` in keras.utils.data_utils
    # and stays importable from training_utils (one function, two names);
    # the generator loop recognizes Sequences with training_utils'
    # `is_sequence` (it once had a copy of its own).
    from keras.engine import training_generator
    from keras.utils import data_utils
    assert tu.iter_sequence_infinite is data_utils.iter_sequence_infinite
    assert tu.iter_sequence_infinite.__module__ == 'keras.utils.data_utils'
    assert training_generator.iter_sequence_infinite is \
        data_utils.iter_sequence_infinite
    assert training_generator._is_sequence is tu.is_sequence

    class Batches(data_utils.Sequence):
        def __len__(self):
            return 2

        def __getitem__(self, index):
            return np.full((1,), index)

    class Quacks(object):
        use_sequence_api = True

    assert tu.is_sequence(Batches()) and tu.is_sequence(Quacks())
    assert not tu.is_sequence(iter([1, 2]))
    items = tu.iter_sequence_infinite(Batches())
    assert [int(next(items)[0]) for _ in range(5)] == [0, 1, 0, 1, 0]


def test_group_new_updates_groups_only_ops_made_since():
    import tensorflow.compat.v1 as tf
    K.clear_session()
    v = K.variable(0.)
    w = K.variable(0.)
    old = K.update_add(v, 1.)
    K.get_session().run(old)
    known = set(tf.get_default_graph().get_operations())
    new_a = K.update_add(v, 2.)
    new_b = K.update_add(w, 3.)
    pair = (w, 5.)
    grouped = tu.group_new_updates([old, new_a, pair, new_b], known)
    assert len(grouped) == 3
    assert grouped[1:] == [old, pair]
    group = grouped[0]
    assert isinstance(group, tf.Operation)
    assert set(group.control_inputs) == set([new_a.op, new_b.op])
    K.get_session().run(group)
    assert K.get_value(v) == 3. and K.get_value(w) == 3.
    # Fewer than two new ops: nothing to group, the list is unchanged.
    assert tu.group_new_updates([old, new_a], known) == [old, new_a]


def test_train_function_fetches_the_optimizer_updates_as_one_op():
    from keras.layers import BatchNormalization, Dense, Input
    from keras.models import Model
    K.clear_session()
    inp = Input((4,))
    out = Dense(2)(BatchNormalization()(Dense(3)(inp)))
    model = Model(inp, out)
    model.compile('adam', 'mse')
    x = np.ones((4, 4), dtype='float32')
    model.train_on_batch(x, np.zeros((4, 2), dtype='float32'))
    fetched = model.train_function.updates_ops
    # BatchNormalization's two moving-average updates, and one op standing
    # for the optimizer's 1 + 6 updates (iterations, one per weight).
    assert len(model.updates) == 2
    assert len(fetched) == 3
    group = [op for op in fetched if op.type == 'NoOp']
    assert len(group) == 1 and len(group[0].control_inputs) == 7
