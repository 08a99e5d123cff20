// Elements wake only when (nearly) on screen, so a long lesson does no WASM work for widgets far below
// (after Distill's d-figure: an IntersectionObserver, or at once where there is none).

/**
 * Call `start()` once, when `element` comes within `margin` of the viewport. Returns an object whose
 * `disconnect()` cancels the wait (call it when the element leaves the page).
 */
export function whenVisible(element, start, margin = '200px') {
  if (typeof IntersectionObserver !== 'function') {
    start();
    return { disconnect() {} };
  }
  const io = new IntersectionObserver(
    (entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        io.disconnect();
        start();
      }
    },
    { rootMargin: margin },
  );
  io.observe(element);
  return io;
}
