// Runs first, in <head>, as a small classic script (external, so it passes a strict CSP): marks <html> with the
// reader's languages before the first paint, so the course map shows one language without flashing the other.
//   data-browser-lang  'zh' or 'en': the first of navigator.languages that is Chinese or English ('en' if neither)
//   data-chosen-lang   the language the reader picked with a switch (localStorage 'descent.lang'), if any
//   data-lang          the language to show: the chosen one, else the browser's
(function () {
  var html = document.documentElement;
  var langs = (navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || 'en']);
  var browser = 'en';
  for (var i = 0; i < langs.length; i++) {
    var l = String(langs[i]).toLowerCase();
    if (l.indexOf('zh') === 0) { browser = 'zh'; break; }
    if (l.indexOf('en') === 0) { browser = 'en'; break; }
  }
  var chosen = null;
  try { chosen = window.localStorage.getItem('descent.lang'); } catch (e) { chosen = null; }
  if (chosen !== 'zh' && chosen !== 'en') chosen = null;
  html.setAttribute('data-browser-lang', browser);
  if (chosen) html.setAttribute('data-chosen-lang', chosen);
  html.setAttribute('data-lang', chosen || browser);
})();
