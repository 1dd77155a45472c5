"""scikit-learn wrappers: parameter routing, fit/predict/score values
checked against the wrapped model's own predictions."""
import numpy as np
import pytest

from keras import backend as K
from keras.layers import Dense
from keras.models import Sequential
from keras.wrappers.scikit_learn import KerasClassifier, KerasRegressor

RNG = np.random.RandomState(0)
N_FEATURES = 4
LABEL_VALUES = np.array([10, 20, 30])
X = RNG.randn(60, N_FEATURES).astype('float32')
CENTERS = np.eye(3, N_FEATURES) * 4
LABEL_IDX = RNG.randint(0, 3, size=60)
X_CLS = (X + CENTERS[LABEL_IDX]).astype('float32')
Y_CLS = LABEL_VALUES[LABEL_IDX]
Y_REG = X.dot(np.array([1., -2., 0.5, 3.])).astype('float32')


def build_classifier(hidden_units=8, loss='categorical_crossentropy'):
    model = Sequential()
    model.add(Dense(hidden_units, activation='relu',
                    input_shape=(N_FEATURES,)))
    model.add(Dense(3, activation='softmax'))
    model.compile(optimizer='adam', loss=loss, metrics=['accuracy'])
    return model


def build_regressor(hidden_units=8):
    model = Sequential()
    model.add(Dense(hidden_units, activation='relu',
                    input_shape=(N_FEATURES,)))
    model.add(Dense(1))
    model.compile(optimizer='sgd', loss='mse')
    return model


class ClassifierBuilder(object):
    def __call__(self, hidden_units=8):
        return build_classifier(hidden_units)


def _check_classifier(clf):
    clf.fit(X_CLS, Y_CLS)
    np.testing.assert_array_equal(clf.classes_, LABEL_VALUES)
    assert clf.n_classes_ == 3
    probs = clf.predict_proba(X_CLS)
    raw = clf.model.predict(X_CLS)
    np.testing.assert_allclose(probs, raw, rtol=1e-6)
    predicted = clf.predict(X_CLS)
    np.testing.assert_array_equal(predicted,
                                  LABEL_VALUES[raw.argmax(axis=-1)])
    score = clf.score(X_CLS, Y_CLS)
    np.testing.assert_allclose(score, np.mean(predicted == Y_CLS),
                               rtol=1e-5)
    return clf


@pytest.mark.parametrize('loss', ['categorical_crossentropy',
                                  'sparse_categorical_crossentropy'])
def test_classifier_with_function(loss):
    clf = KerasClassifier(build_classifier, hidden_units=6, loss=loss,
                          epochs=3, batch_size=16, verbose=0)
    _check_classifier(clf)
    assert clf.model.layers[0].units == 6
    assert len(clf.model.history.history['loss']) == 3


def test_classifier_with_callable_object_and_subclass():
    _check_classifier(KerasClassifier(ClassifierBuilder(), epochs=1,
                                      verbose=0))

    class MyClassifier(KerasClassifier):
        def __call__(self, hidden_units=8):
            return build_classifier(hidden_units)
    clf = _check_classifier(MyClassifier(hidden_units=5, epochs=1,
                                         verbose=0))
    assert clf.model.layers[0].units == 5


def test_classifier_binary_predict_proba():
    def build_binary():
        model = Sequential([Dense(1, activation='sigmoid',
                                  input_shape=(N_FEATURES,))])
        model.compile('sgd', 'binary_crossentropy', metrics=['acc'])
        return model
    y = (Y_CLS == 20).astype('int32')
    clf = KerasClassifier(build_binary, epochs=1, verbose=0)
    clf.fit(X_CLS, y, sample_weight=np.ones(len(y)))
    p = clf.model.predict(X_CLS)
    np.testing.assert_allclose(clf.predict_proba(X_CLS),
                               np.hstack([1 - p, p]), rtol=1e-5)
    np.testing.assert_array_equal(clf.predict(X_CLS).ravel(),
                                  (p.ravel() > 0.5).astype('int32'))


def test_classifier_score_needs_accuracy():
    def build_no_metric():
        model = Sequential([Dense(3, activation='softmax',
                                  input_shape=(N_FEATURES,))])
        model.compile('sgd', 'categorical_crossentropy')
        return model
    clf = KerasClassifier(build_no_metric, epochs=1, verbose=0)
    clf.fit(X_CLS, Y_CLS)
    with pytest.raises(ValueError, match='accuracy'):
        clf.score(X_CLS, Y_CLS)


def test_classifier_bad_y_shape():
    clf = KerasClassifier(build_classifier, epochs=1, verbose=0)
    with pytest.raises(ValueError, match='Invalid shape for y'):
        clf.fit(X_CLS, np.zeros((60, 2, 2)))


def test_regressor():
    reg = KerasRegressor(build_regressor, hidden_units=5, epochs=2,
                         batch_size=20, verbose=0)
    reg.fit(X, Y_REG)
    predicted = reg.predict(X)
    assert predicted.shape == (60,)
    np.testing.assert_allclose(predicted, reg.model.predict(X).ravel(),
                               rtol=1e-6)
    np.testing.assert_allclose(reg.score(X, Y_REG),
                               -np.mean((predicted - Y_REG) ** 2),
                               rtol=1e-4)


def test_params():
    with pytest.raises(ValueError, match='not_a_param is not a legal'):
        KerasClassifier(build_classifier, not_a_param=1)
    clf = KerasClassifier(build_classifier, hidden_units=3, epochs=2,
                          nb_epoch=1)
    params = clf.get_params(deep=False)
    assert params == {'build_fn': build_classifier, 'hidden_units': 3,
                      'epochs': 2, 'nb_epoch': 1}
    assert clf.set_params(hidden_units=4) is clf
    assert clf.sk_params['hidden_units'] == 4
    with pytest.raises(ValueError, match='bogus'):
        clf.set_params(bogus=1)
    fit_args = clf.filter_sk_params(Sequential.fit, {'epochs': 7})
    assert fit_args == {'epochs': 7}
    assert clf.filter_sk_params(build_classifier) == {'hidden_units': 4}


def test_scikit_learn_cross_validation():
    sklearn_model_selection = pytest.importorskip('sklearn.model_selection')
    from sklearn.base import clone, is_classifier, is_regressor
    clf = KerasClassifier(build_classifier, epochs=1, verbose=0)
    assert is_classifier(clf)
    assert is_regressor(KerasRegressor(build_regressor))
    cloned = clone(clf)
    assert cloned is not clf and cloned.get_params() == clf.get_params()
    scores = sklearn_model_selection.cross_val_score(clf, X_CLS, Y_CLS,
                                                     cv=2)
    assert scores.shape == (2,)
    assert np.all((scores >= 0) & (scores <= 1))
    K.clear_session()


@pytest.mark.parametrize('make', [
    lambda: KerasRegressor(build_regressor, epochs=1, verbose=0),
    lambda: KerasClassifier(build_classifier, epochs=1, verbose=0)])
def test_wrappers_in_a_pipeline(make):
    # The blog-post recipe: StandardScaler + wrapper in a Pipeline, scored
    # by cross_val_score. scikit-learn >= 1.3 asks the last step whether it
    # is fitted (`check_is_fitted`); the wrapper says so once `fit` built
    # its model.
    pytest.importorskip('sklearn.pipeline')
    from sklearn.exceptions import NotFittedError
    from sklearn.model_selection import cross_val_score
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.utils.validation import check_is_fitted
    wrapper = make()
    with pytest.raises(NotFittedError):
        check_is_fitted(wrapper)
    y = Y_REG if isinstance(wrapper, KerasRegressor) else Y_CLS
    x = X if isinstance(wrapper, KerasRegressor) else X_CLS
    wrapper.fit(x, y)
    check_is_fitted(wrapper)
    pipeline = Pipeline([('standardize', StandardScaler()), ('keras', make())])
    scores = cross_val_score(pipeline, x, y, cv=2, error_score='raise')
    assert scores.shape == (2,)
    assert np.all(np.isfinite(scores))
    K.clear_session()
