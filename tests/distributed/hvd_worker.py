"""One rank of the distributed tests, started by `horovodrun` (see
conftest.py): `python hvd_worker.py OUT_DIR SCENARIO [SCENARIO ...]`.

Runs each scenario with `horovod.keras` and writes what the tests compare to
`OUT_DIR/rank<r>.pkl`: {scenario: {name: value}}. The single-process
references are computed by the tests themselves, from the same code in
`hvd_scenarios.py`.
"""
from __future__ import print_function

import os
import pickle
import sys

import numpy as np

import keras  # noqa: F401  (first, as users do; sets TF's environment)
from keras import backend as K
import tensorflow as tf
import horovod.keras as hvd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hvd_scenarios as sc  # noqa: E402


def new_session():
    """A fresh graph and a one-thread session (the ranks share the cores)."""
    K.clear_session()
    config = tf.compat.v1.ConfigProto(intra_op_parallelism_threads=1,
                                      inter_op_parallelism_threads=1)
    K.set_session(tf.compat.v1.Session(config=config))


def record_allreduced(optimizer, log):
    """Appends the names of the weights whose gradients Horovod allreduces,
    one list per built train function, to `log`."""
    inner = optimizer._allreduce_grads

    def allreduce_grads(grads, variables):
        log.append(sorted(v.name for v in variables))
        return inner(grads, variables)

    optimizer._allreduce_grads = allreduce_grads
    return optimizer


def distributed(optimizer, log=None):
    wrapped = hvd.DistributedOptimizer(optimizer)
    if log is not None:
        record_allreduced(wrapped, log)
    return wrapped


def broadcast_callbacks():
    return [hvd.callbacks.BroadcastGlobalVariablesCallback(0)]


def barrier(name):
    hvd.allreduce(np.zeros(1), name='barrier_' + name)


def equivalence(optimizer_name):
    """Rank r trains on its shard. Ranks other than 0 start from other
    weights, which the broadcast before `fit` replaces by rank 0's."""
    new_session()
    x, y, batch = sc.rank_data(hvd.rank())
    log = []
    model = sc.compiled_model(sc.make_optimizer(optimizer_name),
                              wrap=lambda o: distributed(o, log))
    initial = model.get_weights()
    if hvd.rank() != 0:
        model.set_weights([w + 1.0 for w in initial])
    hvd.broadcast_global_variables(0)
    sc.fit(model, x, y, batch, epochs=3, callbacks=broadcast_callbacks())
    return {'weights': model.get_weights(), 'initial': initial,
            'names': sc.weight_names(model), 'allreduced': log,
            'optimizer_state': sc.optimizer_state(model)}


def resume(path):
    """Uninterrupted: 4 epochs. Interrupted: 2 epochs, rank 0 saves, every
    rank loads the file with `hvd.load_model`; rank 1's optimizer state is
    then made different (as a stale checkpoint would be) and the broadcast
    callback must replace it; 2 more epochs."""
    x, y, batch = sc.rank_data(hvd.rank())

    new_session()
    model = sc.compiled_model(sc.make_optimizer('adam'), wrap=distributed)
    sc.fit(model, x, y, batch, epochs=4, callbacks=broadcast_callbacks())
    uninterrupted = model.get_weights()
    uninterrupted_state = sc.optimizer_state(model)

    new_session()
    model = sc.compiled_model(sc.make_optimizer('adam'), wrap=distributed)
    sc.fit(model, x, y, batch, epochs=2, callbacks=broadcast_callbacks())
    if hvd.rank() == 0:
        model.save(path)
    barrier('saved')

    new_session()
    model = hvd.load_model(path)
    loaded_state = sc.optimizer_state(model)
    if hvd.rank() != 0:
        stale = [np.zeros_like(loaded_state[0])] + [s + 0.5 for s in loaded_state[1:]]
        model.optimizer.set_weights(stale)
    before_fit = sc.optimizer_state(model)
    sc.fit(model, x, y, batch, epochs=4, initial_epoch=2, callbacks=broadcast_callbacks())
    return {'uninterrupted': uninterrupted, 'uninterrupted_state': uninterrupted_state,
            'resumed': model.get_weights(), 'resumed_state': sc.optimizer_state(model),
            'loaded_state': loaded_state, 'state_before_fit': before_fit,
            'optimizer_class': type(model.optimizer).__name__,
            'names': sc.weight_names(model)}


def unfreezing():
    """`GradualUnfreezing`, then `set_learning_rate_multipliers`, on every
    rank (the same calls on all ranks, as a script runs them)."""
    new_session()
    x, y, batch = sc.rank_data(hvd.rank())
    log = []
    model = sc.compiled_model(sc.make_optimizer('sgd'), multipliers=None,
                              wrap=lambda o: distributed(o, log))
    sc.train_unfreezing(model, x, y, batch, broadcast_callbacks)
    return {'weights': model.get_weights(), 'names': sc.weight_names(model),
            'allreduced': log}


SCENARIOS = {
    'equivalence_sgd': lambda out: equivalence('sgd'),
    'equivalence_adam': lambda out: equivalence('adam'),
    'resume': lambda out: resume(os.path.join(out, 'checkpoint.h5')),
    'unfreezing': lambda out: unfreezing(),
}


def main(argv):
    out, names = argv[0], argv[1:]
    unknown = [n for n in names if n not in SCENARIOS]
    if unknown:
        raise SystemExit('hvd_worker.py: unknown scenario(s) %s; known: %s'
                         % (', '.join(unknown), ', '.join(sorted(SCENARIOS))))
    hvd.init()
    results = {'size': hvd.size()}
    for name in names:
        results[name] = SCENARIOS[name](out)
    with open(os.path.join(out, 'rank%d.pkl' % hvd.rank()), 'wb') as f:
        pickle.dump(results, f)


if __name__ == '__main__':
    main(sys.argv[1:])
