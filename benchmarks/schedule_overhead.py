"""What the schedule callbacks and TensorBoard's diagnostics cost in `fit`.

    .venv/bin/python benchmarks/schedule_overhead.py [--repeats 3] [--epochs 3]

The MLP workload of fit_throughput.py (64 -> 256 -> 256 -> 128 -> 10, 4096
random samples, batch 32, SGD), one warm-up epoch, then `fit(epochs=3)`
timed with: no callback; `CosineAnnealing(update='batch')` (sets the rate
before every batch); `TensorBoard()` with the diagnostics off; and
`TensorBoard(write_learning_rates=True, write_update_ratios=True)` per
epoch. Each measurement runs in a fresh process, one TensorFlow thread,
the variants interleaved; the medians of samples/s are printed with the
ratio to the run without callbacks.
"""
from __future__ import print_function

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

VARIANTS = ('none', 'cosine_per_batch', 'tensorboard_off', 'tensorboard_diagnostics')


def measure(variant, epochs):
    """Runs in the child process: samples/s of `fit` with `variant`."""
    import numpy as np
    import tensorflow.compat.v1 as tf
    from keras import backend as K
    from keras import callbacks
    from keras.layers import Dense, Input
    from keras.models import Model
    from keras.optimizers import SGD

    K.set_session(tf.Session(config=tf.ConfigProto(
        intra_op_parallelism_threads=1, inter_op_parallelism_threads=1)))
    rng = np.random.RandomState(0)
    x = rng.rand(4096, 64).astype('float32')
    y = np.eye(10)[rng.randint(0, 10, 4096)].astype('float32')
    inp = Input((64,))
    h = Dense(256, activation='relu')(inp)
    h = Dense(256, activation='relu')(h)
    h = Dense(128, activation='relu')(h)
    model = Model(inp, Dense(10, activation='softmax')(h))
    model.compile(SGD(lr=0.01), 'categorical_crossentropy')
    log_dir = tempfile.mkdtemp()
    if variant == 'none':
        cbs = []
    elif variant == 'cosine_per_batch':
        cbs = [callbacks.CosineAnnealing(period=1, update='batch')]
    elif variant == 'tensorboard_off':
        cbs = [callbacks.TensorBoard(log_dir, write_graph=False)]
    else:
        cbs = [callbacks.TensorBoard(log_dir, write_graph=False,
                                     write_learning_rates=True,
                                     write_update_ratios=True)]
    model.fit(x, y, epochs=1, batch_size=32, verbose=0, shuffle=False, callbacks=cbs)
    start = time.perf_counter()
    model.fit(x, y, epochs=epochs, batch_size=32, verbose=0, shuffle=False,
              callbacks=cbs)
    return 4096 * epochs / (time.perf_counter() - start)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--repeats', type=int, default=3)
    parser.add_argument('--epochs', type=int, default=3)
    parser.add_argument('--child', choices=VARIANTS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.epochs)))
        return
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL='3')
    results = dict((v, []) for v in VARIANTS)
    for _ in range(args.repeats):
        for variant in VARIANTS:
            out = subprocess.check_output(
                [sys.executable, __file__, '--child', variant,
                 '--epochs', str(args.epochs)], env=env, universal_newlines=True)
            results[variant].append(json.loads(out.strip().split('\n')[-1]))
    base = sorted(results['none'])[len(results['none']) // 2]
    print('| variant | samples/s (median) | / no callback |')
    print('| --- | --- | --- |')
    for variant in VARIANTS:
        median = sorted(results[variant])[len(results[variant]) // 2]
        print('| %s | %.0f | %.3f |' % (variant, median, median / base))


if __name__ == '__main__':
    main()
