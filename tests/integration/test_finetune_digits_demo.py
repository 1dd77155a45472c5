"""The fine-tuning demo (`examples/finetune_digits.py`, `python3 run.py
demo`): its rows are built as described, row (iv) (differential multipliers
+ decoupled weight decay + warm-up/cosine) trains, follows its schedule and
is deterministic. A few epochs only; the demo's own numbers are in its
docstring."""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

import importlib.util
import math
import os

import numpy as np
import pytest

from keras import backend as K

EXAMPLE = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                       os.pardir, os.pardir, 'examples', 'finetune_digits.py')
EPOCHS = 4
WARMUP = 1
LR = 0.05


@pytest.fixture(scope='module')
def demo():
    spec = importlib.util.spec_from_file_location('finetune_digits', EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope='module')
def data(demo):
    pre, train, test = demo.load_digits_split(per_class=5, seed=1)
    pretrained, _ = demo.pretrain(pre, seed=1, epochs=2)
    K.clear_session()
    return pretrained, train, test


def run_row_iv(demo, data, weight_decay=None):
    pretrained, train, test = data
    kwargs = {} if weight_decay is None else {'weight_decay': weight_decay}
    return demo.finetune('differential_wd', pretrained, train, test, EPOCHS,
                         seed=1, lr=LR, warmup=WARMUP, **kwargs)


def test_row_iv_is_differential_sgdw_with_warmup_then_cosine(demo, data):
    model, callbacks = demo.make_row('differential_wd', data[0], EPOCHS, lr=LR,
                                     warmup=WARMUP)
    optimizer = model.optimizer
    assert type(optimizer).__name__ == 'SGD'
    assert optimizer.weight_decay == demo.WEIGHT_DECAY > 0
    assert optimizer.decoupled is True
    assert math.isclose(K.get_value(optimizer.momentum), 0.9, rel_tol=1e-6)
    by_name = {w.name.split(':')[0]: m for w, m in model.multipliers.items()}
    for layer, mult in demo.DIFFERENTIAL.items():
        assert by_name[layer + '/kernel'] == mult
        assert by_name[layer + '/bias'] == mult
    decay = {w.name.split(':')[0]: d for w, d in model.decay_multipliers.items()}
    for layer in demo.DIFFERENTIAL:
        assert decay[layer + '/kernel'] == 1
        assert decay[layer + '/bias'] == 0
    # The backbone starts from the pretrained weights.
    for layer, weights in data[0].items():
        for got, want in zip(model.get_layer(layer).get_weights(), weights):
            np.testing.assert_array_equal(got, want)
    assert [type(c).__name__ for c in callbacks] == ['LinearWarmup']
    assert type(callbacks[0].then).__name__ == 'CosineAnnealing'
    # Row (ii) has the same multipliers, no weight decay and no schedule.
    model_ii, callbacks_ii = demo.make_row('differential', data[0], EPOCHS, lr=LR)
    assert model_ii.optimizer.weight_decay == 0
    assert callbacks_ii == []


def test_row_iv_trains_on_its_schedule_and_is_deterministic(demo, data):
    first = run_row_iv(demo, data)
    second = run_row_iv(demo, data)
    np.testing.assert_array_equal(first['curve'], second['curve'])
    np.testing.assert_array_equal(first['loss'], second['loss'])

    # It learns: the training loss falls, and the test accuracy rises from
    # where it starts (the new head is random) to well above chance (0.2).
    assert first['loss'][-1] < 0.5 * first['loss'][0]
    assert first['final'] > first['curve'][0] + 0.1
    assert first['final'] > 0.3

    # The base rate of each epoch's last batch: 3 batches per epoch
    # (25 images, batch 10), so that batch is at position e + 2/3.
    expected = []
    for epoch in range(EPOCHS):
        position = epoch + 2. / 3.
        if position < WARMUP:
            expected.append(LR * position / WARMUP)
        else:
            t = (position - WARMUP) / (EPOCHS - WARMUP)
            expected.append(LR * (1 + math.cos(math.pi * t)) / 2)
    np.testing.assert_allclose(first['lr'], expected, rtol=1e-6)


def test_row_iv_weight_decay_changes_training(demo, data):
    decayed = run_row_iv(demo, data)
    plain = run_row_iv(demo, data, weight_decay=0.)
    assert not np.array_equal(decayed['loss'], plain['loss'])


def test_bad_rows_are_refused(demo, data):
    with pytest.raises(ValueError, match='unknown variant'):
        demo.make_row('adamw', data[0], EPOCHS)
    with pytest.raises(ValueError, match='warmup'):
        demo.make_row('differential_wd', data[0], EPOCHS, warmup=EPOCHS)
