// The reader's choices and progress, kept in localStorage (every access guarded: storage may be disabled, full or
// private). Progress is shared by both languages: it is keyed by lesson id and by section and check ids, which are
// the same in zh and en.
//
//   descent.lang         'zh' | 'en'   the language the reader chose with a switch
//   descent.progress.v1  { lessons: { [id]: { visited, section, checks: { [checkId]: true } } }, last: id }

const LANG_KEY = 'descent.lang';
const PROGRESS_KEY = 'descent.progress.v1';

function read(key) {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key, value) {
  try {
    window.localStorage.setItem(key, value);
    return true;
  } catch {
    return false;
  }
}

/** The language the reader chose, or null. */
export function chosenLang() {
  const v = read(LANG_KEY);
  return v === 'zh' || v === 'en' ? v : null;
}

/** Remember the reader's choice of language. */
export function chooseLang(lang) {
  if (lang === 'zh' || lang === 'en') {
    write(LANG_KEY, lang);
    document.documentElement.setAttribute('data-chosen-lang', lang);
  }
}

/** 'zh' or 'en', from navigator.languages (set on <html> by boot.js; recomputed here when boot.js is absent). */
export function browserLang() {
  const fromBoot = document.documentElement.getAttribute('data-browser-lang');
  if (fromBoot === 'zh' || fromBoot === 'en') return fromBoot;
  for (const l of navigator.languages ?? [navigator.language ?? 'en']) {
    const s = String(l).toLowerCase();
    if (s.startsWith('zh')) return 'zh';
    if (s.startsWith('en')) return 'en';
  }
  return 'en';
}

/** All progress (a fresh object when nothing is stored or it is unreadable). */
export function loadProgress() {
  try {
    const p = JSON.parse(read(PROGRESS_KEY) ?? 'null');
    if (p && typeof p === 'object' && p.lessons && typeof p.lessons === 'object') return p;
  } catch {
    /* unreadable: start again */
  }
  return { lessons: {}, last: null };
}

/** Update one lesson's progress with `fn(entry)` and save. */
export function updateLesson(id, fn) {
  const p = loadProgress();
  const entry = p.lessons[id] ?? { visited: 0, section: null, checks: {} };
  entry.checks ??= {};
  fn(entry);
  p.lessons[id] = entry;
  p.last = id;
  write(PROGRESS_KEY, JSON.stringify(p));
  return entry;
}
