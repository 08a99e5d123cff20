/**
 * The attributes of `<descent-surface>`: one table drives the element's attributes, the page URL (`#name=value&...`)
 * and the "Copy embed code" output. Names are the config names of the WASM core.
 *
 * | attribute    | value                                                             | default                        |
 * |--------------|-------------------------------------------------------------------|--------------------------------|
 * | `surface`    | `quadratic`, `rosenbrock`, `beale`, `himmelblau`, `booth`, `saddle`, `six_hump_camel`, `custom`, or a JSON surface config such as `{"type":"quadratic","kappa":100}` | `rosenbrock` |
 * | `expression` | f(x, y) for `surface="custom"`: `+ - * / ^`, parentheses, `sin cos tan exp log sqrt abs tanh`, `pi`, `e` | `sin(x)*cos(y) + 0.1*(x^2 + y^2)` |
 * | `view`       | the visible box `x_min,x_max,y_min,y_max` (zoom and pan change it)  | the surface's own view box      |
 * | `scale`      | colour scale: `auto` (the surface's preference), `log`, `linear`  | `auto`                          |
 * | `levels`     | contour levels, 2 to 64                                           | `20`                            |
 * | `start`      | start point `x,y` shared by every run                             | a start chosen per surface      |
 * | `steps`      | updates per run, 1 to 5000                                        | `300`                           |
 * | `runs`       | JSON array of 1 to 6 runs: an optimizer config (`type`: `SGD`, `Adagrad`, `RMSprop`, `Adam`, `AdamW`, with PyTorch's keyword arguments, e.g. `lr`, `momentum`, `betas`, `eps`, `weight_decay`, `nesterov`, `amsgrad`, `bias_correction`, `centered`) and an optional `schedule` (`{"type":"StepLR","step_size":50,"gamma":0.5}`; PyTorch and Keras schedule names and arguments) | `[{"type":"SGD","lr":0.001,"momentum":0.9},{"type":"Adam","lr":0.2},{"type":"RMSprop","lr":0.01}]` |
 * | `step`       | the step shown (the timeline position), 0 to `steps`              | `0`                             |
 * | `selected`   | the run whose update rule is shown, 0 to 5                        | `0`                             |
 * | `speed`      | playback speed in steps per second, 1 to 1000                     | `30`                            |
 * | `theme`      | `auto` (follows the system), `light`, `dark`                      | `auto`                          |
 * | `autoplay`   | flag: play when the element first comes into view (not with reduced motion) | off                  |
 * | `sync-url`   | flag: keep the page URL's `#...` in step with this element (one element per page) | off            |
 *
 * A value that cannot be read shows a message in the element and that attribute falls back to its default; a run
 * field the core rejects is dropped (its default applies) with a message naming it. Events: `descent-step`
 * (`detail: { step }`, also while playing), `descent-change` (`detail: { attributes }`, after a settings change).
 * Methods: `play()`, `pause()`, `reset()` (step 0, paused).
 */

import { kinds } from '../shared/state.js';
import { MAX_RUNS, runShapeProblem } from './runs.js';

/** The built-in surfaces with the start point of their lesson (their names for readers are in strings.js). */
export const SURFACES = {
  quadratic: { start: [-3.5, 2] },
  rosenbrock: { start: [-1.5, 2] },
  beale: { start: [1, 1.5] },
  himmelblau: { start: [0.5, -1.5] },
  booth: { start: [-8, 8] },
  saddle: { start: [-1.8, 0.05] },
  six_hump_camel: { start: [-1, 1] },
  custom: { start: null },
};

export const SURFACE_NAMES = Object.keys(SURFACES);

/** The default start point for a surface whose table entry has none: up and left in its view box. */
export function derivedStart(view) {
  const [x0, x1, y0, y1] = view;
  return [x0 + 0.2 * (x1 - x0), y0 + 0.8 * (y1 - y0)];
}

const LIMIT = 1e6;

/** `surface`: a built-in name, or a JSON config object with a `type` (the core checks the rest). */
const surfaceKind = {
  expected: `one of ${SURFACE_NAMES.join(', ')}, or a JSON surface config such as {"type":"quadratic","kappa":100}`,
  parse(raw) {
    const text = String(raw).trim();
    if (SURFACE_NAMES.includes(text)) return { value: text };
    if (text.startsWith('{') && text.length < 2000) {
      try {
        const v = JSON.parse(text);
        if (v && typeof v === 'object' && !Array.isArray(v) && SURFACE_NAMES.includes(v.type) && v.type !== 'custom') {
          return { value: text };
        }
      } catch {
        // fall through
      }
    }
    return { error: this.expected };
  },
  format: (v) => v,
};

const runsKind = kinds.json({
  expected: `a JSON array of 1 to ${MAX_RUNS} runs such as [{"type":"Adam","lr":0.05}]`,
  check(v) {
    if (!Array.isArray(v) || v.length < 1 || v.length > MAX_RUNS) {
      return `a JSON array of 1 to ${MAX_RUNS} runs such as [{"type":"Adam","lr":0.05}]`;
    }
    for (const run of v) {
      const problem = runShapeProblem(run);
      if (problem) return problem;
    }
    return null;
  },
});

/**
 * The table. `url: false` props are not written to the page URL; `embed: false` ones are left out of the embed code.
 * `default: null` means "derived" (from the surface) and is never written.
 */
export const PROPS = [
  { name: 'surface', kind: surfaceKind, default: 'rosenbrock' },
  { name: 'expression', kind: kinds.text({ maxLength: 400 }), default: 'sin(x)*cos(y) + 0.1*(x^2 + y^2)' },
  {
    name: 'view',
    kind: kinds.numbers(4, {
      min: -LIMIT,
      max: LIMIT,
      check: ([a, b, c, d]) => b > a && d > c,
      expected: 'four numbers x_min,x_max,y_min,y_max with x_min < x_max and y_min < y_max (each within ±1e6)',
    }),
    default: null,
  },
  { name: 'scale', kind: kinds.choice(['auto', 'log', 'linear']), default: 'auto' },
  { name: 'levels', kind: kinds.integer({ min: 2, max: 64 }), default: 20 },
  {
    name: 'start',
    kind: kinds.numbers(2, { min: -LIMIT, max: LIMIT, expected: 'two numbers x,y (each within ±1e6)' }),
    default: null,
  },
  { name: 'steps', kind: kinds.integer({ min: 1, max: 5000 }), default: 300 },
  {
    name: 'runs',
    kind: runsKind,
    default: [{ type: 'SGD', lr: 0.001, momentum: 0.9 }, { type: 'Adam', lr: 0.2 }, { type: 'RMSprop', lr: 0.01 }],
  },
  { name: 'step', kind: kinds.integer({ min: 0, max: 5000 }), default: 0 },
  { name: 'selected', kind: kinds.integer({ min: 0, max: MAX_RUNS - 1 }), default: 0 },
  { name: 'speed', kind: kinds.number({ min: 1, max: 1000 }), default: 30 },
  { name: 'theme', kind: kinds.choice(['auto', 'light', 'dark']), default: 'auto' },
  { name: 'autoplay', kind: kinds.flag(), default: false, url: false },
  { name: 'sync-url', kind: kinds.flag(), default: false, url: false, embed: false },
];

/** Attribute names the element observes. */
export const ATTRIBUTES = PROPS.map((p) => p.name);

/** Props by name. */
export const PROP = Object.fromEntries(PROPS.map((p) => [p.name, p]));
