"""Training-step throughput per optimizer: this fork's `fit` against a
hand-written `tf.compat.v1` loop that uses TensorFlow's own (fused)
`tf.compat.v1.train` optimizers. Reproduces the table of issue 9.

Run on demand (never part of the test suite):

    .venv/bin/python benchmarks/optimizer_throughput.py [--rounds 3]

Workloads (batch 128, categorical crossentropy on a softmax output, random
data; one warm-up epoch, then `--epochs` timed epochs, the best epoch's
samples/s is kept):

- ``mlp``: 784 -> 512 -> 512 -> 10 (ReLU), 8192 samples an epoch;
- ``cnn``: 28x28x1 -> Conv2D 16 3x3 -> MaxPool 2 -> Conv2D 32 3x3 ->
  MaxPool 2 -> Flatten -> Dense 64 -> Dense 10 (ReLU), 4096 samples an epoch.

Optimizers: Adam (lr 1e-3), SGD with momentum 0.9 (lr 1e-2), RMSprop
(lr 1e-3, rho 0.9), Adagrad (lr 1e-2); epsilon 1e-7 everywhere.

Stacks (each measurement runs in a fresh process; every round runs all the
stacks of a workload one after the other, the order rotated from round to
round, so that a drift of the machine's speed hits every stack alike):

- ``fork``: this fork's `model.fit` (graph mode, one `Session.make_callable`
  per batch);
- ``fork+mult``: the same with learning-rate multipliers 0.5 on every
  layer's kernel and bias (target: <= 3% slower than ``fork``);
- ``tf``: a hand-written `tf.compat.v1` loop of the same graph
  (`tf.matmul`/`tf.nn.conv2d`, Keras's crossentropy on the softmax output,
  variables as `tf.compat.v1.disable_v2_behavior()` gives them: reference
  variables) minimised by `tf.compat.v1.train.AdamOptimizer`,
  `MomentumOptimizer`, `RMSPropOptimizer` or `AdagradOptimizer` (one fused
  kernel per weight), driven by `Session.make_callable` over NumPy batches;
- ``tf-resource``: the same loop with resource variables
  (`tf.compat.v1.enable_resource_variables()`; the kernels are then the
  `ResourceApply*` ones): the measurement behind the fork's choice of
  variables;
- ``tf_keras`` (only when an interpreter with `tf_keras` is given with
  ``--tfkeras-python`` or ``BENCH_TFKERAS_PYTHON``): tf_keras 2.x in v1
  graph mode (`tf.compat.v1.disable_v2_behavior()` before building), `fit`.

Targets (issue 9, DESIGN.md "Runtime and speed"): fork / tf >= 0.95 (aim
0.97) on every row; fork+mult / fork >= 0.97.

One measurement alone, printed as samples/s:

    .venv/bin/python benchmarks/optimizer_throughput.py --one fork mlp-adam
"""
from __future__ import print_function

import argparse
import os
import subprocess
import sys
import time

os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')

import numpy as np

BATCH = 128
SAMPLES = {'mlp': 8192, 'cnn': 4096}
EPSILON = 1e-7
# workload name -> (model, optimizer)
WORKLOADS = [
    ('mlp-adam', 'mlp', 'adam'),
    ('mlp-sgdm', 'mlp', 'sgdm'),
    ('mlp-rmsprop', 'mlp', 'rmsprop'),
    ('mlp-adagrad', 'mlp', 'adagrad'),
    ('cnn-sgdm', 'cnn', 'sgdm'),
]
STACKS = ('fork', 'fork+mult', 'tf', 'tf-resource', 'tf_keras')
DEFAULT_STACKS = ('fork', 'fork+mult', 'tf', 'tf-resource')
RESULT_TAG = 'BENCH_RESULT '


def make_data(model):
    rng = np.random.RandomState(0)
    n = SAMPLES[model]
    shape = (n, 28, 28, 1) if model == 'cnn' else (n, 784)
    x = rng.rand(*shape).astype('float32')
    y = np.eye(10, dtype='float32')[rng.randint(0, 10, n)]
    return x, y


def session_config(tf1, threads):
    if threads <= 0:
        return None
    return tf1.ConfigProto(intra_op_parallelism_threads=threads,
                           inter_op_parallelism_threads=threads)


class EpochTimer(object):
    """Collects the duration of each epoch, by the clock chosen with
    ``--clock``: ``wall`` (elapsed time) or ``cpu`` (the process's CPU time,
    all threads: on a machine that other jobs load, it counts the work done
    rather than the time waited for a core)."""

    clock = staticmethod(time.perf_counter)

    def __init__(self):
        self.times = []
        self._start = None

    def begin(self):
        self._start = self.clock()

    def end(self):
        self.times.append(self.clock() - self._start)


# --------------------------------------------------------------------------
# Keras-API stacks (this fork, tf_keras): the same code, two packages.

def keras_optimizer(optimizers, name, tf_keras):
    lr_name = 'learning_rate' if tf_keras else 'lr'
    if tf_keras:
        # In v1 graph mode tf_keras trains with its legacy optimizers.
        optimizers = optimizers.legacy
    if name == 'adam':
        return optimizers.Adam(**{lr_name: 1e-3, 'epsilon': EPSILON})
    if name == 'sgdm':
        return optimizers.SGD(**{lr_name: 1e-2, 'momentum': 0.9})
    if name == 'rmsprop':
        return optimizers.RMSprop(**{lr_name: 1e-3, 'rho': 0.9, 'epsilon': EPSILON})
    return optimizers.Adagrad(**{lr_name: 1e-2, 'epsilon': EPSILON})


def run_keras(keras, model_kind, opt_name, epochs, threads, mult, tf_keras=False):
    import tensorflow.compat.v1 as tf1
    layers = keras.layers
    K = keras.backend
    config = session_config(tf1, threads)
    if config is not None:
        set_session = getattr(K, 'set_session', None)
        if set_session is None:
            # tf_keras 2.x keeps it out of its public backend module.
            from tf_keras.src.backend import set_session
        set_session(tf1.Session(graph=tf1.get_default_graph(), config=config))
    kw = {}
    if mult:
        kw = dict(W_learning_rate_multiplier=0.5, b_learning_rate_multiplier=0.5)
    if model_kind == 'mlp':
        model = keras.models.Sequential([
            layers.Dense(512, activation='relu', input_shape=(784,), **kw),
            layers.Dense(512, activation='relu', **kw),
            layers.Dense(10, activation='softmax', **kw)])
    else:
        model = keras.models.Sequential([
            layers.Conv2D(16, (3, 3), activation='relu', input_shape=(28, 28, 1), **kw),
            layers.MaxPooling2D((2, 2)),
            layers.Conv2D(32, (3, 3), activation='relu', **kw),
            layers.MaxPooling2D((2, 2)),
            layers.Flatten(),
            layers.Dense(64, activation='relu', **kw),
            layers.Dense(10, activation='softmax', **kw)])
    model.compile(keras_optimizer(keras.optimizers, opt_name, tf_keras),
                  'categorical_crossentropy')
    x, y = make_data(model_kind)
    timer = EpochTimer()
    callback = keras.callbacks.LambdaCallback(
        on_epoch_begin=lambda epoch, logs: timer.begin(),
        on_epoch_end=lambda epoch, logs: timer.end())
    model.fit(x, y, batch_size=BATCH, epochs=1, verbose=0, shuffle=False)  # warm-up
    model.fit(x, y, batch_size=BATCH, epochs=epochs, verbose=0, shuffle=False,
              callbacks=[callback])
    return len(x) / min(timer.times)


# --------------------------------------------------------------------------
# The hand-written tf.compat.v1 loop.

def run_tf(model_kind, opt_name, epochs, threads, resource):
    import tensorflow.compat.v1 as tf1
    tf1.disable_v2_behavior()
    if resource:
        tf1.enable_resource_variables()
    rng = np.random.RandomState(1)

    def weight(shape):
        fan_in, fan_out = int(np.prod(shape[:-1])), shape[-1]
        limit = np.sqrt(6. / (fan_in + fan_out))
        return tf1.Variable(rng.uniform(-limit, limit, shape).astype('float32'))

    def dense(h, n_in, n_out, activation):
        out = tf1.nn.bias_add(tf1.matmul(h, weight((n_in, n_out))),
                              tf1.Variable(np.zeros(n_out, 'float32')))
        return activation(out)

    def conv(h, c_in, c_out):
        out = tf1.nn.conv2d(h, weight((3, 3, c_in, c_out)), [1, 1, 1, 1], 'VALID')
        return tf1.nn.relu(tf1.nn.bias_add(out, tf1.Variable(np.zeros(c_out, 'float32'))))

    def pool(h):
        return tf1.nn.max_pool(h, [1, 2, 2, 1], [1, 2, 2, 1], 'VALID')

    if model_kind == 'mlp':
        x_ph = tf1.placeholder(tf1.float32, (None, 784))
        h = dense(x_ph, 784, 512, tf1.nn.relu)
        h = dense(h, 512, 512, tf1.nn.relu)
        out = dense(h, 512, 10, tf1.nn.softmax)
    else:
        x_ph = tf1.placeholder(tf1.float32, (None, 28, 28, 1))
        h = pool(conv(x_ph, 1, 16))
        h = pool(conv(h, 16, 32))
        h = tf1.reshape(h, (-1, 5 * 5 * 32))
        h = dense(h, 5 * 5 * 32, 64, tf1.nn.relu)
        out = dense(h, 64, 10, tf1.nn.softmax)
    y_ph = tf1.placeholder(tf1.float32, (None, 10))
    # Keras's crossentropy on probabilities.
    clipped = tf1.clip_by_value(out, EPSILON, 1. - EPSILON)
    loss = tf1.reduce_mean(-tf1.reduce_sum(y_ph * tf1.log(clipped), axis=-1))
    train = tf1.train
    if opt_name == 'adam':
        opt = train.AdamOptimizer(1e-3, epsilon=EPSILON)
    elif opt_name == 'sgdm':
        opt = train.MomentumOptimizer(1e-2, 0.9)
    elif opt_name == 'rmsprop':
        opt = train.RMSPropOptimizer(1e-3, decay=0.9, epsilon=EPSILON)
    else:
        opt = train.AdagradOptimizer(1e-2, initial_accumulator_value=EPSILON)
    train_op = opt.minimize(loss)
    sess = tf1.Session(config=session_config(tf1, threads))
    sess.run(tf1.global_variables_initializer())
    step = sess.make_callable([loss, train_op], feed_list=[x_ph, y_ph])
    x, y = make_data(model_kind)
    timer = EpochTimer()
    for epoch in range(epochs + 1):
        timer.begin()
        for start in range(0, len(x), BATCH):
            step(x[start:start + BATCH], y[start:start + BATCH])
        timer.end()
    return len(x) / min(timer.times[1:])


def measure_one(stack, workload, epochs, threads):
    model_kind, opt_name = dict((w[0], w[1:]) for w in WORKLOADS)[workload]
    if stack in ('fork', 'fork+mult'):
        import keras
        return run_keras(keras, model_kind, opt_name, epochs, threads,
                         mult=stack == 'fork+mult')
    if stack == 'tf_keras':
        import tensorflow.compat.v1 as tf1
        tf1.disable_v2_behavior()
        import tf_keras
        return run_keras(tf_keras, model_kind, opt_name, epochs, threads,
                         mult=False, tf_keras=True)
    return run_tf(model_kind, opt_name, epochs, threads, resource=stack == 'tf-resource')


# --------------------------------------------------------------------------
# Driver.

def run_child(python, stack, workload, epochs, threads, clock):
    out = subprocess.check_output(
        [python, os.path.abspath(__file__), '--one', stack, workload,
         '--epochs', str(epochs), '--threads', str(threads), '--clock', clock],
        stderr=subprocess.DEVNULL, universal_newlines=True)
    for line in out.splitlines():
        if line.startswith(RESULT_TAG):
            return float(line[len(RESULT_TAG):])
    raise RuntimeError('no result from %s %s: %r' % (stack, workload, out))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--rounds', type=int, default=3)
    parser.add_argument('--epochs', type=int, default=3,
                        help='timed epochs per measurement (best one kept)')
    parser.add_argument('--threads', type=int, default=1,
                        help='TensorFlow intra/inter-op threads (0: TF default)')
    parser.add_argument('--workloads', default=','.join(w[0] for w in WORKLOADS))
    parser.add_argument('--stacks', default=','.join(DEFAULT_STACKS))
    parser.add_argument('--clock', choices=('wall', 'cpu'), default='wall',
                        help='time epochs by elapsed time (default) or by the '
                             "process's CPU time (steadier on a loaded machine)")
    parser.add_argument('--tfkeras-python', default=os.environ.get('BENCH_TFKERAS_PYTHON'))
    parser.add_argument('--one', nargs=2, metavar=('STACK', 'WORKLOAD'),
                        help='one measurement in this process (prints samples/s)')
    args = parser.parse_args()
    if args.clock == 'cpu':
        EpochTimer.clock = staticmethod(time.process_time)
    if args.one:
        value = measure_one(args.one[0], args.one[1], args.epochs, args.threads)
        print(RESULT_TAG + repr(value))
        return
    stacks = [s for s in args.stacks.split(',') if s]
    if args.tfkeras_python and 'tf_keras' not in stacks:
        stacks.append('tf_keras')
    if 'tf_keras' in stacks and not args.tfkeras_python:
        print('tf_keras skipped: give an interpreter that has it with '
              '--tfkeras-python or BENCH_TFKERAS_PYTHON')
        stacks.remove('tf_keras')
    workloads = [w for w in args.workloads.split(',') if w]
    results = dict(((w, s), []) for w in workloads for s in stacks)
    started = time.time()
    for r in range(args.rounds):
        for w in workloads:
            order = stacks[r % len(stacks):] + stacks[:r % len(stacks)]
            for s in order:
                python = args.tfkeras_python if s == 'tf_keras' else sys.executable
                results[(w, s)].append(run_child(python, s, w, args.epochs, args.threads,
                                                 args.clock))
    print('%d rounds, %d timed epochs each (best kept, %s clock), batch %d, '
          'TensorFlow threads: %s, %.0f s'
          % (args.rounds, args.epochs, args.clock, BATCH, args.threads or 'default',
             time.time() - started))
    print('samples/s, median over rounds (min-max):')
    header = '| workload | ' + ' | '.join(stacks) + ' | fork / tf |'
    if 'fork+mult' in stacks:
        header += ' fork+mult / fork |'
    if 'tf-resource' in stacks:
        header += ' tf-resource / tf |'
    print(header)
    print('|' + '---|' * (header.count('|') - 1))
    for w in workloads:
        med = dict((s, float(np.median(results[(w, s)]))) for s in stacks)
        cells = ['%.0f (%.0f-%.0f)' % (med[s], min(results[(w, s)]), max(results[(w, s)]))
                 for s in stacks]
        row = '| %s | %s | %s |' % (w, ' | '.join(cells),
                                    '%.3f' % (med['fork'] / med['tf'])
                                    if 'fork' in med and 'tf' in med else '-')
        if 'fork+mult' in stacks:
            row += ' %.3f |' % (med['fork+mult'] / med['fork'])
        if 'tf-resource' in stacks:
            row += ' %.3f |' % (med['tf-resource'] / med['tf'])
        print(row)


if __name__ == '__main__':
    main()
