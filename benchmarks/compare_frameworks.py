"""Training throughput of the same workload in this fork, tf_keras and Keras 3.

Run on demand (never part of the test suite). Each framework lives in its own
interpreter, since tf_keras and Keras 3 must not be installed in this repo's
venv (the `keras` distribution there is this fork):

    # one framework, one repeat, in the current interpreter (all its
    # variants in one process, or only --variant NAME):
    .venv/bin/python benchmarks/compare_frameworks.py --framework fork
    /tmp/bench-tfkeras/bin/python benchmarks/compare_frameworks.py --framework tf_keras
    /tmp/bench-keras3/bin/python benchmarks/compare_frameworks.py --framework keras3

    # driver: runs the three interpreters as subprocesses, one fresh process
    # per variant, repeats interleaved (the order rotated each repeat), and
    # prints a table of medians and ratios:
    .venv/bin/python benchmarks/compare_frameworks.py --all [--repeats 5]

Interpreters: --fork-python / --tfkeras-python / --keras3-python, or the
environment variables BENCH_FORK_PYTHON / BENCH_TFKERAS_PYTHON /
BENCH_KERAS3_PYTHON (defaults: /work/main/.venv/bin/python,
/tmp/bench-tfkeras/bin/python, /tmp/bench-keras3/bin/python). A framework
whose interpreter is missing is skipped, with the commands that create it.

Workloads (as benchmarks/fit_throughput.py): a small CNN on 8x8x1 inputs
(Conv2D 16 + Conv2D 32 + MaxPool + Flatten + Dense 64 + Dense 10 softmax)
and an MLP (64 -> 256 -> 256 -> 128 -> 10), 4096 random samples, batch 32,
SGD lr 0.01, categorical crossentropy; one warm-up epoch, then
`model.fit(x, y, epochs=3, verbose=0, shuffle=False)` is timed (after a
`gc.collect()`, so that no garbage of the warm-up is collected in it).

- fork: its graph-mode `fit` (tf.compat.v1 Session), and a second variant
  with learning-rate multipliers 0.5 on the backbone layers' kernels and
  biases (every layer but the head): the multipliers should cost nothing.
- tf_keras: default execution (a tf.function per train step, no XLA).
- keras3 (TensorFlow backend): default execution. Its default
  `jit_compile="auto"` resolves to False on a CPU-only machine; the resolved
  value is reported, and should it ever resolve to True, a variant compiled
  with jit_compile=False explicitly is measured as well.

Target (DESIGN.md "Runtime and speed"): fork >= tf_keras and >= Keras 3.
"""
from __future__ import print_function

import argparse
import gc
import json
import os
import subprocess
import sys
import time

os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')

FRAMEWORKS = ('fork', 'tf_keras', 'keras3')
KINDS = ('cnn', 'mlp')
DEFAULT_PYTHONS = {
    'fork': ('BENCH_FORK_PYTHON', '/work/main/.venv/bin/python'),
    'tf_keras': ('BENCH_TFKERAS_PYTHON', '/tmp/bench-tfkeras/bin/python'),
    'keras3': ('BENCH_KERAS3_PYTHON', '/tmp/bench-keras3/bin/python'),
}
HOW_TO_CREATE = {
    'fork': 'the repo venv: python3 -m venv .venv && .venv/bin/pip install -e .',
    'tf_keras': ('python3 -m venv /tmp/bench-tfkeras && '
                 '/tmp/bench-tfkeras/bin/pip install tensorflow-cpu==2.21.0 tf_keras==2.21.0'),
    'keras3': ('python3 -m venv /tmp/bench-keras3 && '
               '/tmp/bench-keras3/bin/pip install tensorflow-cpu==2.21.0'),
}
RESULT_TAG = 'BENCH_RESULT '
EXPLICIT_NO_JIT = 'keras3 jit_compile=False'
# What the driver runs: one variant per process (in one process, the second
# model built and fitted runs measurably slower than the first, whatever the
# framework, so each variant gets a fresh interpreter).
JOBS = (('fork', 'fork'), ('fork', 'fork+mult'), ('tf_keras', 'tf_keras'),
        ('keras3', 'keras3'), ('keras3', EXPLICIT_NO_JIT))


# --------------------------------------------------------------------------
# Worker side: runs inside one framework's interpreter.

def make_data(kind, n_samples):
    import numpy as np
    rng = np.random.RandomState(0)
    shape = (n_samples, 8, 8, 1) if kind == 'cnn' else (n_samples, 64)
    x = rng.rand(*shape).astype('float32')
    y = np.eye(10, dtype='float32')[rng.randint(0, 10, n_samples)]
    return x, y


def build_layers(L, kind, x, layer_kw):
    """The workload's graph, written once for the three APIs: `L` is the
    framework's layers module, `layer_kw(name)` extra keyword arguments of
    the backbone layer `name`."""
    if kind == 'cnn':
        h = L.Conv2D(16, (3, 3), activation='relu', padding='same', name='b1', **layer_kw('b1'))(x)
        h = L.Conv2D(32, (3, 3), activation='relu', padding='same', name='b2', **layer_kw('b2'))(h)
        h = L.MaxPooling2D((2, 2))(h)
        h = L.Flatten()(h)
        h = L.Dense(64, activation='relu', name='b3', **layer_kw('b3'))(h)
    else:
        h = L.Dense(256, activation='relu', name='b1', **layer_kw('b1'))(x)
        h = L.Dense(256, activation='relu', name='b2', **layer_kw('b2'))(h)
        h = L.Dense(128, activation='relu', name='b3', **layer_kw('b3'))(h)
    return L.Dense(10, activation='softmax', name='head')(h)


def input_shape(kind):
    return (8, 8, 1) if kind == 'cnn' else (64,)


def no_kw(name):
    return {}


class ForkBackend(object):
    name = 'fork'

    def __init__(self):
        import keras
        import tensorflow as tf
        if not keras.__version__.startswith('2.2.4'):
            raise SystemExit('--framework fork: `import keras` is %s %s, not this fork'
                             % (keras.__version__, keras.__file__))
        self.keras = keras
        self.info = {'keras': keras.__version__, 'tensorflow': tf.__version__,
                     'keras_file': keras.__file__}

    def variants(self, wanted=None):
        return [('fork', {}), ('fork+mult', {'mult': 0.5})]

    def build(self, kind, mult=None):
        from keras import backend as K
        from keras import layers as L
        from keras.models import Model
        from keras.optimizers import SGD
        K.clear_session()

        def layer_kw(name):
            if mult is None:
                return {}
            return dict(W_learning_rate_multiplier=mult, b_learning_rate_multiplier=mult)

        x = L.Input(shape=input_shape(kind))
        model = Model(x, build_layers(L, kind, x, layer_kw))
        model.compile(SGD(lr=0.01), 'categorical_crossentropy')
        return model, {}


class TfKerasBackend(object):
    name = 'tf_keras'

    def __init__(self):
        import tensorflow as tf
        import tf_keras
        self.tf_keras = tf_keras
        self.info = {'tf_keras': tf_keras.__version__, 'tensorflow': tf.__version__}

    def variants(self, wanted=None):
        return [('tf_keras', {})]

    def build(self, kind):
        tfk = self.tf_keras
        tfk.backend.clear_session()
        x = tfk.Input(shape=input_shape(kind))
        model = tfk.Model(x, build_layers(tfk.layers, kind, x, no_kw))
        model.compile(tfk.optimizers.SGD(learning_rate=0.01), 'categorical_crossentropy')
        return model, {'jit_compile': bool(model.jit_compile),
                       'run_eagerly': bool(model.run_eagerly)}


class Keras3Backend(object):
    name = 'keras3'

    def __init__(self):
        import keras
        import tensorflow as tf
        if not keras.__version__.startswith('3.'):
            raise SystemExit('--framework keras3: `import keras` is %s, not Keras 3'
                             % keras.__version__)
        if keras.backend.backend() != 'tensorflow':
            raise SystemExit('--framework keras3: backend is %r, not tensorflow'
                             % keras.backend.backend())
        self.keras = keras
        self.info = {'keras': keras.__version__, 'tensorflow': tf.__version__,
                     'backend': keras.backend.backend()}

    def variants(self, wanted=None):
        out = [('keras3', {})]
        if wanted == EXPLICIT_NO_JIT:
            # Only when asked for (a model built first in the process would
            # shift the timings): what jit_compile="auto" resolves to here.
            model, _ = self.build('mlp')
            self.info['default_jit_compile'] = bool(model.jit_compile)
            if model.jit_compile:
                out.append((EXPLICIT_NO_JIT, {'jit_compile': False}))
        return out

    def build(self, kind, **compile_kw):
        keras = self.keras
        keras.backend.clear_session()
        x = keras.Input(shape=input_shape(kind))
        model = keras.Model(x, build_layers(keras.layers, kind, x, no_kw))
        model.compile(keras.optimizers.SGD(learning_rate=0.01), 'categorical_crossentropy',
                      **compile_kw)
        return model, {'jit_compile': bool(model.jit_compile),
                       'run_eagerly': bool(model.run_eagerly)}


BACKENDS = {'fork': ForkBackend, 'tf_keras': TfKerasBackend, 'keras3': Keras3Backend}


def time_fit(model, x, y, epochs, batch):
    model.fit(x, y, batch_size=batch, epochs=1, verbose=0, shuffle=False)  # warm-up
    gc.collect()  # not inside the timed fit: the garbage of earlier models
    start = time.perf_counter()
    model.fit(x, y, batch_size=batch, epochs=epochs, verbose=0, shuffle=False)
    return epochs * len(x) / (time.perf_counter() - start)


def run_worker(args):
    backend = BACKENDS[args.framework]()
    results = []
    for kind in args.kinds:
        x, y = make_data(kind, args.samples)
        variants = backend.variants(args.variant)
        if args.variant:
            variants = [v for v in variants if v[0] == args.variant]
        for label, build_kw in variants:
            model, details = backend.build(kind, **build_kw)
            sps = time_fit(model, x, y, args.epochs, args.batch)
            row = {'kind': kind, 'variant': label, 'samples_per_s': sps}
            row.update(details)
            results.append(row)
            if not args.quiet:
                extra = ''.join(' %s=%s' % kv for kv in sorted(details.items()))
                print('%-4s %-26s %9.0f samples/s%s' % (kind, label, sps, extra))
                sys.stdout.flush()
    print(RESULT_TAG + json.dumps({'framework': args.framework, 'info': backend.info,
                                   'results': results}))


# --------------------------------------------------------------------------
# Driver side: runs the interpreters as subprocesses.

def interpreter(args, framework):
    flag = getattr(args, framework.replace('_', '') + '_python')
    env_name, default = DEFAULT_PYTHONS[framework]
    return flag or os.environ.get(env_name) or default


def run_child(python, framework, variant, args):
    cmd = [python, os.path.abspath(__file__), '--framework', framework, '--quiet',
           '--variant', variant,
           '--epochs', str(args.epochs), '--samples', str(args.samples),
           '--batch', str(args.batch), '--kinds'] + list(args.kinds)
    env = dict(os.environ)
    env.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')
    # The child must import its own framework, not this checkout's `keras`
    # through the script's directory or an inherited PYTHONPATH.
    env.pop('PYTHONPATH', None)
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=env, cwd='/', universal_newlines=True)
    out, err = proc.communicate()
    for line in out.splitlines():
        if line.startswith(RESULT_TAG):
            return json.loads(line[len(RESULT_TAG):])
    raise RuntimeError('%s run failed (exit %s):\n%s\n%s'
                       % (framework, proc.returncode, out[-2000:], err[-4000:]))


def median(values):
    s = sorted(values)
    n = len(s)
    return s[n // 2] if n % 2 else 0.5 * (s[n // 2 - 1] + s[n // 2])


def run_all(args):
    available = []
    for fw in FRAMEWORKS:
        python = interpreter(args, fw)
        if os.path.exists(python):
            available.append((fw, python))
        else:
            print('skipping %s: no interpreter at %s; create it with:\n    %s'
                  % (fw, python, HOW_TO_CREATE[fw]))
    if not available:
        raise SystemExit('no framework to run')
    try:
        load = os.getloadavg()
        print('load average before: %.2f %.2f %.2f' % load)
    except (AttributeError, OSError):
        pass
    samples = {}   # (kind, variant) -> [samples/s]
    infos = {}
    pythons = dict(available)
    order = [(fw, v) for fw, v in JOBS if fw in pythons]
    for rep in range(args.repeats):
        # rotate the order each repeat, so no job always runs first
        rot = order[rep % len(order):] + order[:rep % len(order)]
        for fw, variant in rot:
            if (fw, variant) not in order:
                continue
            t0 = time.time()
            res = run_child(pythons[fw], fw, variant, args)
            infos.setdefault(fw, {}).update(res['info'])
            if not res['results']:
                # e.g. keras3's explicit jit_compile=False when the default
                # already resolves to False: nothing different to measure
                order.remove((fw, variant))
                print('%s: %r is the same as the default here, not measured' % (fw, variant))
                continue
            for row in res['results']:
                samples.setdefault((row['kind'], row['variant']), []).append(row['samples_per_s'])
                if 'jit_compile' in row:
                    infos[fw]['jit_compile(%s)' % row['variant']] = row['jit_compile']
            print('repeat %d/%d %-9s done in %5.1fs: %s'
                  % (rep + 1, args.repeats, variant, time.time() - t0,
                     ', '.join('%s %s %.0f' % (r['kind'], r['variant'], r['samples_per_s'])
                               for r in res['results'])))
            sys.stdout.flush()
    try:
        print('load average after: %.2f %.2f %.2f' % os.getloadavg())
    except (AttributeError, OSError):
        pass
    print()
    for fw in sorted(infos):
        print('%-9s %s' % (fw, ', '.join('%s=%s' % kv for kv in sorted(infos[fw].items()))))
    print()
    variants = []
    for kind, variant in samples:
        if variant not in variants:
            variants.append(variant)
    print('samples/s, median of %d interleaved repeats (min-max); %d epochs of %d samples, batch %d'
          % (args.repeats, args.epochs, args.samples, args.batch))
    header = '| model | ' + ' | '.join(variants) + ' |'
    print(header)
    print('|' + '---|' * (len(variants) + 1))
    for kind in args.kinds:
        cells = []
        for v in variants:
            vals = samples.get((kind, v))
            cells.append('%.0f (%.0f-%.0f)' % (median(vals), min(vals), max(vals)) if vals else '-')
        print('| %s | %s |' % (kind, ' | '.join(cells)))
    print()
    ratios = [(a, b) for a, b in (('fork', 'tf_keras'), ('fork', 'keras3'),
                                  ('fork', 'keras3 jit_compile=False'),
                                  ('fork+mult', 'fork'), ('fork+mult', 'tf_keras'),
                                  ('fork+mult', 'keras3'))
              if a in variants and b in variants]
    if ratios:
        print('ratios of medians (target: fork/other >= 1.00; fork+mult/fork >= 0.98)')
        print('| model | ' + ' | '.join('%s / %s' % r for r in ratios) + ' |')
        print('|' + '---|' * (len(ratios) + 1))
        for kind in args.kinds:
            cells = []
            for a, b in ratios:
                va, vb = samples.get((kind, a)), samples.get((kind, b))
                cells.append('%.2f' % (median(va) / median(vb)) if va and vb else '-')
            print('| %s | %s |' % (kind, ' | '.join(cells)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument('--framework', choices=FRAMEWORKS,
                      help='run one repeat of the workloads in this interpreter')
    mode.add_argument('--all', action='store_true',
                      help='run every framework in its own interpreter, repeats interleaved')
    parser.add_argument('--repeats', type=int, default=5, help='--all: repeats per framework')
    parser.add_argument('--epochs', type=int, default=3, help='timed epochs (after 1 warm-up)')
    parser.add_argument('--samples', type=int, default=4096)
    parser.add_argument('--batch', type=int, default=32)
    parser.add_argument('--kinds', nargs='+', choices=KINDS, default=list(KINDS))
    parser.add_argument('--fork-python', dest='fork_python', default=None)
    parser.add_argument('--tfkeras-python', dest='tfkeras_python', default=None)
    parser.add_argument('--keras3-python', dest='keras3_python', default=None)
    parser.add_argument('--quiet', action='store_true', help=argparse.SUPPRESS)
    parser.add_argument('--variant', default=None,
                        help='--framework: run only this variant (fork, fork+mult, ...)')
    args = parser.parse_args()
    if args.all:
        run_all(args)
    else:
        run_worker(args)


if __name__ == '__main__':
    main()
