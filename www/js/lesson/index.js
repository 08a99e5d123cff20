// The course map (www/lessons/index.html): the language switch (both languages are in the page; boot.js picked one
// before the first paint), each lesson's progress, and a "continue where you left off" link.

import { chooseLang, loadProgress } from './store.js';

const html = document.documentElement;

function showLang(lang) {
  html.setAttribute('data-lang', lang);
  html.lang = lang === 'zh' ? 'zh-CN' : 'en';
}

showLang(html.getAttribute('data-lang') === 'zh' ? 'zh' : 'en');

for (const button of document.querySelectorAll('button.lang-switch[data-switch-lang]')) {
  button.addEventListener('click', () => {
    const lang = button.dataset.switchLang;
    chooseLang(lang);
    showLang(lang);
    // Keep the keyboard focus on the switch of the block now shown.
    document.querySelector(`[data-lang-block="${lang}"] button.lang-switch`)?.focus();
  });
}

const WORDS = {
  zh: { done: '✓ 已完成', checks: (a, b) => `小测验 ${a}/${b}`, started: '已开始', continue: (t) => `继续学习：${t}` },
  en: { done: '✓ done', checks: (a, b) => `checks ${a}/${b}`, started: 'started', continue: (t) => `Continue: ${t}` },
};

const progress = loadProgress();
for (const block of document.querySelectorAll('[data-lang-block]')) {
  const words = WORDS[block.dataset.langBlock] ?? WORDS.en;
  for (const item of block.querySelectorAll('.map-item[data-lesson]')) {
    const entry = progress.lessons[item.dataset.lesson];
    if (!entry?.visited) continue;
    const total = Number(item.dataset.checks) || 0;
    const right = Object.values(entry.checks ?? {}).filter(Boolean).length;
    const done = total > 0 && right >= total;
    item.classList.toggle('done', done);
    item.querySelector('.map-progress').textContent = done ? words.done : right > 0 ? words.checks(right, total) : words.started;
  }
  const last = progress.last && block.querySelector(`.map-item[data-lesson="${CSS.escape(progress.last)}"]`);
  if (last) {
    const a = last.querySelector('.map-title a');
    const section = progress.lessons[progress.last]?.section;
    const link = block.querySelector('.map-continue');
    const target = link.querySelector('a');
    target.href = a.getAttribute('href') + (section ? `#${section}` : '');
    target.textContent = words.continue(a.textContent.replace(/^\s*(Lesson \d+|第 \d+ 课):\s*/, ''));
    link.hidden = false;
  }
}
