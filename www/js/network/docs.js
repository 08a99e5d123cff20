// The documentation of <descent-network> (`DescentNetwork.docs`), in the kit's convention (www/js/embed/docs.js):
// the gallery, the embed page and the README read it. Defaults come from the props table (props.js), so a default
// is written in one place only.

import { attributeDocs } from '../shared/state.js';
import { OPTIMIZER_TYPES } from '../surface/runs.js';
import { ACTIVATIONS, DATASET_NAMES, FEATURE_NAMES, MAX_ADDED, MAX_CSV, MAX_LAYERS, MAX_UNITS, PROPS } from './props.js';

const FLAG = 'a flag (present, or "true" / "false")';

/** What each attribute accepts and does. */
const ATTRIBUTE_TEXT = {
  dataset: {
    allowed: `${DATASET_NAMES.join(', ')} (blobs and spiral3 have three classes; line, sine, plane are regression)`,
    description: 'The data: a generated set, or csv for the rows of the csv attribute.',
  },
  n_samples: { allowed: 'a whole number from 10 to 2000', description: 'Points generated.' },
  noise: { allowed: 'a number from 0 to 1', description: 'Position noise, as a fraction of the data’s radius (5).' },
  data_seed: { allowed: 'a whole number from 0', description: 'Seed of the generated points and of their split.' },
  validation_split: { allowed: 'a number from 0 to 0.9', description: 'Share of the rows held out for validation.' },
  test_split: { allowed: 'a number from 0 to 0.9 (with validation_split at most 0.9)', description: 'Share held out for testing.' },
  csv: {
    allowed: `x,y,label lines (a header line and # comments are skipped; at most ${MAX_CSV} characters)`,
    description: 'Your own data, used when dataset="csv"; each bad line is reported and skipped.',
  },
  task: { allowed: 'auto, classification, regression', description: 'How to read the CSV labels (auto: whole numbers are classes).' },
  points: {
    allowed: `at most ${MAX_ADDED} points x,y,label separated by ";"`,
    description: 'Points added by clicking on the plot; they join the training rows.',
  },
  removed: { allowed: 'comma-separated row numbers of the data', description: 'Rows removed by clicking on the plot.' },
  features: { allowed: `a comma-separated subset of ${FEATURE_NAMES.join(', ')}`, description: 'The network’s inputs.' },
  layers: {
    allowed: `0 to ${MAX_LAYERS} comma-separated widths from 1 to ${MAX_UNITS} (none: no hidden layer)`,
    description: 'Hidden layer widths.',
  },
  activation: { allowed: ACTIVATIONS.join(', '), description: 'Activation of every hidden unit.' },
  init: { allowed: 'xavier, he', description: 'Initial weights: Xavier (Glorot) or He (Kaiming) uniform, drawn from seed.' },
  batch_norm: { allowed: FLAG, description: 'BatchNorm1d after every hidden Linear (training and inference modes).' },
  loss: {
    allowed: 'auto, cross_entropy, mse, l1',
    description: 'The loss (auto: cross-entropy for classes, sigmoid + binary for two and softmax for more; MSE for regression).',
  },
  batch_size: { allowed: 'a whole number from 1 to 1024', description: '1 is stochastic gradient descent; the number of training rows or more is full-batch.' },
  shuffle: { allowed: FLAG, description: 'Reshuffle the training rows every epoch.' },
  optimizer: {
    allowed: `a JSON optimizer config: "type" (${OPTIMIZER_TYPES.join(', ')}) with PyTorch's keyword arguments (lr, momentum, betas, eps, weight_decay, nesterov, amsgrad, centered, ...)`,
    description: 'The optimizer, as torch.optim (AdamW decays the weights decoupled from the gradient).',
  },
  schedule: {
    allowed: 'none, or a JSON schedule config with a PyTorch or Keras name and its arguments, such as {"type":"StepLR","step_size":100,"gamma":0.5}',
    description: 'Learning-rate schedule (PyTorch schedulers step once per epoch; CyclicLR, OneCycleLR and Keras schedules every update).',
  },
  l1: { allowed: 'a number from 0 to 10', description: 'Strength λ₁ of the L1 penalty λ₁‖w‖₁ added to the loss.' },
  l2: { allowed: 'a number from 0 to 10', description: 'Strength λ₂ of the L2 penalty λ₂‖w‖² added to the loss.' },
  regularize_bias: { allowed: FLAG, description: 'The penalties also cover biases and batch-norm parameters.' },
  early_stopping: {
    allowed: 'none, or JSON keras.callbacks.EarlyStopping settings: monitor (val_loss, loss), patience, min_delta, restore_best_weights, start_from_epoch',
    description: 'Stop when the watched loss stops improving; the best epoch and the stop are marked on the curves.',
  },
  seed: { allowed: 'a whole number from 0', description: 'Seed of the initial weights and the shuffling.' },
  speed: { allowed: 'a number from 1 to 3000', description: 'Epochs per second while training (within the frame’s time).' },
  discretize: { allowed: FLAG, description: 'Paint the predicted class only (no probabilities).' },
  theme: { allowed: 'auto, light, dark', description: 'Colours (auto follows the reader’s system setting).' },
  autoplay: {
    allowed: FLAG,
    description: 'Start training when the element first comes into view (not when the reader asked for reduced motion).',
  },
  'sync-url': {
    allowed: FLAG,
    description: 'Keep the page URL’s #… in step with this element, so a link restores it (one element per page; not in an iframe).',
  },
};

export const DOCS = {
  title: 'Network trainer',
  summary:
    'Train a tiny neural network on 2-D data in the browser: pick or paste the data (or click to add points), the ' +
    'input features, hidden layers and activation, the loss, optimizer, schedule, batch size, L1/L2, batch norm and ' +
    'early stopping, and watch the decision boundary, every neuron’s map, the weights, the loss and accuracy curves ' +
    'and the confusion matrix change, with PyTorch’s arithmetic.',
  attributes: attributeDocs(PROPS, ATTRIBUTE_TEXT),
  events: [
    {
      name: 'descent-step',
      detail: '{ epoch, loss, val_loss, test_loss, accuracy, val_accuracy, test_accuracy, stop }',
      description: 'Epochs were trained (at most once per animation frame); the values are those of the last epoch (null where absent).',
    },
    {
      name: 'descent-stop',
      detail: '{ reason: "early_stopping" | "diverged", epoch, best_epoch?, restored?, step? }',
      description: 'Training stopped: early stopping fired, or the loss was no longer a finite number.',
    },
    {
      name: 'descent-change',
      detail: '{ attributes }',
      description: 'A setting changed; detail.attributes holds the non-default attributes.',
    },
  ],
  methods: [
    { name: 'play()', description: 'Start training (from the current epoch).' },
    { name: 'pause()', description: 'Pause training.' },
    { name: 'reset()', description: 'New initial weights from the seed, epoch 0, paused.' },
    { name: 'step(epochs = 1)', description: 'Train that many epochs now; returns how many ran (fewer once stopped).' },
  ],
  properties: [
    { name: 'playing', description: 'Whether it is training (read only).' },
    { name: 'epoch', description: 'Epochs completed (read only).' },
    { name: 'history', description: 'Per-epoch metrics: { epoch, loss, accuracy, val_loss, ..., stop, best_epoch } (read only).' },
    { name: 'info', description: 'The trainer’s shape and data: { task, classes, sizes, features, loss, params, rows, ... }.' },
  ],
  example: { dataset: 'spiral', features: 'x,y,sin_x,sin_y', layers: '8,8', optimizer: '{"type":"Adam","lr":0.01}' },
  height: 1400,
};
