"""keras.preprocessing.sequence: padding, sampling, skip-grams and
TimeseriesGenerator (a keras.utils.Sequence usable by fit_generator)."""
import numpy as np
import pytest

from keras.engine.input_layer import Input
from keras.engine.training import Model
from keras.layers import Dense
from keras.layers import Flatten
from keras.preprocessing import sequence
from keras.utils import Sequence


def test_pad_sequences_values():
    seqs = [[1], [2, 3], [4, 5, 6]]
    np.testing.assert_array_equal(
        sequence.pad_sequences(seqs), [[0, 0, 1], [0, 2, 3], [4, 5, 6]])
    np.testing.assert_array_equal(
        sequence.pad_sequences(seqs, maxlen=2, padding='post',
                               truncating='post', value=-1),
        [[1, -1], [2, 3], [4, 5]])
    np.testing.assert_array_equal(
        sequence.pad_sequences(seqs, maxlen=2), [[0, 1], [2, 3], [5, 6]])
    assert sequence.pad_sequences(seqs).dtype == np.int32
    with pytest.raises(ValueError):
        sequence.pad_sequences(seqs, padding='middle')


def test_make_sampling_table_and_skipgrams():
    table = sequence.make_sampling_table(5, sampling_factor=1e-5)
    assert table.shape == (5,)
    assert np.all((table >= 0) & (table <= 1))
    assert np.all(np.diff(table[1:]) >= 0)  # rarer words kept more often
    couples, labels = sequence.skipgrams([1, 2, 3], vocabulary_size=4,
                                         window_size=1, negative_samples=0.,
                                         shuffle=False)
    assert couples == [[1, 2], [2, 1], [2, 3], [3, 2]]
    assert labels == [1, 1, 1, 1]


def test_timeseries_generator_windows():
    data = np.arange(20).reshape(10, 2)
    targets = np.arange(10) * 10
    gen = sequence.TimeseriesGenerator(data, targets, length=4,
                                       sampling_rate=2, stride=1,
                                       batch_size=3)
    assert isinstance(gen, Sequence)
    assert len(gen) == 2  # targets 4..9: 6 windows
    x, y = gen[0]
    assert x.shape == (3, 2, 2)
    np.testing.assert_array_equal(x[0], data[[0, 2]])
    np.testing.assert_array_equal(x[2], data[[2, 4]])
    np.testing.assert_array_equal(y, [40, 50, 60])
    rev = sequence.TimeseriesGenerator(data, targets, length=4,
                                       reverse=True, batch_size=1)
    np.testing.assert_array_equal(rev[0][0][0], data[[3, 2, 1, 0]])


def test_timeseries_generator_json_round_trip():
    data = np.arange(12.0)
    gen = sequence.TimeseriesGenerator(data, data * 2, length=3,
                                       start_index=2, stride=2, batch_size=2)
    back = sequence.timeseries_generator_from_json(gen.to_json())
    assert isinstance(back, sequence.TimeseriesGenerator)
    assert len(back) == len(gen)
    for i in range(len(gen)):
        np.testing.assert_array_equal(back[i][0], gen[i][0])
        np.testing.assert_array_equal(back[i][1], gen[i][1])


def test_timeseries_generator_feeds_fit_generator():
    rng = np.random.RandomState(0)
    data = rng.uniform(size=(30, 3)).astype('float32')
    targets = data[:, :1] * 2
    gen = sequence.TimeseriesGenerator(data, targets, length=5, batch_size=8)
    inputs = Input((5, 3))
    model = Model(inputs, Dense(1)(Flatten()(inputs)))
    model.compile('sgd', 'mse')
    before = model.get_weights()[0].copy()
    history = model.fit_generator(gen, epochs=1, verbose=0)
    assert np.isfinite(history.history['loss'][0])
    assert not np.array_equal(before, model.get_weights()[0])


def test_pad_sequences_items_strings_and_errors():
    seqs = [np.ones((2, 3)), np.zeros((0, 3)), 2 * np.ones((4, 3))]
    out = sequence.pad_sequences(seqs, maxlen=3, dtype='float32',
                                 padding='post')
    assert out.shape == (3, 3, 3) and out.dtype == np.float32
    np.testing.assert_array_equal(out[0, :, 0], [1, 1, 0])
    np.testing.assert_array_equal(out[1], np.zeros((3, 3)))
    np.testing.assert_array_equal(out[2], 2 * np.ones((3, 3)))
    words = sequence.pad_sequences([['a'], ['b', 'cc']], dtype=object,
                                   value='<pad>')
    assert words.tolist() == [['<pad>', 'a'], ['b', 'cc']]
    assert sequence.pad_sequences([], maxlen=None).shape == (0, 0)
    assert sequence.pad_sequences([[1, 2]], maxlen=0).shape == (1, 0)
    with pytest.raises(ValueError, match='truncating'):
        sequence.pad_sequences([[1]], truncating='middle')
    with pytest.raises(ValueError, match='dtype'):
        sequence.pad_sequences([[1]], value='x')
    with pytest.raises(ValueError, match='entry 1'):
        sequence.pad_sequences([[1], 5])
    with pytest.raises(ValueError, match='shape'):
        sequence.pad_sequences([np.ones((1, 2)), np.ones((1, 3))])


def test_remove_long_seq_as_keras_224():
    # Used by 2.2.4's datasets: keeps the samples strictly shorter than
    # maxlen, with their labels, in order.
    seqs = [[1, 2, 3], [4], [5, 6], [7, 8, 9, 10], []]
    labels = [0, 1, 2, 3, 4]
    new_seqs, new_labels = sequence._remove_long_seq(3, seqs, labels)
    assert new_seqs == [[4], [5, 6], []]
    assert new_labels == [1, 2, 4]
    arrays = [np.arange(n) for n in (5, 2, 7)]
    kept, kept_labels = sequence._remove_long_seq(
        6, arrays, np.array([9, 8, 7]))
    assert [list(a) for a in kept] == [[0, 1, 2, 3, 4], [0, 1]]
    assert kept_labels == [9, 8]
