"""Data-parallel fine-tuning with differential learning rates under Horovod.

The digits experiment of `finetune_digits.py`, trained by several processes
at once with `horovod.keras` (gloo): every process (rank) trains on its own
shard of the data, Horovod averages the gradients of all ranks at every
step, so every rank takes the same step and the ranks stay identical.

1. Pretrain the CNN on digits 0-4 (Adam).
2. Fine-tune it on digits 5-9 (SGD with momentum) with the article's
   per-layer multipliers: 0.1 / 0.2 / 0.5 for the pretrained layers, 1 for
   the new head.

As Horovod's Keras guide recommends: the learning rate is scaled by the
number of ranks (the global batch is that much larger) and reached after a
warm-up (`LearningRateWarmupCallback`); rank 0's variables are broadcast to
the others (before the first step and by `BroadcastGlobalVariablesCallback`);
metrics are averaged over the ranks (`MetricAverageCallback`); only rank 0
prints and writes checkpoints. At the end it prints every rank's throughput
(training samples per second, measured on the epochs after the first), the
test accuracy, and the largest weight difference between the ranks (0: they
are identical).

Run: python3 run.py distributed            (2 processes on this machine)
     python3 run.py distributed --np 1     (1 process, for comparison)
or, in an environment set up as in docs/distributed.md:
     horovodrun -np 8 -H host1:4,host2:4 python examples/horovod_finetune.py
Options: --epochs N (fine-tuning), --pretrain-epochs N, --per-class N
(labelled images per class for fine-tuning), --batch-size N and
--finetune-batch-size N (per rank), --lr LR and --pretrain-lr LR (for one
rank; multiplied by the number of ranks), --warmup-epochs N,
--seed S, --checkpoint PATH (rank 0 only; default
examples/output/horovod_finetune.h5).
"""
from __future__ import print_function

import argparse
import os
import sys
import time

import numpy as np

import keras  # before TensorFlow and Horovod: see docs/distributed.md
from keras import backend as K
from keras.callbacks import Callback, ModelCheckpoint
from keras.optimizers import SGD, Adam
import tensorflow as tf
import horovod
import horovod.keras as hvd

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from finetune_digits import BACKBONE, build_model, load_digits_split  # noqa: E402

MULTIPLIERS = {'conv1': 0.1, 'conv2': 0.2, 'fc1': 0.5, 'head': 1.0}


class Throughput(Callback):
    """Counts this rank's training samples per second, leaving out the first
    epoch (graph building, session start)."""

    def __init__(self):
        super(Throughput, self).__init__()
        self.samples = 0
        self.seconds = 0.0
        self._epoch = 0
        self._count = 0
        self._start = None

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch = epoch
        self._count = 0
        self._start = time.time()

    def on_batch_end(self, batch, logs=None):
        self._count += int((logs or {}).get('size', 0))

    def on_epoch_end(self, epoch, logs=None):
        if self._epoch > 0:
            self.seconds += time.time() - self._start
            self.samples += self._count

    def rate(self):
        return self.samples / self.seconds if self.seconds else float('nan')


def configure_session():
    """One TF session per rank, sharing the cores of the host between the
    ranks that run on it."""
    threads = max(1, (os.cpu_count() or 1) // hvd.local_size())
    config = tf.compat.v1.ConfigProto(intra_op_parallelism_threads=threads,
                                      inter_op_parallelism_threads=threads)
    K.set_session(tf.compat.v1.Session(config=config))


def shard(data):
    """This rank's part of `(x, y)`: every `size`-th sample from `rank`."""
    return data[0][hvd.rank()::hvd.size()], data[1][hvd.rank()::hvd.size()]


def distributed_fit(model, data, batch_size, initial_lr, epochs, warmup_epochs,
                    checkpoint=None):
    """Trains `model` (compiled with a DistributedOptimizer) on this rank's
    shard of `data`, `batch_size` samples per rank and step, reaching
    `initial_lr` after `warmup_epochs`; rank 0 saves to `checkpoint` after
    every epoch. Returns this rank's throughput callback."""
    # Every rank must start the first step from the same weights: the
    # broadcast callback only acts at the end of the first batch.
    hvd.broadcast_global_variables(0)
    meter = Throughput()
    callbacks = [
        hvd.callbacks.BroadcastGlobalVariablesCallback(0),
        hvd.callbacks.MetricAverageCallback(),
        hvd.callbacks.LearningRateWarmupCallback(
            initial_lr=initial_lr, warmup_epochs=warmup_epochs, verbose=0),
        meter,
    ]
    if checkpoint and hvd.rank() == 0:
        callbacks.append(ModelCheckpoint(checkpoint))
    x, y = shard(data)
    model.fit(x, y, batch_size=batch_size, epochs=epochs,
              callbacks=callbacks, shuffle=True, verbose=0)
    return meter


def log(message):
    """Prints `message` on rank 0 only."""
    if hvd.rank() == 0:
        print(message, flush=True)


def report_throughput(phase, meter):
    """Gathers every rank's samples/s of `phase` (a `Throughput`) and prints
    them on rank 0."""
    rates = hvd.allgather(np.array([meter.rate()]), name='rate_' + phase)
    for rank, rate in enumerate(rates):
        log('  %-12s rank %d: %8.0f samples/s' % (phase, rank, rate))
    log('  %-12s total : %8.0f samples/s' % (phase, float(np.sum(rates))))


def max_rank_difference(model):
    """Largest |w_rank - w_rank0| over all weights and ranks."""
    flat = np.concatenate([w.ravel() for w in model.get_weights()])
    reference = hvd.broadcast(flat, 0, name='weights_rank0')
    own = np.array([np.max(np.abs(flat - reference))])
    return float(np.max(hvd.allgather(own, name='weight_difference')))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--epochs', type=int, default=20)
    parser.add_argument('--pretrain-epochs', type=int, default=15)
    parser.add_argument('--per-class', type=int, default=5)
    parser.add_argument('--batch-size', type=int, default=32,
                        help='pretraining batch size per rank')
    parser.add_argument('--finetune-batch-size', type=int, default=10,
                        help='fine-tuning batch size per rank')
    parser.add_argument('--lr', type=float, default=0.02,
                        help='fine-tuning learning rate for one rank (SGD, momentum 0.9)')
    parser.add_argument('--pretrain-lr', type=float, default=0.003,
                        help='pretraining learning rate for one rank (Adam)')
    parser.add_argument('--warmup-epochs', type=int, default=3)
    parser.add_argument('--seed', type=int, default=1)
    parser.add_argument('--checkpoint',
                        default=os.path.join(HERE, 'output', 'horovod_finetune.h5'))
    args = parser.parse_args()

    hvd.init()
    configure_session()
    np.random.seed(args.seed)
    tf.compat.v1.set_random_seed(args.seed)
    pre, train, test = load_digits_split(args.per_class, args.seed)
    log('keras %s, TensorFlow %s, Horovod %s: %d ranks' % (
        keras.__version__, tf.__version__, horovod.__version__, hvd.size()))
    log('pretraining on digits 0-4: %d images; fine-tuning on digits 5-9: %d labelled '
        'images; %d test images; each rank trains on 1/%d of them'
        % (len(pre[0]), len(train[0]), len(test[0]), hvd.size()))

    # 1. Pretraining: Adam, learning rate scaled by the number of ranks.
    pre_lr = args.pretrain_lr * hvd.size()
    model = build_model(name='pretrained')
    model.compile(hvd.DistributedOptimizer(Adam(lr=pre_lr)),
                  'categorical_crossentropy', metrics=['accuracy'])
    start = time.time()
    pre_meter = distributed_fit(model, pre, args.batch_size, pre_lr,
                                args.pretrain_epochs, args.warmup_epochs)
    pre_acc = model.evaluate(pre[0], pre[1], verbose=0)[1]
    log('pretrained: train accuracy %.3f (%.1f s)' % (pre_acc, time.time() - start))
    pretrained = {name: model.get_layer(name).get_weights() for name in BACKBONE}

    # 2. Fine-tuning with per-layer multipliers and a new head.
    K.clear_session()
    configure_session()
    np.random.seed(args.seed)
    tf.compat.v1.set_random_seed(args.seed)
    model = build_model(MULTIPLIERS)
    for name, weights in pretrained.items():
        model.get_layer(name).set_weights(weights)
    lr = args.lr * hvd.size()
    model.compile(hvd.DistributedOptimizer(SGD(lr=lr, momentum=0.9)),
                  'categorical_crossentropy', metrics=['accuracy'])
    if hvd.rank() == 0:
        folder = os.path.dirname(os.path.abspath(args.checkpoint))
        if not os.path.isdir(folder):
            os.makedirs(folder)
    start = time.time()
    fine_meter = distributed_fit(model, train, args.finetune_batch_size, lr,
                                 args.epochs, args.warmup_epochs,
                                 checkpoint=args.checkpoint)
    loss, acc = model.evaluate(test[0], test[1], verbose=0)
    log('fine-tuned with multipliers %s: %d epochs (%.1f s)'
        % (MULTIPLIERS, args.epochs, time.time() - start))
    difference = max_rank_difference(model)

    log('')
    log('throughput per rank (training samples/s, epochs after the first):')
    report_throughput('pretraining', pre_meter)
    report_throughput('fine-tuning', fine_meter)
    log('final test accuracy (digits 5-9): %.3f  (loss %.4f)' % (acc, loss))
    log('largest weight difference between ranks: %.3g' % difference)
    log('checkpoint (rank 0): %s' % os.path.relpath(args.checkpoint))


if __name__ == '__main__':
    main()
