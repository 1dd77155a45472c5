"""Keras 1 compatibility: argument conversion (`interfaces`) and the layers
Keras 2.2.4 still shipped for old scripts (`layers`)."""
