"""Placeholder: being written."""
Model = Sequential = None  # placeholder
