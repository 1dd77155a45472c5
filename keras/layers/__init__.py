"""Placeholder: being written."""
Input = Model = Sequential = None  # placeholder
