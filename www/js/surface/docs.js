// The documentation of <descent-surface> (`DescentSurface.docs`), in the kit's convention (www/js/embed/docs.js):
// the gallery, the embed page and the README read it. Defaults come from the props table (props.js), so a default
// is written in one place only.

import { attributeDocs } from '../shared/state.js';
import { MAX_RUNS } from './runs.js';
import { PROPS, SURFACE_NAMES } from './props.js';

/** What each attribute accepts and does; `default` when the table's default is derived (null). */
const ATTRIBUTE_TEXT = {
  surface: {
    allowed: `${SURFACE_NAMES.join(', ')}, or a JSON surface config such as {"type":"quadratic","kappa":100}`,
    description: 'The loss surface f(x, y) the optimizers descend.',
  },
  expression: {
    allowed: 'f(x, y) with + - * / ^, parentheses, sin cos tan exp log sqrt abs tanh, pi, e (at most 400 characters)',
    description: 'The function drawn when surface="custom".',
  },
  view: {
    allowed: 'x_min,x_max,y_min,y_max (x_min < x_max, y_min < y_max, each within ±1e6)',
    default: "the surface's own view box",
    description: 'The visible box; zooming and panning change it.',
  },
  scale: { allowed: 'auto, log, linear', description: 'Colour scale of the heatmap (auto: the surface’s preference).' },
  levels: { allowed: 'a whole number from 2 to 64', description: 'Number of contour levels.' },
  start: {
    allowed: 'x,y (each within ±1e6)',
    default: 'a start chosen per surface',
    description: 'The start point shared by every run (drag it on the surface).',
  },
  steps: { allowed: 'a whole number from 1 to 5000', description: 'Updates per run.' },
  runs: {
    allowed:
      `a JSON array of 1 to ${MAX_RUNS} optimizer configs: "type" (SGD, Adagrad, RMSprop, Adam, AdamW) with PyTorch's ` +
      'keyword arguments (lr, momentum, betas, eps, weight_decay, nesterov, amsgrad, centered, ...) and an optional ' +
      '"schedule" such as {"type":"StepLR","step_size":50,"gamma":0.5}',
    description: 'The optimizers that race from the start point, one coloured path each.',
  },
  step: { allowed: 'a whole number from 0 to steps', description: 'The step shown (the timeline position).' },
  selected: {
    allowed: `a whole number from 0 to ${MAX_RUNS - 1}`,
    description: 'The run whose update rule is written out with that step’s numbers.',
  },
  speed: { allowed: 'a number from 1 to 1000', description: 'Playback speed, in steps per second.' },
  theme: { allowed: 'auto, light, dark', description: 'Colours (auto follows the reader’s system setting).' },
  autoplay: {
    allowed: 'a flag (present, or "true" / "false")',
    description: 'Play when the element first comes into view (not when the reader asked for reduced motion).',
  },
  'sync-url': {
    allowed: 'a flag (present, or "true" / "false")',
    description: 'Keep the page URL’s #… in step with this element, so a link restores it (one element per page; not in an iframe).',
  },
};

export const DOCS = {
  title: 'Loss-surface explorer',
  summary:
    'Several optimizers (SGD, Adagrad, RMSprop, Adam, AdamW, with PyTorch’s arguments and an optional learning-rate ' +
    'schedule) descend the same loss surface from one start point; the update rule of the selected run is written ' +
    'out with the numbers of the current step. Drag the start point, zoom, play or scrub the timeline.',
  attributes: attributeDocs(PROPS, ATTRIBUTE_TEXT),
  events: [
    {
      name: 'descent-step',
      detail: '{ step }',
      description: 'The step shown changed (also every frame while playing).',
    },
    {
      name: 'descent-change',
      detail: '{ attributes }',
      description: 'A setting changed (after the change is committed); detail.attributes holds the non-default attributes.',
    },
  ],
  methods: [
    { name: 'play()', description: 'Start playing (from step 0 when at the end).' },
    { name: 'pause()', description: 'Stop playing; the step stays.' },
    { name: 'reset()', description: 'Back to step 0, paused.' },
  ],
  properties: [
    { name: 'playing', description: 'Whether it is playing (read only).' },
    { name: 'step', description: 'The step shown (read only; set the step attribute to move it).' },
    { name: 'runs', description: 'The simulated runs: [{ run, result, messages }] (read only).' },
  ],
  example: { surface: 'himmelblau', runs: '[{"type":"SGD","lr":0.01,"momentum":0.9},{"type":"Adam","lr":0.1}]', steps: '200' },
  height: 1250, // about 1230 px tall at 980 to 1280 px wide (about 2000 px in one column, below 760 px)
};
