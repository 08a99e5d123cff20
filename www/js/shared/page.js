// The one adapter to the page around an element: its URL, its history, the clipboard, the colour scheme and reduced
// motion. Everything else in www/js is written against this small interface, so state handling stays pure and an
// element never touches `window` directly (tests may swap in their own adapter with `setPage`).

const browserPage = {
  /** The current `#...` of the page URL (with the `#`, or `''`). */
  hash() {
    return window.location.hash;
  },
  /** Replace the hash without adding a history entry or scrolling (`''` removes it). */
  replaceHash(hash) {
    const url = new URL(window.location.href);
    url.hash = hash;
    const next = hash ? url.href : url.href.replace(/#.*$/, '');
    if (next !== window.location.href) window.history.replaceState(window.history.state, '', next);
  },
  /** The page URL with another hash. */
  urlWithHash(hash) {
    const url = new URL(window.location.href);
    url.hash = hash;
    return hash ? url.href : url.href.replace(/#.*$/, '');
  },
  /** Call `fn` when the user changes the hash (back button, edited URL); returns an unsubscribe function. */
  onHashChange(fn) {
    window.addEventListener('hashchange', fn);
    return () => window.removeEventListener('hashchange', fn);
  },
  /** Whether the system prefers a dark theme, and a subscription to changes. */
  prefersDark() {
    return window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
  },
  onColorSchemeChange(fn) {
    const mq = window.matchMedia?.('(prefers-color-scheme: dark)');
    if (!mq) return () => {};
    mq.addEventListener('change', fn);
    return () => mq.removeEventListener('change', fn);
  },
  /** Whether the user asked for less motion (no autoplay then). */
  prefersReducedMotion() {
    return window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
  },
  /** Device pixels per CSS pixel. */
  pixelRatio() {
    return window.devicePixelRatio || 1;
  },
  /** Put text on the clipboard; resolves to whether it worked (it needs a secure context and a user gesture). */
  async copyText(text) {
    try {
      if (!navigator.clipboard?.writeText) return false;
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      return false;
    }
  },
};

let current = browserPage;

/** The page adapter in use. */
export function page() {
  return current;
}

/** Replace the adapter (tests); `null` restores the browser one. */
export function setPage(adapter) {
  current = adapter ?? browserPage;
}

// ----- which element owns the page URL -----

let urlOwner = null;

/** Claim the page URL for `el` (first come, first served); returns whether `el` owns it. */
export function claimUrl(el) {
  if (urlOwner === null || urlOwner === el || !urlOwner.isConnected) urlOwner = el;
  return urlOwner === el;
}

/** Give the page URL back (when the owner leaves the page). */
export function releaseUrl(el) {
  if (urlOwner === el) urlOwner = null;
}
