"""The training runs of the distributed tests, shared by the Horovod workers
(`hvd_worker.py`, one process per rank) and the single-process references
computed inside pytest, so that both sides run the same code and differ only
in the optimizer wrapper and the callbacks they are given.

Nothing here imports Horovod.

Data layout: rank r trains on the block `shard(x, r)` of `RANKS *
SAMPLES_PER_RANK` samples, `PER_RANK_BATCH` samples per step, in order
(`shuffle=False`). Horovod averages the ranks' gradients, and every rank's
loss is a mean over the same number of samples, so step s of the distributed
run equals one step of a single process on the concatenation of the ranks'
s-th batches (`concatenated_batches`) with a batch of `RANKS *
PER_RANK_BATCH`.
"""
import numpy as np

from keras import backend as K
from keras.layers import Dense, Input
from keras.models import Model
from keras.optimizers import SGD, Adam

RANKS = 2
PER_RANK_BATCH = 4
STEPS_PER_EPOCH = 4
SAMPLES_PER_RANK = PER_RANK_BATCH * STEPS_PER_EPOCH
INPUTS = 6
CLASSES = 3
LAYERS = ('layer1', 'layer2', 'head')
# The multipliers of the equivalence and resume runs, one per layer.
MULTIPLIERS = {'layer1': 0.0, 'layer2': 0.1, 'head': 1.0}


def make_data(seed=0):
    """`(x, y)` for all ranks: `RANKS * SAMPLES_PER_RANK` samples."""
    rng = np.random.RandomState(seed)
    n = RANKS * SAMPLES_PER_RANK
    x = rng.normal(size=(n, INPUTS)).astype('float32')
    labels = rng.randint(0, CLASSES, size=n)
    return x, np.eye(CLASSES, dtype='float32')[labels]


def shard(array, rank):
    """Rank `rank`'s samples."""
    return array[rank * SAMPLES_PER_RANK:(rank + 1) * SAMPLES_PER_RANK]


def concatenated_batches(array):
    """The samples in the order one process must see them to take the steps
    of all ranks together: batch s = rank 0's batch s, rank 1's batch s, ..."""
    shards = [shard(array, r) for r in range(RANKS)]
    blocks = []
    for step in range(STEPS_PER_EPOCH):
        for part in shards:
            blocks.append(part[step * PER_RANK_BATCH:(step + 1) * PER_RANK_BATCH])
    return np.concatenate(blocks)


def build_model(multipliers=None):
    """A small MLP; `multipliers`: {layer name: multiplier} (article-style
    arguments, so they are part of the saved model)."""
    multipliers = multipliers or {}

    def lr_args(name):
        m = multipliers.get(name)
        return dict(W_learning_rate_multiplier=m, b_learning_rate_multiplier=m)

    inputs = Input(shape=(INPUTS,))
    h = Dense(8, activation='tanh', name='layer1', **lr_args('layer1'))(inputs)
    h = Dense(8, activation='tanh', name='layer2', **lr_args('layer2'))(h)
    outputs = Dense(CLASSES, activation='softmax', name='head', **lr_args('head'))(h)
    return Model(inputs, outputs)


def initial_weights(model, seed=1):
    """Deterministic weights, the same in every process."""
    rng = np.random.RandomState(seed)
    return [rng.normal(scale=0.5, size=w.shape).astype('float32')
            for w in model.get_weights()]


def make_optimizer(name):
    """A fresh optimizer: 'sgd' (momentum and time decay) or 'adam'."""
    if name == 'sgd':
        return SGD(lr=0.1, momentum=0.9, decay=0.01)
    if name == 'adam':
        return Adam(lr=0.01)
    raise ValueError('make_optimizer: unknown optimizer %r (expected sgd or adam)' % name)


def weight_names(model):
    return [w.name for w in model.weights]


def compiled_model(optimizer, multipliers=MULTIPLIERS, wrap=None, weights=None):
    """`build_model(multipliers)` with `weights` (default: `initial_weights`),
    compiled with `wrap(optimizer)` (the optimizer itself when `wrap` is None)."""
    model = build_model(multipliers)
    model.set_weights(initial_weights(model) if weights is None else weights)
    model.compile((wrap or (lambda o: o))(optimizer), 'categorical_crossentropy')
    return model


def fit(model, x, y, batch_size, epochs, initial_epoch=0, callbacks=()):
    """`model.fit` in order (`shuffle=False`), silently."""
    model.fit(x, y, batch_size=batch_size, epochs=epochs, initial_epoch=initial_epoch,
              shuffle=False, verbose=0, callbacks=list(callbacks))


def reference_data():
    """The single-process run's data and batch size."""
    x, y = make_data()
    return concatenated_batches(x), concatenated_batches(y), RANKS * PER_RANK_BATCH


def rank_data(rank):
    """One rank's data and batch size."""
    x, y = make_data()
    return shard(x, rank), shard(y, rank), PER_RANK_BATCH


def unfreezing_schedule():
    """The multiplier changes of the mid-training run: `GradualUnfreezing`
    over the three layers (one per epoch, 3 epochs), then
    `set_learning_rate_multipliers` with these rules for one more epoch."""
    return LAYERS, {'layer1': 0.5, 'layer2': 0.1, 'head': 1.0}


def train_unfreezing(model, x, y, batch_size, callbacks_factory):
    """The mid-training multiplier changes; `callbacks_factory()` gives the
    extra callbacks of each `fit` call."""
    from keras.multipliers import GradualUnfreezing
    groups, later = unfreezing_schedule()
    fit(model, x, y, batch_size, epochs=3,
        callbacks=[GradualUnfreezing(list(groups))] + list(callbacks_factory()))
    model.set_learning_rate_multipliers(later)
    fit(model, x, y, batch_size, epochs=4, initial_epoch=3, callbacks=callbacks_factory())


def optimizer_state(model):
    """The optimizer's variables as arrays (iterations and slots)."""
    return [np.asarray(v) for v in K.batch_get_value(model.optimizer.weights)]
