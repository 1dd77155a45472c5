"""Placeholder: being written."""
class Callback(object):
    """Placeholder: being written."""
