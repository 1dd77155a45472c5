"""Text preprocessing: splitting text into words, hashing words to
indices, and the `Tokenizer` (from `keras_preprocessing.text`)."""
from __future__ import absolute_import

from keras_preprocessing import text as _text

text_to_word_sequence = _text.text_to_word_sequence
one_hot = _text.one_hot
hashing_trick = _text.hashing_trick
Tokenizer = _text.Tokenizer
tokenizer_from_json = _text.tokenizer_from_json

__all__ = ['text_to_word_sequence', 'one_hot', 'hashing_trick', 'Tokenizer',
           'tokenizer_from_json']
