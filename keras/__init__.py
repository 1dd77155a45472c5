"""Keras 2.2.4 API on a TensorFlow graph backend, with per-layer learning-rate
multipliers (differential learning rates). See README.md."""
# NOTE (development): the full list of submodule imports is restored once
# every module has landed; until then submodules are imported explicitly.
__version__ = '2.2.4.post1'
