// Build the lessons: lessons/NN-slug/{zh,en}.md -> www/lessons/NN-slug.{zh,en}.html, plus the course map
// www/lessons/index.html. Markdown by markdown-it, formulas by KaTeX at build time (throwOnError: a bad formula
// fails the build; no formula is left for the browser), custom blocks for "Try this", "Quick check" and
// "Common mistake", widget tags (<descent-surface>, <descent-schedule>) passed through as HTML.
//
//   node scripts/build-pages.mjs [--out DIR] [--quiet]
//
// A lesson source starts with front matter:
//   ---
//   id: gradient-descent        (same in both languages)
//   order: 2                    (its place in the course, 1..15)
//   title: Gradient descent
//   summary: One sentence for the course map.
//   widgets: [descent-surface, descent-schedule]   (the elements the page uses; checked against the body)
//   status: planned             (optional: listed as "coming soon" on the map, no page is built)
//   ---
// Every heading carries an explicit id, `## Too large a step {#too-large}`, and both languages must have the
// same ids in the same order, so the language switch keeps the reader's place. Blocks:
//   ::: try / ::: mistake / ::: note  ... :::          (Markdown inside)
//   ::: check   question, then `( ) option` / `(x) correct option`, each followed by `  -> feedback` lines
//   ::: check numeric   question, then `= 0.05 ~ 1e-6` (answer, absolute tolerance; `~ 1%` is relative),
//                       `!= 0.5` (a known wrong answer), `else`, each followed by `  -> feedback` lines
// The build fails, naming file and line, on any error: a bad formula, a heading without id, ids that differ
// between languages, an unclosed block, a check without a correct answer, invalid JSON in a widget attribute.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import MarkdownIt from 'markdown-it';
import katex from 'katex';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCES = path.join(REPO, 'lessons');
const WWW = path.join(REPO, 'www');
const LANGS = ['zh', 'en'];
const HTML_LANG = { zh: 'zh-CN', en: 'en' };
const COURSE_SIZE = 15;

/** Words the page template needs, per language. */
const UI = {
  zh: {
    langName: '中文',
    course: '课程目录',
    lesson: (n) => `第 ${n} 课`,
    lessonOf: (n, total) => `第 ${n} 课 · 共 ${total} 课`,
    contents: '本课内容',
    prev: '上一课',
    next: '下一课',
    backToMap: '回到课程目录',
    try: '试一试',
    check: '小测验',
    mistake: '常见错误',
    note: '说明',
    submit: '检查答案',
    yourAnswer: '你的答案',
    options: '选项',
    sectionLink: '本节链接',
    skip: '跳到正文',
    comingSoon: '即将推出',
    start: '开始学习',
    mapTitle: 'Descent：训练神经网络的数学',
    mapIntro:
      '一步一步看懂训练神经网络用到的数学：每一课先讲想法，再写出公式，然后用你亲手拖动的滑块把公式里的数字填进去。',
    mapHeading: '课程地图',
    playgrounds: '自由练习场',
    written: (n, total) => `共 ${total} 课，已写好 ${n} 课，其余的正在编写中。`,
    continue: '继续上次的位置',
    footer: 'Descent：在浏览器里用 WebAssembly 学习训练的数学。公式与 PyTorch、Keras 的实现逐项对照。',
  },
  en: {
    langName: 'English',
    course: 'Course map',
    lesson: (n) => `Lesson ${n}`,
    lessonOf: (n, total) => `Lesson ${n} of ${total}`,
    contents: 'In this lesson',
    prev: 'Previous',
    next: 'Next',
    backToMap: 'Back to the course map',
    try: 'Try this',
    check: 'Quick check',
    mistake: 'Common mistake',
    note: 'Note',
    submit: 'Check my answer',
    yourAnswer: 'Your answer',
    options: 'Options',
    sectionLink: 'Link to this section',
    skip: 'Skip to the lesson',
    comingSoon: 'coming soon',
    start: 'Start',
    mapTitle: 'Descent: the mathematics of training neural networks',
    mapIntro:
      'The mathematics of training a neural network, one step at a time: each lesson gives the idea, writes the formula, then fills the formula with numbers from sliders you move yourself.',
    mapHeading: 'Course map',
    playgrounds: 'Playgrounds',
    written: (n, total) => `${n} of ${total} lessons are written; the others are on their way.`,
    continue: 'Continue where you left off',
    footer:
      'Descent: the mathematics of training, in your browser with WebAssembly. Formulas checked against PyTorch and Keras.',
  },
};

/** The free-play pages linked from the course map (paths relative to www/). */
const PLAYGROUNDS = [
  { href: 'playground.html', zh: ['损失曲面', '几个优化器从同一点出发，在同一个曲面上比赛下山。'], en: ['Loss surfaces', 'optimizers race down the same surface from the same start.'] },
  { href: 'network.html', zh: ['小型神经网络', '在浏览器里训练网络，看决策边界一步步成形。'], en: ['Tiny networks', 'train a network in the browser and watch its decision boundary form.'] },
  { href: 'search.html', zh: ['超参数搜索', '网格、随机与贝叶斯优化在同一预算下并排比较。'], en: ['Hyperparameter search', 'grid, random and Bayesian optimization side by side on one budget.'] },
  { href: 'gallery.html', zh: ['组件库', '每个组件的属性表和嵌入代码，供教师放进自己的课程页面。'], en: ['Widget gallery', 'every widget with its attributes and embed code, for course pages.'] },
];

/** Element names a lesson may embed (each registered by www/descent.js). */
const WIDGETS = new Set(['descent-surface', 'descent-schedule', 'descent-network', 'descent-search', 'descent-batchnorm']);
/** Widget attributes that hold JSON. */
const JSON_ATTRS = new Set(['schedule', 'compare', 'runs', 'subtractive', 'metrics']);

class BuildError extends Error {}

function fail(file, line, message) {
  const where = line ? `${path.relative(REPO, file)}:${line}` : path.relative(REPO, file);
  throw new BuildError(`${where}: ${message}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Front matter: `key: value` lines; a value is a string (quotes optional), a number, or a list `[a, b]`.

export function parseFrontMatter(text, file) {
  if (!text.startsWith('---\n')) fail(file, 1, 'front matter missing (the file must start with a line "---")');
  const end = text.indexOf('\n---\n', 3);
  if (end < 0) fail(file, 1, 'front matter not closed (a line "---" must end it)');
  const meta = {};
  const lines = text.slice(4, end).split('\n');
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const m = /^([a-z_]+):\s*(.*)$/.exec(line);
    if (!m) fail(file, i + 2, `front matter: expected "key: value", got ${JSON.stringify(raw)}`);
    const [, key, value] = m;
    if (key in meta) fail(file, i + 2, `front matter: "${key}" given twice`);
    meta[key] = parseScalarOrList(value);
  });
  const bodyStart = end + 5;
  const bodyLine = text.slice(0, bodyStart).split('\n').length;
  return { meta, body: text.slice(bodyStart), bodyLine };
}

function parseScalarOrList(v) {
  if (v.startsWith('[') && v.endsWith(']')) {
    const inner = v.slice(1, -1).trim();
    return inner ? inner.split(',').map((s) => parseScalar(s.trim())) : [];
  }
  return parseScalar(v);
}

function parseScalar(v) {
  if ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'"))) return v.slice(1, -1);
  if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  return v;
}

// ---------------------------------------------------------------------------------------------------------------
// Markdown with KaTeX, heading ids and the lesson blocks.

function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

function renderTex(tex, displayMode, env, line) {
  try {
    return katex.renderToString(tex, { displayMode, throwOnError: true, strict: 'error', trust: false, output: 'htmlAndMathml' });
  } catch (err) {
    fail(env.file, env.lineOffset + (line ?? 0), `KaTeX: ${err.message} in ${JSON.stringify(tex)}`);
  }
}

/** `$...$` inline math: no space just inside the dollars, no digit right after the closing one, `\$` escapes. */
function mathInline(state, silent) {
  const src = state.src;
  if (src.charCodeAt(state.pos) !== 0x24 /* $ */) return false;
  const start = state.pos + 1;
  if (start >= state.posMax || /\s|\$/.test(src[start])) return false;
  let end = start;
  for (;;) {
    end = src.indexOf('$', end);
    if (end < 0 || end >= state.posMax + 1) return false;
    let backslashes = 0;
    for (let p = end - 1; p >= start && src[p] === '\\'; p--) backslashes++;
    if (backslashes % 2 === 0) break;
    end += 1;
  }
  if (end > state.posMax || /\s/.test(src[end - 1]) || /\d/.test(src[end + 1] ?? '')) return false;
  if (!silent) {
    const token = state.push('math_inline', 'math', 0);
    token.content = src.slice(start, end);
  }
  state.pos = end + 1;
  return true;
}

/** `$$ ... $$` display math, on its own lines (or one line `$$ x $$`). */
function mathBlock(state, startLine, endLine, silent) {
  const lineText = (n) => state.src.slice(state.bMarks[n] + state.tShift[n], state.eMarks[n]);
  if (state.sCount[startLine] - state.blkIndent >= 4) return false;
  const first = lineText(startLine);
  if (!first.startsWith('$$')) return false;
  if (silent) return true;
  let content;
  let last = startLine;
  const rest = first.slice(2);
  if (rest.trim().endsWith('$$') && rest.trim().length >= 2) {
    content = rest.trim().slice(0, -2);
  } else {
    const parts = [rest];
    for (last = startLine + 1; last < endLine; last++) {
      const t = lineText(last);
      if (t.trim().endsWith('$$')) {
        parts.push(t.trim().slice(0, -2));
        break;
      }
      parts.push(t);
    }
    if (last >= endLine) fail(state.env.file, state.env.lineOffset + startLine + 1, 'display formula "$$" not closed');
    content = parts.join('\n');
  }
  const token = state.push('math_block', 'math', 0);
  token.content = content.trim();
  token.map = [startLine, last + 1];
  token.block = true;
  state.line = last + 1;
  return true;
}

/** `::: name args` ... `:::` blocks. */
function containerBlock(state, startLine, endLine, silent) {
  const lineText = (n) => state.src.slice(state.bMarks[n] + state.tShift[n], state.eMarks[n]);
  if (state.sCount[startLine] - state.blkIndent >= 4) return false;
  const m = /^:::\s*([a-z]+)\s*(.*)$/.exec(lineText(startLine));
  if (!m) return false;
  if (silent) return true;
  const [, name, args] = m;
  const env = state.env;
  const at = env.lineOffset + startLine + 1;
  if (!['try', 'mistake', 'note', 'check'].includes(name)) fail(env.file, at, `unknown block "::: ${name}"`);
  let close = startLine + 1;
  for (; close < endLine; close++) {
    if (/^:::\s*$/.test(lineText(close)) && state.sCount[close] === state.blkIndent) break;
    if (/^:::\s*[a-z]/.test(lineText(close))) fail(env.file, env.lineOffset + close + 1, `"::: ${name}" (line ${at}) is not closed before this block`);
  }
  if (close >= endLine) fail(env.file, at, `"::: ${name}" is not closed (a line ":::" must end it)`);

  if (name === 'check') {
    const raw = [];
    for (let n = startLine + 1; n < close; n++) raw.push(state.src.slice(state.bMarks[n], state.eMarks[n]));
    const token = state.push('lesson_check', 'form', 0);
    token.meta = parseCheck(raw, args.trim(), env, startLine + 2);
    token.map = [startLine, close + 1];
    token.block = true;
  } else {
    const open = state.push('lesson_block_open', 'aside', 1);
    open.info = name;
    open.map = [startLine, close + 1];
    open.block = true;
    const oldParent = state.parentType;
    const oldLineMax = state.lineMax;
    state.parentType = 'lesson_block';
    state.lineMax = close;
    state.md.block.tokenize(state, startLine + 1, close);
    state.parentType = oldParent;
    state.lineMax = oldLineMax;
    const closeToken = state.push('lesson_block_close', 'aside', -1);
    closeToken.block = true;
  }
  state.line = close + 1;
  return true;
}

/** The quick-check mini syntax (see the header). `firstLine` is the block's first content line (0-based + 1). */
function parseCheck(lines, args, env, firstLine) {
  const kind = args === 'numeric' ? 'numeric' : args === '' ? 'choice' : null;
  const at = (i) => env.lineOffset + firstLine + i;
  if (!kind) fail(env.file, at(-1), `"::: check ${args}": use "::: check" (multiple choice) or "::: check numeric"`);
  const question = [];
  const items = [];
  let inAnswers = false;
  lines.forEach((line, i) => {
    const t = line.trim();
    const option = /^\((x| )\)\s+(.+)$/.exec(t);
    const feedback = /^->\s*(.*)$/.exec(t);
    const answer = /^=\s*(\S+)(?:\s*~\s*(\S+))?$/.exec(t);
    const wrong = /^!=\s*(\S+)$/.exec(t);
    if (kind === 'choice' && option && !/^\s/.test(line)) {
      inAnswers = true;
      items.push({ text: option[2], correct: option[1] === 'x', feedback: [] });
    } else if (kind === 'numeric' && (answer || wrong || t === 'else') && !/^\s/.test(line)) {
      inAnswers = true;
      if (answer) {
        const value = Number(answer[1]);
        if (!Number.isFinite(value)) fail(env.file, at(i), `numeric answer ${JSON.stringify(answer[1])} is not a number`);
        const tol = answer[2] ?? '0';
        const relative = tol.endsWith('%');
        const tolValue = Number(relative ? tol.slice(0, -1) : tol);
        if (!Number.isFinite(tolValue) || tolValue < 0) fail(env.file, at(i), `tolerance ${JSON.stringify(tol)} is not a number >= 0`);
        items.push({ kind: 'answer', value: answer[1], tolerance: relative ? `${tolValue / 100}` : `${tolValue}`, relative, feedback: [] });
      } else if (wrong) {
        if (!Number.isFinite(Number(wrong[1]))) fail(env.file, at(i), `"!= ${wrong[1]}" is not a number`);
        items.push({ kind: 'wrong', value: wrong[1], feedback: [] });
      } else {
        items.push({ kind: 'else', feedback: [] });
      }
    } else if (inAnswers && feedback) {
      if (!items.length) fail(env.file, at(i), '"->" feedback before any option');
      items[items.length - 1].feedback.push(feedback[1]);
    } else if (inAnswers && t) {
      fail(env.file, at(i), `in a check, after the options only "( )", "(x)", "= n", "!= n", "else" and "-> feedback" lines may follow; got ${JSON.stringify(t)}`);
    } else if (!inAnswers) {
      question.push(line);
    }
  });
  if (!question.join('').trim()) fail(env.file, at(-1), 'a check needs a question before its options');
  if (kind === 'choice') {
    if (items.length < 2) fail(env.file, at(-1), 'a multiple-choice check needs at least two options');
    if (!items.some((o) => o.correct)) fail(env.file, at(-1), 'a multiple-choice check needs a correct option "(x)"');
  } else {
    if (items.filter((o) => o.kind === 'answer').length !== 1) fail(env.file, at(-1), 'a numeric check needs exactly one "= answer" line');
    if (!items.some((o) => o.kind === 'else')) fail(env.file, at(-1), 'a numeric check needs an "else" line with a hint');
  }
  for (const item of items) {
    if (!item.feedback.length) fail(env.file, at(-1), `every option and answer of a check needs "-> feedback" (missing for ${JSON.stringify(item.text ?? item.value ?? 'else')})`);
  }
  return { kind, question: question.join('\n'), items };
}

/** `## Heading {#id}` -> id attribute; every heading must have one. Collects the sections for the contents. */
function headingIds(state) {
  const tokens = state.tokens;
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i].type !== 'heading_open') continue;
    const inline = tokens[i + 1];
    const line = state.env.lineOffset + (tokens[i].map?.[0] ?? 0) + 1;
    const m = /\s*\{#([a-z0-9][a-z0-9-]*)\}\s*$/.exec(inline.content);
    if (tokens[i].tag === 'h1') fail(state.env.file, line, 'no "#" headings in the body: the title comes from the front matter');
    if (!m) fail(state.env.file, line, `heading ${JSON.stringify(inline.content)} needs an id: "${inline.content} {#some-id}"`);
    const id = m[1];
    if (state.env.ids.has(id)) fail(state.env.file, line, `heading id "${id}" used twice`);
    state.env.ids.add(id);
    inline.content = inline.content.slice(0, m.index);
    tokens[i].attrSet('id', id);
    if (tokens[i].tag === 'h2') state.env.sections.push({ id, text: inline.content });
    state.env.headings.push({ id, tag: tokens[i].tag });
  }
}

function createMarkdown(lang) {
  const ui = UI[lang];
  const md = new MarkdownIt({ html: true, linkify: false, typographer: false });
  md.inline.ruler.after('escape', 'math_inline', mathInline);
  md.block.ruler.before('fence', 'math_block', mathBlock, { alt: ['paragraph', 'reference', 'blockquote', 'list'] });
  md.block.ruler.before('fence', 'lesson_container', containerBlock, { alt: ['paragraph', 'reference', 'blockquote', 'list'] });
  md.core.ruler.after('block', 'heading_ids', headingIds);

  md.renderer.rules.math_inline = (tokens, i, _o, env) => renderTex(tokens[i].content, false, env);
  md.renderer.rules.math_block = (tokens, i, _o, env) =>
    `<div class="math-display">${renderTex(tokens[i].content, true, env, tokens[i].map?.[0])}</div>\n`;

  const defaultHeadingClose = md.renderer.rules.heading_close ?? ((t, i, o, _e, self) => self.renderToken(t, i, o));
  md.renderer.rules.heading_close = (tokens, i, options, env, self) => {
    const open = tokens[i - 2];
    const id = open?.attrGet('id');
    const anchor = id ? ` <a class="anchor" href="#${id}" aria-label="${escapeHtml(ui.sectionLink)}">#</a>` : '';
    return anchor + defaultHeadingClose(tokens, i, options, env, self);
  };

  md.renderer.rules.lesson_block_open = (tokens, i) => {
    const name = tokens[i].info;
    return `<aside class="block block-${name}" aria-label="${escapeHtml(ui[name])}">\n<p class="block-label">${escapeHtml(ui[name])}</p>\n`;
  };
  md.renderer.rules.lesson_block_close = () => '</aside>\n';

  md.renderer.rules.lesson_check = (tokens, i, _o, env) => {
    env.checkCount += 1;
    const id = `check-${env.checkCount}`;
    const { kind, question, items } = tokens[i].meta;
    const q = md.render(question, env);
    const fb = (item) => item.feedback.map((f) => md.renderInline(f, env)).join(' ');
    let body = '';
    if (kind === 'choice') {
      body += `<fieldset class="options"><legend class="visually-hidden">${escapeHtml(ui.options)}</legend>\n`;
      items.forEach((item, k) => {
        body +=
          `<label class="option"><input type="radio" name="${id}" value="${k}" data-correct="${item.correct}"> ` +
          `<span>${md.renderInline(item.text, env)}</span></label>\n`;
      });
      body += '</fieldset>\n';
      items.forEach((item, k) => {
        body += `<div class="fb" data-for="${k}" hidden>${fb(item)}</div>\n`;
      });
    } else {
      const answer = items.find((o) => o.kind === 'answer');
      body += `<label class="numeric">${escapeHtml(ui.yourAnswer)} <input type="text" name="answer" inputmode="decimal" autocomplete="off" spellcheck="false"></label>\n`;
      for (const item of items) {
        const value = item.kind === 'else' ? '' : ` data-value="${escapeHtml(item.value)}"`;
        body += `<div class="fb" data-for="${item.kind}"${value} hidden>${fb(item)}</div>\n`;
      }
      tokens[i].meta.answerAttrs = ` data-answer="${escapeHtml(answer.value)}" data-tolerance="${answer.tolerance}" data-relative="${answer.relative}"`;
    }
    const attrs = tokens[i].meta.answerAttrs ?? '';
    return (
      `<form class="check" id="${id}" data-check="${kind}"${attrs} novalidate>\n` +
      `<p class="block-label">${escapeHtml(ui.check)}</p>\n<div class="question">${q}</div>\n${body}` +
      `<button type="submit">${escapeHtml(ui.submit)}</button>\n<div class="feedback" role="status" aria-live="polite"></div>\n</form>\n`
    );
  };
  return md;
}

// ---------------------------------------------------------------------------------------------------------------
// Widgets: check the tags a lesson embeds.

function checkWidgets(html, meta, file) {
  const used = new Set();
  for (const m of html.matchAll(/<(descent-[a-z-]+)\b([^>]*)>/g)) {
    const [, name, attrs] = m;
    if (!WIDGETS.has(name)) fail(file, 0, `unknown widget <${name}>`);
    used.add(name);
    for (const a of attrs.matchAll(/([a-z-]+)\s*=\s*(?:'([^']*)'|"([^"]*)")/g)) {
      const [, key, single, double] = a;
      const value = (single ?? double).replace(/&quot;/g, '"').replace(/&amp;/g, '&');
      if (JSON_ATTRS.has(key)) {
        try {
          JSON.parse(value);
        } catch (err) {
          fail(file, 0, `<${name} ${key}='...'>: not valid JSON (${err.message}): ${value}`);
        }
      }
    }
  }
  if (/<p>\s*<descent-/.test(html)) fail(file, 0, 'a widget tag ended up inside a paragraph: put it on its own line, with a blank line before it and its closing tag on the next line');
  const declared = new Set(meta.widgets ?? []);
  for (const w of used) if (!declared.has(w)) fail(file, 0, `front matter "widgets" does not list <${w}>, which the lesson uses`);
  for (const w of declared) if (!used.has(w)) fail(file, 0, `front matter "widgets" lists ${w}, which the lesson does not use`);
}

// ---------------------------------------------------------------------------------------------------------------
// Reading the course.

function readCourse() {
  const dirs = fs
    .readdirSync(SOURCES, { withFileTypes: true })
    .filter((d) => d.isDirectory() && /^\d\d-[a-z0-9-]+$/.test(d.name))
    .map((d) => d.name)
    .sort();
  const lessons = [];
  for (const dir of dirs) {
    const lesson = { dir, slug: dir, langs: {} };
    for (const lang of LANGS) {
      const file = path.join(SOURCES, dir, `${lang}.md`);
      if (!fs.existsSync(file)) fail(path.join(SOURCES, dir), 0, `missing ${lang}.md (every lesson has both languages)`);
      const text = fs.readFileSync(file, 'utf8').replace(/\r\n/g, '\n');
      const { meta, body, bodyLine } = parseFrontMatter(text, file);
      for (const key of ['id', 'order', 'title', 'summary']) if (meta[key] === undefined || meta[key] === '') fail(file, 1, `front matter needs "${key}"`);
      const allowed = new Set(['id', 'order', 'title', 'summary', 'widgets', 'status']);
      for (const key of Object.keys(meta)) if (!allowed.has(key)) fail(file, 1, `front matter: unknown key "${key}"`);
      if (!Number.isInteger(meta.order) || meta.order < 1 || meta.order > COURSE_SIZE) fail(file, 1, `order must be 1..${COURSE_SIZE}`);
      if (Number(dir.slice(0, 2)) !== meta.order) fail(file, 1, `order ${meta.order} does not match the folder name ${dir}`);
      if (meta.status !== undefined && meta.status !== 'planned') fail(file, 1, 'status may only be "planned"');
      if (meta.widgets !== undefined && !Array.isArray(meta.widgets)) fail(file, 1, 'widgets must be a list [a, b]');
      lesson.langs[lang] = { file, meta, body, bodyLine };
    }
    const [a, b] = LANGS.map((l) => lesson.langs[l].meta);
    for (const key of ['id', 'order', 'status']) {
      if (a[key] !== b[key]) fail(lesson.langs.en.file, 1, `"${key}" differs between zh.md (${a[key]}) and en.md (${b[key]})`);
    }
    if (String(a.widgets ?? '') !== String(b.widgets ?? '')) fail(lesson.langs.en.file, 1, '"widgets" differs between zh.md and en.md');
    lesson.id = a.id;
    lesson.order = a.order;
    lesson.planned = a.status === 'planned';
    if (lesson.planned) {
      for (const lang of LANGS) if (lesson.langs[lang].body.trim()) fail(lesson.langs[lang].file, 0, 'a planned lesson has front matter only (no body)');
    }
    lessons.push(lesson);
  }
  const orders = lessons.map((l) => l.order);
  for (let n = 1; n <= COURSE_SIZE; n++) {
    if (orders.filter((o) => o === n).length !== 1) fail(SOURCES, 0, `the course needs exactly one lesson with order ${n} (found ${orders.filter((o) => o === n).length})`);
  }
  const ids = new Set();
  for (const l of lessons) {
    if (ids.has(l.id)) fail(l.langs.en.file, 1, `lesson id "${l.id}" used twice`);
    ids.add(l.id);
  }
  return lessons;
}

function renderLesson(lesson, lang) {
  const src = lesson.langs[lang];
  const md = createMarkdown(lang);
  const env = { file: src.file, lineOffset: src.bodyLine - 1, ids: new Set(), sections: [], headings: [], checkCount: 0 };
  const html = md.render(src.body, env);
  checkWidgets(html, src.meta, src.file);
  if (env.checkCount === 0) fail(src.file, 0, 'a lesson needs at least one quick check');
  if (env.sections.length === 0) fail(src.file, 0, 'a lesson needs sections ("## Heading {#id}")');
  const titleHtml = md.renderInline(src.meta.title, env);
  const summaryHtml = md.renderInline(src.meta.summary, env);
  const sections = env.sections.map((s) => ({ id: s.id, html: md.renderInline(s.text, env) }));
  return { html, env, sections, titleHtml, summaryHtml, title: src.meta.title };
}

// ---------------------------------------------------------------------------------------------------------------
// Pages.

const pageName = (lesson, lang) => `${lesson.slug}.${lang}.html`;

function stripTags(html) {
  return html
    .replace(/<annotation[\s\S]*?<\/annotation>/g, '')
    .replace(/<span class="katex-html"[\s\S]*?<\/span><\/span><\/span>/g, '')
    .replace(/<[^>]+>/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function head({ lang, title, description, alternates, extraHead = '', assets = '../' }) {
  return `<!doctype html>
<html lang="${HTML_LANG[lang]}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)}</title>
<meta name="description" content="${escapeHtml(description)}">
${alternates}<link rel="stylesheet" href="${assets}vendor/katex/katex.min.css">
<link rel="stylesheet" href="${assets}css/lesson.css">
${extraHead}</head>
`;
}

function lessonPage(course, lesson, lang, rendered, written) {
  const ui = UI[lang];
  const other = LANGS.find((l) => l !== lang);
  const pos = written.indexOf(lesson);
  const prev = written[pos - 1];
  const next = written[pos + 1];
  const link = (l, rel) =>
    `<a rel="${rel}" href="${pageName(l, lang)}"><span class="pager-dir">${rel === 'prev' ? `← ${ui.prev}` : `${ui.next} →`}</span>` +
    `<span class="pager-title">${escapeHtml(ui.lesson(l.order))} · ${l.rendered[lang].titleHtml}</span></a>`;
  const prevHtml = prev
    ? link(prev, 'prev')
    : `<a rel="prev" href="index.html"><span class="pager-dir">← ${escapeHtml(ui.course)}</span><span class="pager-title">${escapeHtml(ui.backToMap)}</span></a>`;
  const nextHtml = next
    ? link(next, 'next')
    : `<a rel="next" href="index.html"><span class="pager-dir">${escapeHtml(ui.course)} →</span><span class="pager-title">${escapeHtml(ui.backToMap)}</span></a>`;
  const toc = rendered.sections.map((s) => `<li><a href="#${s.id}">${s.html}</a></li>`).join('\n');
  const alternates = LANGS.map((l) => `<link rel="alternate" hreflang="${HTML_LANG[l]}" href="${pageName(lesson, l)}">\n`).join('');
  const scripts = `<script src="../js/lesson/boot.js"></script>\n<script type="module" src="../descent.js"></script>\n<script type="module" src="../js/lesson/lesson.js"></script>\n`;
  return (
    head({
      lang,
      title: `${ui.lesson(lesson.order)} · ${rendered.title} — Descent`,
      description: stripTags(rendered.summaryHtml),
      alternates,
      extraHead: scripts,
    }) +
    `<body class="lesson-page" data-lesson="${escapeHtml(lesson.id)}" data-lang="${lang}" data-checks="${rendered.env.checkCount}">
<a class="skip" href="#content">${escapeHtml(ui.skip)}</a>
<header class="site">
<a class="brand" href="index.html">Descent</a>
<nav class="crumbs" aria-label="${escapeHtml(ui.course)}"><a href="index.html">${escapeHtml(ui.course)}</a> <span aria-hidden="true">›</span> <span>${escapeHtml(ui.lesson(lesson.order))}</span></nav>
<a class="lang-switch" href="${pageName(lesson, other)}" hreflang="${HTML_LANG[other]}" lang="${HTML_LANG[other]}" data-switch-lang="${other}">${escapeHtml(UI[other].langName)}</a>
</header>
<div class="layout">
<nav class="toc" aria-labelledby="toc-title">
<p id="toc-title" class="toc-title">${escapeHtml(ui.contents)}</p>
<ol>
${toc}
</ol>
</nav>
<main id="content">
<article class="lesson">
<p class="kicker">${escapeHtml(ui.lessonOf(lesson.order, course.length))}</p>
<h1>${rendered.titleHtml}</h1>
<p class="summary">${rendered.summaryHtml}</p>
${rendered.html}</article>
<nav class="pager" aria-label="${escapeHtml(ui.prev)} / ${escapeHtml(ui.next)}">
${prevHtml}
${nextHtml}
</nav>
</main>
</div>
<footer class="site"><p>${escapeHtml(ui.footer)}</p></footer>
</body>
</html>
`
  );
}

/**
 * The course map. `root`: the copy at www/index.html (the site's landing page), whose links reach the lessons in
 * lessons/ and whose assets sit beside it; otherwise www/lessons/index.html.
 */
function indexPage(course, written, { root = false } = {}) {
  const lessons = root ? 'lessons/' : '';
  const assets = root ? '' : '../';
  const blocks = LANGS.map((lang) => {
    const ui = UI[lang];
    const items = course
      .map((lesson) => {
        const meta = lesson.langs[lang].meta;
        const md = createMarkdown(lang);
        const env = { file: lesson.langs[lang].file, lineOffset: 0 };
        const title = md.renderInline(meta.title, env);
        const summary = md.renderInline(meta.summary, env);
        const num = `<span class="map-num" aria-hidden="true">${lesson.order}</span>`;
        if (lesson.planned) {
          return (
            `<li class="map-item planned">${num}<div class="map-body"><p class="map-title"><span class="visually-hidden">${escapeHtml(ui.lesson(lesson.order))}: </span>${title} ` +
            `<span class="soon">${escapeHtml(ui.comingSoon)}</span></p><p class="map-summary">${summary}</p></div></li>`
          );
        }
        return (
          `<li class="map-item" data-lesson="${escapeHtml(lesson.id)}" data-checks="${lesson.rendered[lang].env.checkCount}">${num}<div class="map-body">` +
          `<p class="map-title"><a href="${lessons}${pageName(lesson, lang)}"><span class="visually-hidden">${escapeHtml(ui.lesson(lesson.order))}: </span>${title}</a>` +
          ` <span class="map-progress" aria-live="polite"></span></p><p class="map-summary">${summary}</p></div></li>`
        );
      })
      .join('\n');
    const other = LANGS.find((l) => l !== lang);
    return `<div class="lang-block" data-lang-block="${lang}" lang="${HTML_LANG[lang]}">
<header class="site">
<span class="brand">Descent</span>
<button type="button" class="lang-switch" data-switch-lang="${other}" lang="${HTML_LANG[other]}">${escapeHtml(UI[other].langName)}</button>
</header>
<main class="map" id="content-${lang}">
<h1>${escapeHtml(ui.mapTitle)}</h1>
<p class="summary">${escapeHtml(ui.mapIntro)}</p>
<p class="map-continue" hidden><a href="#"></a></p>
<h2>${escapeHtml(ui.mapHeading)}</h2>
<p class="map-note">${escapeHtml(ui.written(written.length, course.length))}</p>
<ol class="course-map">
${items}
</ol>
<h2>${escapeHtml(ui.playgrounds)}</h2>
<ul class="playgrounds">
${PLAYGROUNDS.map((p) => `<li><a href="${assets}${p.href}">${escapeHtml(p[lang][0])}</a>: ${escapeHtml(p[lang][1])}</li>`).join('\n')}
</ul>
</main>
<footer class="site"><p>${escapeHtml(ui.footer)}</p></footer>
</div>`;
  }).join('\n');
  // A tiny external classic script in <head> picks the language before the first paint (no inline script).
  return (
    head({
      lang: 'zh',
      title: 'Descent — 课程目录 · Course map',
      description: `${UI.zh.mapIntro} ${UI.en.mapIntro}`,
      alternates: '',
      extraHead: `<script src="${assets}js/lesson/boot.js"></script>\n<script type="module" src="${assets}js/lesson/index.js"></script>\n`,
      assets,
    }) +
    `<body class="index-page">
${blocks}
</body>
</html>
`
  );
}

// ---------------------------------------------------------------------------------------------------------------
// KaTeX's stylesheet and fonts (www/vendor/katex is normally made by scripts/copy-vendor.mjs).

function ensureKatexAssets() {
  const dest = path.join(WWW, 'vendor', 'katex');
  if (fs.existsSync(path.join(dest, 'katex.min.css')) && fs.existsSync(path.join(dest, 'fonts'))) return false;
  const dist = path.join(REPO, 'node_modules', 'katex', 'dist');
  fs.mkdirSync(path.join(dest, 'fonts'), { recursive: true });
  fs.copyFileSync(path.join(dist, 'katex.min.css'), path.join(dest, 'katex.min.css'));
  for (const f of fs.readdirSync(path.join(dist, 'fonts'))) fs.copyFileSync(path.join(dist, 'fonts', f), path.join(dest, 'fonts', f));
  return true;
}

// ---------------------------------------------------------------------------------------------------------------

export function build({ out = path.join(WWW, 'lessons'), quiet = false } = {}) {
  const course = readCourse().sort((a, b) => a.order - b.order);
  const written = course.filter((l) => !l.planned);
  for (const lesson of written) {
    lesson.rendered = {};
    for (const lang of LANGS) lesson.rendered[lang] = renderLesson(lesson, lang);
    const [zh, en] = LANGS.map((l) => lesson.rendered[l]);
    const idsOf = (r) => r.env.headings.map((h) => `${h.tag}#${h.id}`).join(' ');
    if (idsOf(zh) !== idsOf(en)) {
      fail(lesson.langs.en.file, 0, `section ids differ between languages (the switch could not keep the place):\n  zh: ${idsOf(zh)}\n  en: ${idsOf(en)}`);
    }
    if (zh.env.checkCount !== en.env.checkCount) fail(lesson.langs.en.file, 0, `zh has ${zh.env.checkCount} quick checks, en has ${en.env.checkCount}`);
  }
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  let pages = 0;
  for (const lesson of written) {
    for (const lang of LANGS) {
      fs.writeFileSync(path.join(out, pageName(lesson, lang)), lessonPage(course, lesson, lang, lesson.rendered[lang], written));
      pages++;
    }
  }
  fs.writeFileSync(path.join(out, 'index.html'), indexPage(course, written));
  // The landing page of the site (npm start serves www/): the same course map, one folder up.
  if (path.resolve(out) === path.join(WWW, 'lessons')) fs.writeFileSync(path.join(WWW, 'index.html'), indexPage(course, written, { root: true }));
  const copied = ensureKatexAssets();
  const manifest = written.map((l) => ({ id: l.id, order: l.order, pages: Object.fromEntries(LANGS.map((g) => [g, pageName(l, g)])), checks: l.rendered.en.env.checkCount, sections: l.rendered.en.sections.map((s) => s.id), widgets: l.langs.en.meta.widgets ?? [] }));
  fs.writeFileSync(path.join(out, 'lessons.json'), JSON.stringify({ lessons: manifest, planned: course.filter((l) => l.planned).map((l) => l.order) }, null, 2) + '\n');
  if (!quiet) {
    console.log(`build-pages: ${pages} lesson pages (${written.length} lessons x ${LANGS.length} languages), ${course.length - written.length} lessons coming soon, index.html${copied ? ', copied KaTeX assets to www/vendor/katex' : ''}`);
  }
  return { course, written, manifest };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const outIdx = args.indexOf('--out');
  try {
    build({ out: outIdx >= 0 ? path.resolve(args[outIdx + 1]) : undefined, quiet: args.includes('--quiet') });
  } catch (err) {
    if (err instanceof BuildError) {
      console.error(`build-pages: error: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
}
