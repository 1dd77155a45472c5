"""keras.preprocessing.text against known values."""
from hashlib import md5

import numpy as np
import pytest

from keras.preprocessing import text


def test_text_to_word_sequence():
    assert text.text_to_word_sequence('Hello, World! Hi.') == [
        'hello', 'world', 'hi']
    assert text.text_to_word_sequence('a-b c', filters='', split='-',
                                      lower=False) == ['a', 'b c']


def test_one_hot_and_hashing_trick():
    words = text.one_hot('The cat sat on the mat', 10)
    assert len(words) == 6
    assert all(1 <= w < 10 for w in words)
    assert words[0] == words[4]  # 'the' twice
    hashed = text.hashing_trick('cat dog', 7, hash_function='md5')
    expected = [int(md5(w.encode()).hexdigest(), 16) % 6 + 1
                for w in ('cat', 'dog')]
    assert hashed == expected


def test_tokenizer():
    docs = ['the cat sat', 'the dog sat on the cat']
    tok = text.Tokenizer(num_words=4)
    tok.fit_on_texts(docs)
    # Ranked by count: the(3), cat(2), sat(2), then dog/on(1).
    assert tok.word_index['the'] == 1
    assert {tok.word_index['cat'], tok.word_index['sat']} == {2, 3}
    assert tok.texts_to_sequences(['the cat dog']) == [
        [1, tok.word_index['cat']]]
    matrix = tok.texts_to_matrix(['the the cat'], mode='count')
    expected = np.zeros((1, 4))
    expected[0, 1] = 2
    expected[0, tok.word_index['cat']] = 1
    np.testing.assert_array_equal(matrix, expected)
    back = text.tokenizer_from_json(tok.to_json())
    assert back.word_index == tok.word_index


def _np_texts_to_matrix(word_lists, word_index, index_docs, document_count,
                        num_words, mode):
    """NumPy re-derivation of Tokenizer.texts_to_matrix (Keras 2.2.4 /
    keras_preprocessing): binary, count, freq, and tf-idf with
    tf = 1 + log(count), idf = log(1 + documents / (1 + documents with the
    word))."""
    out = np.zeros((len(word_lists), num_words))
    for i, words in enumerate(word_lists):
        seq = [word_index[w] for w in words if w in word_index
               and word_index[w] < num_words]
        for j in set(seq):
            count = seq.count(j)
            if mode == 'binary':
                out[i, j] = 1
            elif mode == 'count':
                out[i, j] = count
            elif mode == 'freq':
                out[i, j] = count / float(len(seq))
            else:
                out[i, j] = (1 + np.log(count)) * np.log(
                    1 + document_count / (1. + index_docs.get(j, 0)))
    return out


@pytest.mark.parametrize('mode', ['binary', 'count', 'tfidf', 'freq'])
@pytest.mark.parametrize('num_words', [None, 4])
def test_tokenizer_texts_to_matrix_every_mode(mode, num_words):
    docs = ['The cat sat on the mat.', 'The dog sat', 'a cat, a dog, a cat!']
    queries = np.array(['the cat the cat', 'dog mat unknown', 'a a a sat',
                        ''])  # NumPy strings, as users pass them
    tok = text.Tokenizer(num_words=num_words)
    tok.fit_on_texts(docs)
    assert tok.document_count == 3
    matrix = tok.texts_to_matrix(queries, mode=mode)
    width = num_words or len(tok.word_index) + 1
    assert matrix.shape == (4, width)
    assert matrix.dtype == np.float64
    index_docs = {tok.word_index[w]: n for w, n in
                  (('the', 2), ('cat', 2), ('sat', 2), ('on', 1),
                   ('mat', 1), ('dog', 2), ('a', 1))}
    expected = _np_texts_to_matrix(
        [text.text_to_word_sequence(q) for q in queries], tok.word_index,
        index_docs, 3, width, mode)
    np.testing.assert_allclose(matrix, expected, rtol=1e-12)
    # The same after a JSON round trip of the tokenizer.
    back = text.tokenizer_from_json(tok.to_json())
    np.testing.assert_allclose(back.texts_to_matrix(queries, mode=mode),
                               expected, rtol=1e-12)


def test_tokenizer_matrix_errors():
    tok = text.Tokenizer()
    with pytest.raises(ValueError, match='num_words'):
        tok.texts_to_matrix(['a b'])
    with pytest.raises(ValueError, match='tfidf'):
        text.Tokenizer(num_words=4).texts_to_matrix(['a b'], mode='tfidf')
    with pytest.raises(ValueError, match='Unknown vectorization mode'):
        text.Tokenizer(num_words=4).sequences_to_matrix([[1]], mode='bad')
