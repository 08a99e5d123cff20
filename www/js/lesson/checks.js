// Quick checks: <form class="check" data-check="choice|numeric"> built by scripts/build-pages.mjs. The answers and
// the feedback are in the page (data- attributes and hidden .fb blocks); this gives the feedback on submit.
//   choice:  radio inputs with data-correct; `.fb[data-for=k]` is the feedback for option k.
//   numeric: data-answer, data-tolerance (absolute, or relative when data-relative="true");
//            `.fb[data-for=answer]`, `.fb[data-for=wrong][data-value]` (a known wrong answer), `.fb[data-for=else]`.

const WORDS = {
  zh: { right: '答对了！', wrong: '还不对。', choose: '请先选一个答案。', number: '请输入一个数，例如 0.05、-1.5、1e-3 或 1/8。' },
  en: { right: 'Correct!', wrong: 'Not quite.', choose: 'Choose an answer first.', number: 'Type a number, such as 0.05, -1.5, 1e-3 or 1/8.' },
};

/**
 * Read a typed number leniently: full-width digits, a Unicode minus, a decimal comma, `1e-3`, a fraction `1/8`
 * and a percentage `12.5%` are all accepted. Returns null when it is not a number.
 */
export function parseAnswer(raw) {
  let s = String(raw).normalize('NFKC').trim().replace(/[\u2212\u2013\u2014]/g, '-').replace(/\s+/g, '');
  if (!s) return null;
  if (/^-?\d+,\d+$/.test(s)) s = s.replace(',', '.');
  let scale = 1;
  if (s.endsWith('%')) {
    scale = 0.01;
    s = s.slice(0, -1);
  }
  const num = (t) => (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t) ? Number(t) : NaN);
  let v;
  const slash = s.indexOf('/');
  if (slash > 0) v = num(s.slice(0, slash)) / num(s.slice(slash + 1));
  else v = num(s);
  return Number.isFinite(v) ? v * scale : null;
}

/** Whether `v` matches `target` within the tolerance (with a hair of slack for rounding in the last digit). */
export function matches(v, target, tolerance, relative) {
  const slack = 1e-12 * Math.max(1, Math.abs(target));
  const allowed = relative ? tolerance * Math.abs(target) : tolerance;
  return Math.abs(v - target) <= allowed + slack;
}

function show(form, ok, html) {
  const words = WORDS[form.closest('[lang]')?.lang?.startsWith('zh') ? 'zh' : 'en'];
  const out = form.querySelector('.feedback');
  out.classList.toggle('correct', ok === true);
  out.classList.toggle('incorrect', ok === false);
  out.replaceChildren();
  if (ok !== null) {
    const verdict = document.createElement('span');
    verdict.className = 'verdict';
    verdict.textContent = ok ? words.right : words.wrong;
    out.append(verdict);
  }
  const body = document.createElement('span');
  // The feedback HTML is the page's own (built from the lesson source), copied from its hidden block.
  body.innerHTML = html;
  out.append(body);
}

function feedbackOf(form, selector) {
  return form.querySelector(selector)?.innerHTML ?? '';
}

function checkChoice(form, words) {
  const chosen = form.querySelector('input[type=radio]:checked');
  for (const label of form.querySelectorAll('.option')) label.classList.remove('correct', 'incorrect');
  if (!chosen) {
    show(form, null, words.choose);
    return null;
  }
  const ok = chosen.dataset.correct === 'true';
  chosen.closest('.option')?.classList.add(ok ? 'correct' : 'incorrect');
  show(form, ok, feedbackOf(form, `.fb[data-for="${chosen.value}"]`));
  return ok;
}

function checkNumeric(form, words) {
  const input = form.querySelector('input[name=answer]');
  const v = parseAnswer(input.value);
  if (v === null) {
    input.setAttribute('aria-invalid', 'true');
    show(form, null, words.number);
    return null;
  }
  input.removeAttribute('aria-invalid');
  const tol = Number(form.dataset.tolerance);
  const relative = form.dataset.relative === 'true';
  if (matches(v, Number(form.dataset.answer), tol, relative)) {
    show(form, true, feedbackOf(form, '.fb[data-for="answer"]'));
    return true;
  }
  for (const fb of form.querySelectorAll('.fb[data-for="wrong"]')) {
    if (matches(v, Number(fb.dataset.value), tol, relative)) {
      show(form, false, fb.innerHTML);
      return false;
    }
  }
  show(form, false, feedbackOf(form, '.fb[data-for="else"]'));
  return false;
}

/**
 * Wire every quick check under `root`. `onResult(checkId, correct)` is called after each answer.
 * Returns a function that removes the listeners.
 */
export function setupChecks(root, onResult = () => {}) {
  const forms = [...root.querySelectorAll('form.check')];
  const handler = (e) => {
    e.preventDefault();
    const form = e.currentTarget;
    const words = WORDS[form.closest('[lang]')?.lang?.startsWith('zh') ? 'zh' : 'en'];
    const ok = form.dataset.check === 'numeric' ? checkNumeric(form, words) : checkChoice(form, words);
    if (ok !== null) onResult(form.id, ok);
  };
  for (const f of forms) f.addEventListener('submit', handler);
  return () => forms.forEach((f) => f.removeEventListener('submit', handler));
}
