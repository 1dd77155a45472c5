"""Thread safety of the training engine: ``fit`` in one thread and
``predict`` in others on the same model never fail, and every call runs in
the model's graph and session, whatever the calling thread's default graph.

Before the per-graph guard, a ``predict`` loop in a thread failed with
"Tensor ... is not an element of this graph" (the thread's default graph is
another one), and, once the predict function existed, the first ``fit`` of
the main thread failed about once in three trials with an ``IndexError``
from TensorFlow's graph code (two threads building in one graph)."""
import threading

import numpy as np
import tensorflow.compat.v1 as tf

from keras import backend as K
from keras import optimizers
from keras.engine.training_utils import GraphGuard
from keras.layers import Dense
from keras.models import Sequential


def small_model():
    model = Sequential([Dense(8, input_shape=(4,), activation='relu'),
                        Dense(1)])
    model.compile(optimizers.Adam(lr=0.01), 'mse')
    return model


def numpy_forward(model, x):
    k1, b1, k2, b2 = model.get_weights()
    return np.maximum(x.dot(k1) + b1, 0).dot(k2) + b2


def run_fit_with_predict_thread(predict_first):
    K.clear_session()
    rng = np.random.RandomState(0)
    x = rng.rand(64, 4).astype('float32')
    y = rng.rand(64, 1).astype('float32')
    model = small_model()
    if predict_first:
        model.predict(x[:2])
    stop = threading.Event()
    errors = []
    calls = []

    def predict_loop():
        while not stop.is_set():
            try:
                out = model.predict(x, batch_size=16)
            except Exception as e:  # noqa: B902 - collected for the assert
                errors.append(repr(e))
                return
            assert out.shape == (64, 1)
            calls.append(1)

    thread = threading.Thread(target=predict_loop)
    thread.start()
    try:
        hist = model.fit(x, y, batch_size=16, epochs=10, verbose=0)
    finally:
        stop.set()
        thread.join()
    assert errors == []
    assert len(hist.history['loss']) == 10
    assert calls
    # The weights the main thread trained are those the model predicts with.
    np.testing.assert_allclose(model.predict(x), numpy_forward(model, x),
                               rtol=1e-4, atol=1e-5)


def test_fit_while_another_thread_predicts_repeated():
    for trial in range(6):
        run_fit_with_predict_thread(predict_first=trial % 2 == 0)


def test_first_predict_in_several_threads_at_once():
    rng = np.random.RandomState(1)
    x = rng.rand(10, 4).astype('float32')
    for _ in range(3):
        K.clear_session()
        model = small_model()
        barrier = threading.Barrier(4)
        results = [None] * 4
        errors = []

        def work(i):
            barrier.wait()
            try:
                results[i] = model.predict(x)
            except Exception as e:  # noqa: B902 - collected for the assert
                errors.append(repr(e))

        threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        expected = numpy_forward(model, x)
        for result in results:
            np.testing.assert_allclose(result, expected, rtol=1e-4, atol=1e-5)


def test_calls_enter_the_model_graph_from_another_default_graph():
    model = small_model()
    x = np.ones((3, 4), dtype='float32')
    y = np.zeros((3, 1), dtype='float32')
    with tf.Graph().as_default():
        loss = model.train_on_batch(x, y)
        out = model.predict(x)
    assert np.isfinite(loss)
    np.testing.assert_allclose(out, numpy_forward(model, x), rtol=1e-4,
                               atol=1e-5)


def test_graph_guard_writer_waits_for_running_function():
    guard = GraphGuard()
    running = threading.Event()
    release = threading.Event()
    order = []

    def slow_function(inputs):
        running.set()
        release.wait(10)
        order.append('read done')
        return inputs

    def writer():
        running.wait(10)
        with guard.writing():
            order.append('write')

    reader = threading.Thread(target=guard.read, args=(slow_function, [1]))
    writing = threading.Thread(target=writer)
    reader.start()
    writing.start()
    running.wait(10)
    for _ in range(1000):
        if guard._writers_waiting:
            break
        threading.Event().wait(0.01)
    assert guard._writers_waiting == 1
    release.set()
    reader.join()
    writing.join()
    assert order == ['read done', 'write']
    # The writing thread may write again and read (re-entrant).
    with guard.writing():
        with guard.writing():
            assert guard.read(lambda v: v + 1, 1) == 2
