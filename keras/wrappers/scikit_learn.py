"""scikit-learn estimators wrapping Keras models: `KerasClassifier` and
`KerasRegressor`.

The wrapper builds its model by calling `build_fn` (a function, or an
object with `__call__`), which must return a compiled model. The other
constructor keyword arguments (`sk_params`) are shared out by name among
`build_fn`, `fit`, `predict`, `predict_classes` and `evaluate`: an
argument goes to every one of them that accepts a parameter of that name
(for example `epochs=10, batch_size=32, hidden_units=64`). Arguments given
to `fit`, `predict`, `score` directly override them.
"""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

import copy
import types

import numpy as np

from ..models import Sequential
from ..engine.training import Model
from ..utils.generic_utils import has_arg
from ..utils.generic_utils import to_list
from ..utils.np_utils import to_categorical


def _loss_name(model):
    loss = getattr(model, 'loss', None)
    return getattr(loss, '__name__', loss)


class BaseWrapper(object):
    """Base class of the scikit-learn wrappers.

    # Arguments
        build_fn: callable returning a compiled Keras model: a function, an
            instance of a class with a `__call__` method, or `None` (then
            the wrapper's own `__call__` method is used; subclass it).
        **sk_params: model parameters (arguments of `build_fn`) and fitting
            parameters (arguments of `fit`, `predict`, `predict_classes`,
            `evaluate`). `build_fn` should give its own arguments default
            values, so that the wrapper can be built without them.

    # Raises
        ValueError: if a parameter in `sk_params` is accepted by none of
            these functions.
    """

    def __init__(self, build_fn=None, **sk_params):
        self.build_fn = build_fn
        self.sk_params = sk_params
        self.check_params(sk_params)

    def _build_callable(self):
        """The callable whose arguments are model parameters."""
        if self.build_fn is None:
            return self.__call__
        if not isinstance(self.build_fn, (types.FunctionType,
                                          types.MethodType)):
            return self.build_fn.__call__
        return self.build_fn

    def check_params(self, params):
        """Checks that every parameter is accepted by some function.

        # Arguments
            params: dict of parameters.

        # Raises
            ValueError: naming the first parameter no function accepts.
        """
        legal_fns = [Sequential.fit, Sequential.predict,
                     Sequential.predict_classes, Model.evaluate,
                     self._build_callable()]
        for name in params:
            if name == 'nb_epoch':
                # Keras 1 spelling of `epochs`, still accepted by `fit`.
                continue
            if not any(has_arg(fn, name) for fn in legal_fns):
                raise ValueError('{} is not a legal parameter: it is an '
                                 'argument of neither the build function '
                                 'nor fit, predict, predict_classes or '
                                 'evaluate.'.format(name))

    def get_params(self, **params):
        """Returns the wrapper's parameters (scikit-learn interface).

        # Arguments
            **params: ignored (scikit-learn passes `deep`).

        # Returns
            A dict: the `sk_params` and `build_fn`.
        """
        result = copy.deepcopy(self.sk_params)
        result.update({'build_fn': self.build_fn})
        return result

    def __sklearn_is_fitted__(self):
        """Whether `fit` has built the model (asked by scikit-learn's
        `check_is_fitted`, e.g. for the last step of a `Pipeline`)."""
        return hasattr(self, 'model')

    def set_params(self, **params):
        """Updates the wrapper's parameters (scikit-learn interface).

        # Arguments
            **params: parameters to set.

        # Returns
            The wrapper itself.

        # Raises
            ValueError: for a parameter no function accepts.
        """
        self.check_params(params)
        self.sk_params.update(params)
        return self

    def fit(self, x, y, **kwargs):
        """Builds a new model with `build_fn` and trains it.

        # Arguments
            x: training inputs, shape `(n_samples, n_features)`.
            y: training targets, shape `(n_samples,)` or
                `(n_samples, n_outputs)`. With a `categorical_crossentropy`
                loss, 1D class indices are one-hot encoded.
            **kwargs: arguments of `Sequential.fit`; they override the
                `sk_params`.

        # Returns
            The `History` object returned by the model's `fit`.
        """
        build = self._build_callable()
        if self.build_fn is None:
            self.model = self.__call__(**self.filter_sk_params(build))
        else:
            self.model = self.build_fn(**self.filter_sk_params(build))

        if _loss_name(self.model) == 'categorical_crossentropy' and \
                len(np.shape(y)) != 2:
            y = to_categorical(y)

        fit_args = copy.deepcopy(self.filter_sk_params(Sequential.fit))
        fit_args.update(kwargs)
        return self.model.fit(x, y, **fit_args)

    def filter_sk_params(self, fn, override=None):
        """Returns the `sk_params` that `fn` accepts.

        # Arguments
            fn: a callable.
            override: dict of values that replace (or add to) the result.

        # Returns
            A dict of keyword arguments for `fn`.
        """
        result = {}
        for name, value in self.sk_params.items():
            if has_arg(fn, name):
                result[name] = value
        result.update(override or {})
        return result


class KerasClassifier(BaseWrapper):
    """scikit-learn classifier interface to a Keras model.

    The model's output is either one sigmoid unit (binary classification)
    or one unit per class. `score` needs the model compiled with
    `metrics=['accuracy']`.

    # Arguments
        build_fn: callable returning a compiled Keras classifier (see
            `BaseWrapper`); `None` uses the subclass's `__call__`.
        **sk_params: model and fitting parameters, shared out by name (see
            the module docstring).

    # Raises
        ValueError: if a parameter in `sk_params` is accepted by none of
            the functions it is meant for.
    """

    _estimator_type = 'classifier'

    def __sklearn_tags__(self):
        from sklearn.utils import ClassifierTags, Tags, TargetTags
        return Tags(estimator_type='classifier',
                    target_tags=TargetTags(required=True),
                    classifier_tags=ClassifierTags())

    def fit(self, x, y, sample_weight=None, **kwargs):
        """Builds and trains a model; records the class labels.

        # Arguments
            x: training inputs, shape `(n_samples, n_features)`.
            y: class labels, shape `(n_samples,)` or `(n_samples, 1)` (any
                sortable labels: mapped to indices `0..n_classes-1`), or
                one-hot targets `(n_samples, n_classes)`.
            sample_weight: optional per-sample weights.
            **kwargs: arguments of `Sequential.fit`.

        # Returns
            The `History` object returned by the model's `fit`.

        # Raises
            ValueError: if `y` has another shape.
        """
        y = np.array(y)
        if len(y.shape) == 2 and y.shape[1] > 1:
            self.classes_ = np.arange(y.shape[1])
        elif (len(y.shape) == 2 and y.shape[1] == 1) or len(y.shape) == 1:
            self.classes_ = np.unique(y)
            y = np.searchsorted(self.classes_, y)
        else:
            raise ValueError('Invalid shape for y: %s (expected '
                             '(n_samples,), (n_samples, 1) or (n_samples, '
                             'n_classes)).' % (y.shape,))
        self.n_classes_ = len(self.classes_)
        if sample_weight is not None:
            kwargs['sample_weight'] = sample_weight
        return super(KerasClassifier, self).fit(x, y, **kwargs)

    def predict(self, x, **kwargs):
        """Predicts class labels.

        # Arguments
            x: inputs, shape `(n_samples, n_features)`.
            **kwargs: arguments of `Sequential.predict_classes`.

        # Returns
            The labels (from those seen in `fit`) of the predicted classes.
        """
        kwargs = self.filter_sk_params(Sequential.predict_classes, kwargs)
        if hasattr(self.model, 'predict_classes'):
            classes = self.model.predict_classes(x, **kwargs)
        else:
            proba = self.model.predict(x, **kwargs)
            if proba.shape[-1] > 1:
                classes = proba.argmax(axis=-1)
            else:
                classes = (proba > 0.5).astype('int32')
        return self.classes_[classes]

    def predict_proba(self, x, **kwargs):
        """Predicts class probabilities.

        # Arguments
            x: inputs, shape `(n_samples, n_features)`.
            **kwargs: arguments of `Sequential.predict_proba`.

        # Returns
            Array `(n_samples, n_classes)`. For a model with one sigmoid
            output, the two columns are `1 - p` and `p`.
        """
        kwargs = self.filter_sk_params(Sequential.predict_proba, kwargs)
        if hasattr(self.model, 'predict_proba'):
            probs = self.model.predict_proba(x, **kwargs)
        else:
            probs = self.model.predict(x, **kwargs)
        if probs.shape[1] == 1:
            probs = np.hstack([1 - probs, probs])
        return probs

    def score(self, x, y, **kwargs):
        """Returns the model's accuracy on the given data.

        # Arguments
            x: inputs, shape `(n_samples, n_features)`.
            y: class labels (as given to `fit`), shape `(n_samples,)`.
            **kwargs: arguments of `Sequential.evaluate`.

        # Returns
            The accuracy (a float).

        # Raises
            ValueError: if the model does not compute accuracy.
        """
        y = np.searchsorted(self.classes_, y)
        kwargs = self.filter_sk_params(Sequential.evaluate, kwargs)
        if _loss_name(self.model) == 'categorical_crossentropy' and \
                len(y.shape) != 2:
            y = to_categorical(y)
        outputs = to_list(self.model.evaluate(x, y, **kwargs))
        for name, output in zip(self.model.metrics_names, outputs):
            if name in ('acc', 'accuracy'):
                return output
        raise ValueError('The model is not configured to compute accuracy. '
                         'You should pass `metrics=["accuracy"]` to the '
                         '`model.compile()` method.')


class KerasRegressor(BaseWrapper):
    """scikit-learn regressor interface to a Keras model.

    # Arguments
        build_fn: callable returning a compiled Keras regression model (see
            `BaseWrapper`); `None` uses the subclass's `__call__`.
        **sk_params: model and fitting parameters, shared out by name (see
            the module docstring).

    # Raises
        ValueError: if a parameter in `sk_params` is accepted by none of
            the functions it is meant for.
    """

    _estimator_type = 'regressor'

    def __sklearn_tags__(self):
        from sklearn.utils import RegressorTags, Tags, TargetTags
        return Tags(estimator_type='regressor',
                    target_tags=TargetTags(required=True),
                    regressor_tags=RegressorTags())

    def predict(self, x, **kwargs):
        """Predicts targets.

        # Arguments
            x: inputs, shape `(n_samples, n_features)`.
            **kwargs: arguments of `Sequential.predict`.

        # Returns
            The predictions, with axes of size 1 squeezed out.
        """
        kwargs = self.filter_sk_params(Sequential.predict, kwargs)
        return np.squeeze(self.model.predict(x, **kwargs))

    def score(self, x, y, **kwargs):
        """Returns the negated loss on the given data (higher is better, as
        scikit-learn expects).

        # Arguments
            x: inputs, shape `(n_samples, n_features)`.
            y: targets.
            **kwargs: arguments of `Sequential.evaluate`.

        # Returns
            `-loss` (a float).
        """
        kwargs = self.filter_sk_params(Sequential.evaluate, kwargs)
        loss = self.model.evaluate(x, y, **kwargs)
        if isinstance(loss, list):
            return -loss[0]
        return -loss
