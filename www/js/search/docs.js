// The documentation of <descent-search> (`DescentSearch.docs`), in the kit's convention (www/js/embed/docs.js): the
// gallery, the embed page and the README read it. Defaults come from the props table (props.js), so a default is
// written in one place only.

import { attributeDocs } from '../shared/state.js';
import { DATASETS, HD_SURFACES, KERNEL_PRESETS, METHODS, NET_PARAMS, OBJECTIVES, PROPS } from './props.js';

const flag = 'a flag (present, or "true" / "false")';

/** What each attribute accepts and does. */
const ATTRIBUTE_TEXT = {
  objective: {
    allowed: Object.keys(OBJECTIVES).join(', '),
    description:
      'What the search minimizes: network (the validation loss of a tiny network trained in the browser) or a test ' +
      'function (forrester and gramacy_lee are 1-D; the others 2-D).',
  },
  space: {
    allowed: `1 or 2 of ${Object.keys(NET_PARAMS).join(', ')}, comma-separated`,
    description: 'Network only: the hyperparameters searched (lr and l2 on log scales, hidden and batch_size whole numbers).',
  },
  dataset: { allowed: DATASETS.join(', '), description: 'Network only: the data the tiny network learns.' },
  epochs: { allowed: 'a whole number from 1 to 200', description: 'Network only: training epochs per trial.' },
  cv_folds: {
    allowed: '0, or a whole number from 2 to 10',
    description: 'Network only: 0 scores each trial on one 30 % hold-out split; k scores it by k-fold cross-validation (scikit-learn’s KFold fold sizes, unweighted mean).',
  },
  noise: { allowed: 'a number from 0 to 10', description: 'Test functions only: standard deviation of the Gaussian observation noise.' },
  budget: { allowed: 'a whole number from 2 to 200', description: 'Trials per method (grid search uses the largest full grid within it).' },
  seed: { allowed: 'a whole number from 0 to 1000000000', description: 'Seed of random search, of BO’s first trials and of the noise: the same seed gives the same trials.' },
  methods: { allowed: `1 to 3 of ${METHODS.join(', ')}, comma-separated`, description: 'The methods run side by side.' },
  kernel: {
    allowed: `${Object.keys(KERNEL_PRESETS).join(', ')}, or a JSON kernel_spec (ConstantKernel, RBF, Matern, WhiteKernel, Sum, Product with scikit-learn’s arguments)`,
    description: 'The Gaussian process kernel of Bayesian optimization (presets: times a ConstantKernel).',
  },
  ard: { allowed: flag, description: 'With a preset kernel: one length scale per axis (otherwise one shared).' },
  white: { allowed: flag, description: 'With a preset kernel: add a WhiteKernel (fitted observation noise).' },
  alpha: { allowed: 'a number from 0 to 1', description: 'Added to the diagonal of K (scikit-learn’s alpha).' },
  normalize_y: { allowed: flag, description: 'Fit the GP to standardized targets (scikit-learn’s normalize_y).' },
  fit: { allowed: flag, description: 'Fit the kernel’s hyperparameters by maximizing the log marginal likelihood at every BO step.' },
  n_restarts: { allowed: 'a whole number from 0 to 10', description: 'Random restarts of that fit.' },
  acquisition: { allowed: 'EI, PI, LCB', description: 'Expected improvement, probability of improvement, or lower confidence bound (for minimization).' },
  xi: { allowed: 'a number from 0 to 10', description: 'EI and PI: the improvement margin ξ.' },
  kappa: { allowed: 'a number from 0 to 10', description: 'LCB: κ in μ − κσ.' },
  n_initial: { allowed: 'a whole number from 1 to 200', description: 'BO’s random first trials (random search’s first ones, same seed).' },
  trials: { allowed: 'a whole number from 0 to 200', description: 'Steps run so far (one trial per method each): a link replays them.' },
  speed: { allowed: 'a number from 0.5 to 60', description: 'Steps per second while playing.' },
  tab: { allowed: 'search, hypergradient', description: 'The view: the search lab, or hypergradient descent.' },
  surface: { allowed: HD_SURFACES.join(', '), description: 'Hypergradient tab: the loss surface descended.' },
  lr: { allowed: 'a number from 1e-7 to 10', description: 'Hypergradient tab: the initial learning rate α₀ (also plain SGD’s fixed one).' },
  hyper_lr: { allowed: 'a number from 0 to 1', description: 'Hypergradient tab: the hypergradient learning rate β.' },
  steps: { allowed: 'a whole number from 10 to 5000', description: 'Hypergradient tab: updates.' },
  theme: { allowed: 'auto, light, dark', description: 'Colours (auto follows the reader’s system setting).' },
  autoplay: { allowed: flag, description: 'Play when the element first comes into view (not when the reader asked for reduced motion).' },
  'sync-url': {
    allowed: flag,
    description: 'Keep the page URL’s #… in step with this element, so a link restores it (one element per page; not in an iframe).',
  },
};

export const DOCS = {
  title: 'Hyperparameter search lab',
  summary:
    'Grid search, random search and Bayesian optimization spend the same budget, with the same seed, on the same ' +
    'objective (a tiny network’s validation loss trained in the browser, or a test function); the Gaussian ' +
    'process’s mean and uncertainty and the acquisition that picks each next trial are drawn live, with a ' +
    'best-so-far chart. A second tab tunes a learning rate by hypergradient descent.',
  attributes: attributeDocs(PROPS, ATTRIBUTE_TEXT),
  events: [
    { name: 'descent-step', detail: '{ trials, done }', description: 'A step of the search ran (one trial per method).' },
    {
      name: 'descent-change',
      detail: '{ attributes }',
      description: 'A setting changed (after the change is committed); detail.attributes holds the non-default attributes.',
    },
  ],
  methods: [
    { name: 'play()', description: 'Run a step every 1/speed seconds until the budget is spent.' },
    { name: 'pause()', description: 'Stop playing (or running to the end).' },
    { name: 'reset()', description: 'Start the search over, paused.' },
    { name: 'step()', description: 'One trial of each method.' },
    { name: 'runToEnd()', description: 'Spend the rest of the budget.' },
  ],
  properties: [
    { name: 'playing', description: 'Whether it is playing or running to the end (read only).' },
    { name: 'done', description: 'Whether every method has spent its budget (read only).' },
    { name: 'trials', description: 'Every trial: [{ method, index, point, value, truth, folds, diverged }] (read only).' },
    { name: 'replaying', description: 'Whether the steps a link asked for (the trials attribute) are still being run (read only).' },
  ],
  example: { objective: 'branin', budget: '20', trials: '8' },
  height: 1800,
};
