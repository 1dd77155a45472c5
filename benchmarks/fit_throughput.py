"""Training throughput of `model.fit`, against a hand-written TF loop.

Run on demand (never part of the test suite):

    .venv/bin/python benchmarks/fit_throughput.py [--repeats 5] [--epochs 3]

Measured, for a small CNN (8x8x1 inputs, like the demo) and an MLP:

1. `model.fit` vs a hand-written `tf.compat.v1` loop of the same graph: the
   loop feeds the model's own input/target/sample-weight placeholders and
   runs the same loss and the same update ops through
   `Session.make_callable`, slicing NumPy batches itself: the ratio is the
   cost of Keras's training loop. Target (DESIGN.md): ratio >= 0.95.
2. The same model with learning-rate multipliers (0.5 on every weight but the
   head's) vs without. Target: within 2%.
3. A backbone frozen by multiplier 0 vs by `trainable=False`. Target: as fast.

Every measurement runs in a fresh process (a second model trained in one
process runs measurably slower); the two sides of a comparison alternate
(A B, B A, A B, ...) and the median of the repeats is reported, so drifts of
the machine's speed hit both sides alike.
"""
from __future__ import print_function

import argparse
import os
import subprocess
import sys
import time

os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')

import numpy as np
import tensorflow as tf

from keras import backend as K
from keras.layers import Conv2D, Dense, Flatten, Input, MaxPooling2D
from keras.models import Model
from keras.optimizers import SGD

tf1 = tf.compat.v1

N_SAMPLES = 4096
BATCH = 32


def build(kind, mults=None, frozen_trainable=False):
    mults = mults or {}

    def kw(name):
        m = mults.get(name)
        return dict(W_learning_rate_multiplier=m, b_learning_rate_multiplier=m)

    if kind == 'cnn':
        x = Input(shape=(8, 8, 1))
        h = Conv2D(16, (3, 3), activation='relu', padding='same', name='b1', **kw('b1'))(x)
        h = Conv2D(32, (3, 3), activation='relu', padding='same', name='b2', **kw('b2'))(h)
        h = MaxPooling2D((2, 2))(h)
        h = Flatten()(h)
        h = Dense(64, activation='relu', name='b3', **kw('b3'))(h)
    else:
        x = Input(shape=(64,))
        h = Dense(256, activation='relu', name='b1', **kw('b1'))(x)
        h = Dense(256, activation='relu', name='b2', **kw('b2'))(h)
        h = Dense(128, activation='relu', name='b3', **kw('b3'))(h)
    y = Dense(10, activation='softmax', name='head')(h)
    model = Model(x, y)
    if frozen_trainable:
        for name in ('b1', 'b2', 'b3'):
            model.get_layer(name).trainable = False
    model.compile(SGD(lr=0.01), 'categorical_crossentropy')
    return model


def data(kind):
    rng = np.random.RandomState(0)
    shape = (N_SAMPLES, 8, 8, 1) if kind == 'cnn' else (N_SAMPLES, 64)
    x = rng.rand(*shape).astype('float32')
    y = np.eye(10, dtype='float32')[rng.randint(0, 10, N_SAMPLES)]
    return x, y


def time_fit(model, x, y, epochs):
    model.fit(x, y, batch_size=BATCH, epochs=1, verbose=0, shuffle=False)  # warm-up
    start = time.perf_counter()
    model.fit(x, y, batch_size=BATCH, epochs=epochs, verbose=0, shuffle=False)
    return epochs * len(x) / (time.perf_counter() - start)


def time_raw_loop(kind, x, y, epochs):
    """The same graph as `fit` runs (the compiled model's loss, its feeds and
    the optimizer's update ops), driven by a plain Python loop over NumPy
    batches through `Session.make_callable`: what a hand-written
    tf.compat.v1 training loop of this model costs."""
    new_session()
    model = build(kind)
    updates = model.optimizer.get_updates(loss=model.total_loss,
                                          params=model._collected_trainable_weights)
    feeds = model._feed_inputs + model._feed_targets + model._feed_sample_weights
    train_op = tf1.group(*(model.updates + updates))
    sess = K.get_session()
    sess.run(tf1.variables_initializer(model.optimizer.weights))
    step = sess.make_callable([model.total_loss, train_op], feed_list=feeds)
    n = len(x)
    ones = np.ones((BATCH,), dtype='float32')

    def one_epoch():
        for start in range(0, n, BATCH):
            xb = x[start:start + BATCH]
            step(xb, y[start:start + BATCH], ones[:len(xb)])

    one_epoch()  # warm-up
    start = time.perf_counter()
    for _ in range(epochs):
        one_epoch()
    return epochs * n / (time.perf_counter() - start)


def keras_fit(kind, x, y, epochs, **build_kwargs):
    new_session()
    return time_fit(build(kind, **build_kwargs), x, y, epochs)


VARIANTS = {
    'fit': {},
    'mult': {'mults': {'b1': 0.5, 'b2': 0.5, 'b3': 0.5}},
    'zero': {'mults': {'b1': 0.0, 'b2': 0.0, 'b3': 0.0}},
    'untrainable': {'frozen_trainable': True},
}


def use_threads(threads):
    """Pins TensorFlow's thread pools (1 by default: on a small shared
    machine, multi-threaded kernels make runs differ by tens of percent)."""
    global SESSION_CONFIG
    SESSION_CONFIG = tf1.ConfigProto(intra_op_parallelism_threads=threads,
                                     inter_op_parallelism_threads=threads)


SESSION_CONFIG = None


def new_session():
    K.clear_session()
    if SESSION_CONFIG is not None:
        K.set_session(tf1.Session(graph=tf1.get_default_graph(), config=SESSION_CONFIG))


def measure_one(kind, variant, epochs):
    """One measurement, in this process (the driver starts a fresh process
    for each: a second model trained in one process runs measurably slower,
    which would bias whichever side comes second)."""
    x, y = data(kind)
    if variant == 'raw':
        return time_raw_loop(kind, x, y, epochs)
    return keras_fit(kind, x, y, epochs, **VARIANTS[variant])


def run_child(kind, variant, epochs, threads):
    out = subprocess.check_output(
        [sys.executable, os.path.abspath(__file__), '--one', kind, variant,
         '--epochs', str(epochs), '--threads', str(threads)],
        stderr=subprocess.DEVNULL, universal_newlines=True)
    return float(out.strip().splitlines()[-1])


def interleaved(kind, a, b, repeats, epochs, threads):
    ra, rb = [], []
    for i in range(repeats):
        # Alternate which side runs first.
        order = [(a, ra), (b, rb)] if i % 2 == 0 else [(b, rb), (a, ra)]
        for variant, results in order:
            results.append(run_child(kind, variant, epochs, threads))
    return float(np.median(ra)), float(np.median(rb))


COMPARISONS = [
    ('fit', 'raw', 'model.fit / hand-written tf.compat.v1 loop', '>= 0.95'),
    ('mult', 'fit', 'with multipliers / without', '>= 0.98'),
    ('zero', 'untrainable', 'frozen by multiplier 0 / by trainable=False', '>= 0.98'),
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--repeats', type=int, default=5)
    parser.add_argument('--epochs', type=int, default=3)
    parser.add_argument('--threads', type=int, default=1,
                        help='TensorFlow intra/inter-op threads (0: TF default)')
    parser.add_argument('--one', nargs=2, metavar=('KIND', 'VARIANT'),
                        help='measure one variant in this process and print samples/s')
    args = parser.parse_args()
    if args.threads > 0:
        use_threads(args.threads)
    if args.one:
        print(measure_one(args.one[0], args.one[1], args.epochs))
        return
    rows = []
    for kind in ('cnn', 'mlp'):
        for a, b, label, target in COMPARISONS:
            va, vb = interleaved(kind, a, b, args.repeats, args.epochs, args.threads)
            rows.append((kind, label, va, vb, target))
    print('TensorFlow threads: %s; %d epochs of %d samples, batch %d; one process per run'
          % (args.threads or 'default', args.epochs, N_SAMPLES, BATCH))
    print('%-5s %-46s %12s %12s %7s %8s' % ('model', 'comparison (samples/s, median of %d)' % args.repeats,
                                             'A', 'B', 'A/B', 'target'))
    for kind, label, a, b, target in rows:
        print('%-5s %-46s %12.0f %12.0f %7.3f %8s' % (kind, label, a, b, a / b, target))


if __name__ == '__main__':
    main()
