"""keras.preprocessing.text against known values."""
from hashlib import md5

import numpy as np

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
