// The numbers the search lessons quote ("with this seed ... about 0.18 at η ≈ 0.45") are what their widgets
// compute. Each widget is rebuilt from its own tag in the lesson source (the element's attribute reader and
// labConfig, as the page does), run to the end of its budget, and every quoted figure is checked twice: the
// computed value rounds to it, and both the English and the Chinese text contain it. A change to the numerics
// that moves a result fails here, naming the lesson sentence to update.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import descent from './pkg.mjs';
import { PROPS, labConfig } from '../../www/js/search/props.js';
import { attributeState } from '../../www/js/shared/state.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const lesson = (slug, lang) => readFileSync(`${root}lessons/${slug}/${lang}.md`, 'utf8');

/** The attributes of the `index`-th `<descent-search>` tag of a lesson (English source). */
function tagAttributes(slug, index) {
  const tags = [...lesson(slug, 'en').matchAll(/<descent-search ([^>]*)>/g)];
  assert.ok(tags[index], `${slug}: no <descent-search> number ${index}`);
  return Object.fromEntries([...tags[index][1].matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
}

/** Run the widget of those attributes (with `changes` applied) to the end; returns its trials. */
function runToEnd(attrs, changes = {}) {
  const all = { ...attrs, ...changes };
  const { values } = attributeState(PROPS, (name) => all[name] ?? null);
  const lab = new descent.SearchLab(labConfig(values));
  try {
    while (!lab.isDone()) lab.step();
    return lab.trials();
  } finally {
    lab.free();
  }
}

/** Each method's best trial. */
function bestByMethod(trials) {
  const best = {};
  for (const t of trials) if (!best[t.method] || t.value < best[t.method].value) best[t.method] = t;
  return best;
}

/**
 * `value` rounds to `text` (the figure as the lesson prints it, e.g. "0.18", "-6.0198") and both language versions
 * of the lesson print it in a formula.
 */
function quoted(slug, what, value, text) {
  const digits = (text.split('.')[1] ?? '').length;
  assert.equal(value.toFixed(digits), Number(text).toFixed(digits), `${slug}: ${what} is ${value}, the lesson says ${text}`);
  // Inside a formula ($...$), as a whole number token: "0.18" matches "$0.18$" and "$\eta \approx 0.18$", not "0.185".
  const token = new RegExp(`\\$[^$]*(?<![\\d.])${text.replace(/[.-]/g, '\\$&')}(?![\\d])[^$]*\\$`);
  for (const lang of ['en', 'zh']) {
    assert.ok(token.test(lesson(slug, lang)), `${slug}/${lang}.md no longer quotes ${what} as ${text}`);
  }
}

test('lesson 13: grid vs random on a function with one important axis', () => {
  const slug = '13-hyperparameter-search';
  const best = bestByMethod(runToEnd(tagAttributes(slug, 0)));
  quoted(slug, "the grid's best", best.grid.value, '0.60');
  quoted(slug, "random search's best", best.random.value, '0.08');
  quoted(slug, "random search's best x", best.random.point[0], '0.60');
});

test('lesson 13: one hold-out split vs 5-fold cross-validation on moons', () => {
  const slug = '13-hyperparameter-search';
  const attrs = tagAttributes(slug, 1);
  const cv = runToEnd(attrs);
  const holdout = runToEnd(attrs, { cv_folds: '0' });
  const all = (trials) => Object.values(bestByMethod(trials)).sort((a, b) => a.value - b.value)[0];
  const [bcv, bho] = [all(cv), all(holdout)];
  quoted(slug, 'the 5-fold winner', bcv.value, '0.095');
  quoted(slug, "the 5-fold winner's learning rate", bcv.point[0], '0.94');
  assert.equal(bcv.point[1], 30, 'the 5-fold winner has 30 units');
  quoted(slug, 'the hold-out winner', bho.value, '0.109');
  quoted(slug, "the hold-out winner's learning rate", bho.point[0], '0.35');
  assert.equal(bho.point[1], 32, 'the hold-out winner has 32 units');
  const at3 = (trials) => trials.find((t) => t.method === 'grid' && Math.abs(t.point[0] - 3) < 1e-9 && t.point[1] === 32);
  quoted(slug, "the grid's eta = 3 trial on one split", at3(holdout).value, '1.05');
  quoted(slug, "the grid's eta = 3 trial over five folds", at3(cv).value, '0.30');
});

test("lesson 14: Bayesian optimization's ninth trial on the Forrester function", () => {
  const slug = '14-bayesian-optimization';
  const bo = runToEnd(tagAttributes(slug, 0)).filter((t) => t.method === 'bayes');
  const ninth = bo.find((t) => t.index === 8);
  quoted(slug, "BO's ninth trial", ninth.value, '-6.0198');
  quoted(slug, "BO's ninth trial's x", ninth.point[0], '0.759');
  assert.equal(Math.min(...bo.map((t) => t.value)), ninth.value, 'the ninth trial is the best one');
});

test('lesson 15: the three methods on a network with 20 trials each', () => {
  const slug = '15-tuning-workflow';
  const best = bestByMethod(runToEnd(tagAttributes(slug, 0)));
  quoted(slug, "the grid's best", best.grid.value, '0.30');
  quoted(slug, "random search's best", best.random.value, '0.18');
  quoted(slug, "random search's best learning rate", best.random.point[0], '0.45');
  quoted(slug, "Bayesian optimization's best", best.bayes.value, '0.17');
  quoted(slug, "Bayesian optimization's best learning rate", best.bayes.point[0], '0.73');
});
