"""Fine-tuning with differential learning rates: a legacy-style Keras 2 experiment.

Data: scikit-learn's 8x8 handwritten digits (1,797 images, shipped with the
package, no download).

1. Pretrain a small CNN on digits 0-4 (plenty of data).
2. Fine-tune it on digits 5-9 from only a few labelled images per class, with
   a new classification head, three ways, with the same seeds and budget:
   (i)   one learning rate for every layer (plain fine-tuning);
   (ii)  differential learning rates: the article's `W_learning_rate_multiplier`
         / `b_learning_rate_multiplier` arguments, small for the early
         convolutions, growing towards the new head;
   (iii) a frozen backbone: multiplier 0 on every pretrained layer, set on the
         finished model with `model.set_learning_rate_multipliers`.
   A network trained from scratch on the same few images is the reference.
3. Print a table (test accuracy, training time) and save the learning curves
   to examples/output/finetune_digits.png.

Run: python3 run.py demo   (or .venv/bin/python examples/finetune_digits.py)
Options: --epochs N (fine-tuning epochs, default 20), --per-class N (labelled
images per class for fine-tuning, default 5), --lr LR (default 0.05),
--seed S, --no-plot.

What it shows (seed 1, TensorFlow 2.21 CPU): with a learning rate that suits
the new head, plain fine-tuning (i) wrecks the pretrained layers; the
multipliers (ii) keep them and reach the best accuracy of the three; a frozen
backbone (iii) is limited by features learnt on other digits. On this small,
easy data set a network trained from scratch on the same few images is about
as good as (ii): the features of digits 0-4 transfer only partly to 5-9.
"""
from __future__ import print_function

import argparse
import os
import time

# Set before TensorFlow is imported; an explicit setting is kept. TensorFlow's
# C++ notices (CPU features) are not the demo's business, and TensorFlow
# 2.x's oneDNN kernels announce themselves at import whatever the log level,
# so the demo uses the standard kernels (faster on this tiny net; the table
# of the default seed is the same, other seeds differ by up to 0.09 in a cell).
os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')
os.environ.setdefault('TF_ENABLE_ONEDNN_OPTS', '0')

import numpy as np

import tensorflow as tf
import keras
from keras import backend as K
from keras.layers import Conv2D, Dense, Flatten, Input, MaxPooling2D
from keras.models import Model
from keras.optimizers import SGD, Adam
from keras.utils import to_categorical

HERE = os.path.dirname(os.path.abspath(__file__))
BACKBONE = ['conv1', 'conv2', 'fc1']


def load_digits_split(per_class, seed):
    from sklearn.datasets import load_digits
    digits = load_digits()
    x = (digits.images / 16.0).astype('float32')[..., None]  # (n, 8, 8, 1)
    y = digits.target
    rng = np.random.RandomState(seed)
    pre = np.where(y < 5)[0]
    post = np.where(y >= 5)[0]
    rng.shuffle(pre)
    rng.shuffle(post)
    # Few labelled images per class for fine-tuning; the rest is the test set.
    train_idx = np.concatenate([post[y[post] == c][:per_class] for c in range(5, 10)])
    test_idx = np.setdiff1d(post, train_idx)
    rng.shuffle(train_idx)
    return ((x[pre], to_categorical(y[pre], 5)),
            (x[train_idx], to_categorical(y[train_idx] - 5, 5)),
            (x[test_idx], to_categorical(y[test_idx] - 5, 5)))


def build_model(mults=None, name='cnn'):
    """The CNN; `mults` maps layer name -> multiplier (article-style arguments)."""
    mults = mults or {}

    def lr(layer):
        m = mults.get(layer)
        return dict(W_learning_rate_multiplier=m, b_learning_rate_multiplier=m)

    inputs = Input(shape=(8, 8, 1))
    h = Conv2D(16, (3, 3), activation='relu', padding='same', name='conv1', **lr('conv1'))(inputs)
    h = Conv2D(32, (3, 3), activation='relu', padding='same', name='conv2', **lr('conv2'))(h)
    h = MaxPooling2D((2, 2), name='pool')(h)
    h = Flatten(name='flatten')(h)
    h = Dense(64, activation='relu', name='fc1', **lr('fc1'))(h)
    outputs = Dense(5, activation='softmax', name='head', **lr('head'))(h)
    return Model(inputs, outputs, name=name)


def seed_everything(seed):
    np.random.seed(seed)
    tf.compat.v1.set_random_seed(seed)


def pretrain(data, seed, epochs):
    K.clear_session()
    seed_everything(seed)
    model = build_model(name='pretrained')
    model.compile(Adam(lr=0.003), 'categorical_crossentropy', metrics=['accuracy'])
    model.fit(data[0], data[1], batch_size=32, epochs=epochs, verbose=0)
    weights = {layer: model.get_layer(layer).get_weights() for layer in BACKBONE}
    return weights, model.evaluate(data[0], data[1], verbose=0)[1]


def finetune(variant, pretrained, train, test, epochs, seed, lr=0.05):
    K.clear_session()
    seed_everything(seed)
    if variant == 'differential':
        # Early layers move slowly, the new head at the full rate.
        model = build_model({'conv1': 0.1, 'conv2': 0.2, 'fc1': 0.5, 'head': 1.0})
    else:
        model = build_model()
    if variant != 'scratch':
        for layer, weights in pretrained.items():
            model.get_layer(layer).set_weights(weights)
    if variant == 'frozen':
        model.set_learning_rate_multipliers({'conv*': 0.0, 'fc1': 0.0})
    model.compile(SGD(lr=lr, momentum=0.9), 'categorical_crossentropy', metrics=['accuracy'])
    start = time.time()
    history = model.fit(train[0], train[1], batch_size=10, epochs=epochs,
                        validation_data=test, verbose=0, shuffle=True)
    seconds = time.time() - start
    curve = history.history['val_acc']
    return {'variant': variant, 'final': curve[-1], 'best': max(curve),
            'seconds': seconds, 'curve': curve}


def plot(results, path):
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    import matplotlib.ticker
    fig, ax = plt.subplots(figsize=(7, 4.5))
    for r in results:
        ax.plot(np.arange(1, len(r['curve']) + 1), r['curve'], label=r['label'])
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    ax.set_xlabel('fine-tuning epoch')
    ax.set_ylabel('test accuracy (digits 5-9)')
    ax.set_title('Fine-tuning a CNN pretrained on digits 0-4')
    ax.grid(alpha=0.3)
    ax.legend(loc='lower right')
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--epochs', type=int, default=20)
    parser.add_argument('--pretrain-epochs', type=int, default=15)
    parser.add_argument('--per-class', type=int, default=5)
    parser.add_argument('--seed', type=int, default=1)
    parser.add_argument('--lr', type=float, default=0.05,
                        help='fine-tuning learning rate (SGD, momentum 0.9)')
    parser.add_argument('--no-plot', action='store_true')
    args = parser.parse_args()

    pre, train, test = load_digits_split(args.per_class, args.seed)
    print('keras %s (TensorFlow %s)' % (keras.__version__, tf.__version__))
    print('pretraining on digits 0-4: %d images; fine-tuning on digits 5-9: '
          '%d labelled images, %d test images' % (len(pre[0]), len(train[0]), len(test[0])))
    t0 = time.time()
    pretrained, pre_acc = pretrain(pre, args.seed, args.pretrain_epochs)
    print('pretrained backbone: train accuracy %.3f (%.1f s)' % (pre_acc, time.time() - t0))

    labels = {
        'uniform': '(i) one learning rate for all layers',
        'differential': '(ii) differential multipliers 0.1/0.2/0.5/1',
        'frozen': '(iii) frozen backbone (multiplier 0)',
        'scratch': 'reference: no pretraining',
    }
    results = []
    for variant in ('uniform', 'differential', 'frozen', 'scratch'):
        r = finetune(variant, pretrained, train, test, args.epochs, args.seed, lr=args.lr)
        r['label'] = labels[variant]
        results.append(r)

    width = max(len(v) for v in labels.values())
    print()
    print('%-*s  %10s  %9s  %8s' % (width, 'fine-tuning (same seed, %d epochs)' % args.epochs,
                                    'final acc', 'best acc', 'time'))
    print('-' * (width + 33))
    for r in results:
        print('%-*s  %10.3f  %9.3f  %7.1fs' % (width, r['label'], r['final'], r['best'], r['seconds']))
    if not args.no_plot:
        out = os.path.join(HERE, 'output')
        if not os.path.isdir(out):
            os.makedirs(out)
        path = os.path.join(out, 'finetune_digits.png')
        plot(results, path)
        print('\nlearning curves: %s' % os.path.relpath(path))


if __name__ == '__main__':
    main()
