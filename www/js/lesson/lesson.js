// The page-side script of a lesson page (www/lessons/NN-slug.{zh,en}.html): quick checks, the language switch that
// keeps the reader's section, the contents highlight, progress, and the small demos some lessons embed.
// Loaded as an external module (no inline script, so pages work under `script-src 'self' 'wasm-unsafe-eval'`).

import { setupChecks } from './checks.js';
import { browserLang, chosenLang, chooseLang, updateLesson } from './store.js';
import { setupDemos } from './demos.js';

const body = document.body;
const lessonId = body.dataset.lesson;
const lang = body.dataset.lang;

/** Section headings in page order (h2 and h3 with ids). */
const headings = [...document.querySelectorAll('.lesson h2[id], .lesson h3[id]')];

/** The id of the section the reader is in: the last heading above the top fifth of the window ('' at the top). */
export function currentSection() {
  const line = Math.min(window.innerHeight * 0.2, 160);
  let id = '';
  for (const h of headings) {
    if (h.getBoundingClientRect().top <= line) id = h.id;
    else break;
  }
  return id;
}

// ----- language switch: same section in the other language, and remember the choice -----

const switchLink = document.querySelector('a.lang-switch[data-switch-lang]');
if (switchLink) {
  const base = switchLink.getAttribute('href');
  const target = () => {
    const id = currentSection();
    return id ? `${base}#${id}` : base;
  };
  // Keep the href right for middle-click / copy link too.
  const refresh = () => switchLink.setAttribute('href', target());
  switchLink.addEventListener('focus', refresh);
  switchLink.addEventListener('pointerenter', refresh);
  switchLink.addEventListener('click', (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    chooseLang(switchLink.dataset.switchLang);
    window.location.assign(target());
  });

  // The reader has not chosen a language and the browser prefers the other one: offer it, without moving them.
  if (!chosenLang() && browserLang() !== lang) {
    const hint = document.createElement('p');
    hint.className = 'lang-hint';
    hint.lang = switchLink.lang;
    const a = document.createElement('a');
    a.href = base;
    a.textContent = browserLang() === 'zh' ? '本课也有中文版，点此阅读 →' : 'This lesson is also in English →';
    a.addEventListener('click', (e) => {
      e.preventDefault();
      chooseLang(switchLink.dataset.switchLang);
      window.location.assign(target());
    });
    hint.append(a);
    document.querySelector('header.site')?.after(hint);
  }
}

// ----- a linked section stays in place while the widgets above it lay themselves out -----

/**
 * Widgets and fonts above a linked section (#id) change size as they load, which would push the section out of view.
 * Until the reader scrolls, types or touches, keep the target heading where the link put it: every layout change
 * re-pins it, and the pinning ends once the layout has been still for 1.5 s (or after 15 s at most).
 */
function pinLinkedSection() {
  const id = decodeURIComponent(window.location.hash.slice(1));
  const target = id ? document.getElementById(id) : null;
  if (!target || typeof ResizeObserver !== 'function') return;
  let stopped = false;
  let quiet = 0;
  const events = ['wheel', 'touchstart', 'keydown', 'pointerdown'];
  const stop = () => {
    if (stopped) return;
    stopped = true;
    ro.disconnect();
    clearTimeout(quiet);
    clearTimeout(hardStop);
    for (const type of events) window.removeEventListener(type, stop, true);
  };
  const settleLater = () => {
    clearTimeout(quiet);
    quiet = setTimeout(stop, 1500);
  };
  const ro = new ResizeObserver(() => {
    if (stopped) return;
    target.scrollIntoView({ block: 'start' });
    settleLater();
  });
  ro.observe(document.querySelector('main') ?? document.body);
  for (const type of events) window.addEventListener(type, stop, { capture: true, passive: true });
  const hardStop = setTimeout(stop, 15000);
  settleLater();
}
pinLinkedSection();

// ----- contents highlight and progress (the section the reader is in) -----

const tocLinks = new Map([...document.querySelectorAll('.toc a[href^="#"]')].map((a) => [a.getAttribute('href').slice(1), a]));
let shownSection = null;
let saveTimer = 0;

function onScroll() {
  const id = currentSection();
  if (id === shownSection) return;
  shownSection = id;
  // The contents lists h2 only: highlight the h2 that holds the current heading.
  let h2 = id;
  const el = id ? document.getElementById(id) : null;
  if (el && el.tagName === 'H3') {
    const i = headings.indexOf(el);
    for (let k = i; k >= 0; k--) if (headings[k].tagName === 'H2') {
      h2 = headings[k].id;
      break;
    }
  }
  for (const [key, a] of tocLinks) a.setAttribute('aria-current', String(key === h2));
  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => updateLesson(lessonId, (entry) => (entry.section = id || null)), 400);
}

let ticking = false;
window.addEventListener(
  'scroll',
  () => {
    if (ticking) return;
    ticking = true;
    requestAnimationFrame(() => {
      ticking = false;
      onScroll();
    });
  },
  { passive: true },
);

updateLesson(lessonId, (entry) => {
  entry.visited = Date.now();
});
onScroll();

// ----- quick checks -----

setupChecks(document, (checkId, ok) => {
  updateLesson(lessonId, (entry) => {
    if (ok) entry.checks[checkId] = true;
  });
});

// ----- demos -----

setupDemos(document);
