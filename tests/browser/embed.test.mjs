// The embedding kit in headless Chromium, under the strict CSP (script-src 'self' 'wasm-unsafe-eval'): a course
// page outside www/ (tests/fixtures/course.html, the kit served from its folder descent/) with three widgets by
// script tag and one by iframe; www/embed.html#<state> alone and its messages; the gallery listing every element
// of www/descent.js from its docs, with working copy buttons; hostile values in attributes, in the embed hash and
// in the page URL hash; the kit loaded from another origin; the page weight of one <descent-surface>.
// Screenshots of the gallery and the embed page at 1280 and 375 px go to screenshots/.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { STRICT_CSP } from '../../scripts/serve.mjs';
import { BUDGET_GZIP, measurePage } from '../../scripts/size.mjs';
import { ensureBundles } from '../../scripts/bundle.mjs';
import { FIXTURES, WWW, assertNoErrors, screenshot, serve, withPage } from './harness.mjs';

let course; // tests/fixtures at /, www at /descent/
let site; // www at /

before(async () => {
  for (const f of ['pkg/descent.js', 'pkg/descent_bg.wasm', 'pkg/lite/descent.js', 'pkg/lite/descent_bg.wasm', 'vendor/katex/katex.mjs']) {
    assert.ok(fs.existsSync(path.join(WWW, f)), `www/${f} is missing: run npm run build`);
  }
  // Pages load the minified bundles of www/js/min (scripts/bundle.mjs): rebuilt here if a source is newer.
  await ensureBundles();
  course = await serve({ root: FIXTURES, mounts: { '/descent/': WWW } });
  site = await serve();
});

// ----- in-page probes (run by page.evaluate / waitForFunction) -----

/** Whether the element matching `sel` has drawn: a canvas in its shadow root shows several colours. */
function canvasDrawn(sel) {
  const el = document.querySelector(sel);
  for (const c of el?.shadowRoot?.querySelectorAll('canvas') ?? []) {
    const ctx = c.width && c.height ? c.getContext('2d') : null;
    if (!ctx) continue;
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    const colours = new Set();
    for (let i = 0; i < d.length; i += 4 * 53) if (d[i + 3] > 0) colours.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    if (colours.size >= 8) return true;
  }
  return false;
}

/**
 * Everything an injection would leave: event-handler attributes anywhere, img/script/iframe/object/embed inside a
 * widget, markup elements in the page that the page did not write, javascript: links, a set `__pwned` flag, a
 * polluted Object.prototype. Returns a list of findings (empty when clean).
 */
function injectionProbe(allowedIframes = []) {
  const found = [];
  const visit = (root, where) => {
    for (const el of root.querySelectorAll('*')) {
      for (const a of el.getAttributeNames()) if (/^on/i.test(a)) found.push(`${where}: <${el.localName} ${a}="${el.getAttribute(a)}">`);
      const tag = el.localName;
      if (where !== 'document' && ['img', 'script', 'iframe', 'object', 'embed', 'base', 'meta', 'link'].includes(tag)) {
        if (!(tag === 'link' && el.dataset.descentKatex !== undefined)) found.push(`${where}: <${tag}>`);
      }
      if (where === 'document' && ['img', 'object', 'embed', 'base'].includes(tag)) found.push(`document: <${tag}>`);
      if (where === 'document' && tag === 'iframe' && !allowedIframes.includes(el.id)) found.push('document: <iframe>');
      if (where === 'document' && tag === 'script' && el.parentNode !== document.head) found.push('document: <script> outside head');
      if (tag === 'a' && /^\s*javascript:/i.test(el.getAttribute('href') ?? '')) found.push(`${where}: javascript: link`);
      if (el.shadowRoot) visit(el.shadowRoot, `<${tag}>`);
    }
  };
  visit(document, 'document');
  if (window.__pwned) found.push('window.__pwned was set');
  if (Object.prototype.polluted !== undefined || {}.polluted !== undefined) found.push('Object.prototype polluted');
  return found;
}

/** Watch for dialogs (alert) and for requests an injected <img src=x> would make. */
function watchAttacks(page) {
  const seen = [];
  page.on('dialog', (d) => {
    seen.push(`dialog: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  page.on('request', (r) => {
    if (/\/x$|javascript:/.test(r.url())) seen.push(`request: ${r.url()}`);
  });
  return seen;
}

/** Messages a widget shows (its role=alert / .message / .messages boxes), as one text. */
function widgetMessages(sel) {
  const root = document.querySelector(sel)?.shadowRoot;
  return [...(root?.querySelectorAll('.messages, .message, [role=alert]') ?? [])].map((n) => n.textContent).join(' | ');
}

const HOSTILE = [
  '"><img src=x onerror="window.__pwned=1;alert(1)">',
  "'><svg onload=alert(1)>",
  'javascript:alert(1)',
  '</script><script>window.__pwned=1</script>',
  '{"__proto__":{"polluted":true},"type":"Adam","lr":0.1}',
  '[{"__proto__":{"polluted":true},"type":"Adam","lr":0.1}]',
  `${'A'.repeat(300_000)}<img src=x onerror=alert(1)>`,
];

describe('a course page outside www/', () => {
  test('three widgets by script tag and one by iframe: all drawn under the strict CSP, started when in view, no errors', async () => {
    await withPage(async (page, errors) => {
      const attacks = watchAttacks(page);
      const requested = [];
      page.on('request', (r) => requested.push(new URL(r.url()).pathname));
      const res = await page.goto(`${course.url}course.html`);
      assert.equal(res.headers()['content-security-policy'], STRICT_CSP, 'the page is served under the strict CSP');
      await page.waitForFunction(canvasDrawn, '#w1', { timeout: 20_000 });
      await page.waitForFunction(canvasDrawn, '#w2', { timeout: 20_000 });
      // w3 is below a long reading: not started until scrolled into view.
      assert.equal(await page.evaluate(() => document.querySelector('#w3').runs.length), 0, 'w3 waits until it is in view');
      assert.ok(!(await page.evaluate(canvasDrawn, '#w3')));
      await page.locator('#w3').scrollIntoViewIfNeeded();
      await page.waitForFunction(canvasDrawn, '#w3', { timeout: 20_000 });
      // The iframe (embed.html, same kit) draws its widget too.
      await page.locator('#w4').scrollIntoViewIfNeeded();
      const frame = page.frame({ url: /embed\.html/ });
      assert.ok(frame, 'the iframe loaded embed.html');
      await frame.waitForFunction(canvasDrawn, 'descent-schedule', { timeout: 20_000 });
      assert.equal(await frame.evaluate(() => document.querySelector('descent-schedule').getAttribute('steps')), '80');
      assert.equal(await frame.evaluate(() => document.querySelector('.embed-messages')), null, 'no message in the frame');
      // Independent: playing one surface leaves the other where it is.
      await page.evaluate(() => document.querySelector('#w1').play());
      await page.waitForFunction(() => document.querySelector('#w1').step > 5, null, { timeout: 10_000 });
      assert.equal(await page.evaluate(() => document.querySelector('#w3').step), 0);
      await page.evaluate(() => document.querySelector('#w1').pause());
      // Removing a widget frees it and leaves the others working.
      await page.evaluate(() => document.querySelector('#w1').remove());
      await page.evaluate(() => document.querySelector('#w3').play());
      await page.waitForFunction(() => document.querySelector('#w3').step > 3, null, { timeout: 10_000 });
      // Everything came from the kit's folder; the surface and schedule took the small package only.
      assert.ok(requested.includes('/descent/pkg/lite/descent_bg.wasm'), 'the lite package was loaded');
      assert.ok(!requested.includes('/descent/pkg/descent_bg.wasm'), 'the full package was not needed');
      assert.ok(requested.every((p) => p === '/course.html' || p === '/course.css' || p.startsWith('/descent/')), requested.join(' '));
      assert.deepEqual(await page.evaluate(injectionProbe, ['w4']), []);
      assert.deepEqual(attacks, []);
      assertNoErrors(errors);
      await screenshot(page, 'embed-course-page');
    });
  });

  test('the kit from another origin (a CDN-like host sending CORS headers), allowed by the page’s CSP', async () => {
    // A second server is another origin (another port). Module scripts and the .wasm fetch are CORS requests, so
    // that host must send Access-Control-Allow-Origin (added here, as a CDN would), and the page's CSP must name it.
    const kit = await serve({ root: WWW });
    const origin = kit.url.replace(/\/$/, '');
    const csp = STRICT_CSP.replace("default-src 'self'", `default-src 'self' ${origin}`)
      .replace("script-src 'self'", `script-src 'self' ${origin}`)
      .replace("style-src 'self'", `style-src 'self' ${origin}`);
    await withPage(async (page, errors) => {
      await page.route(`${origin}/**`, async (route) => {
        try {
          const response = await route.fetch();
          await route.fulfill({ response, headers: { ...response.headers(), 'access-control-allow-origin': '*' } });
        } catch {
          // The page closed while a request was in flight.
        }
      });
      const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>other origin</title>
<link rel="icon" href="data:,"><script type="module" src="${origin}/descent.js"></script></head>
<body><descent-surface surface="booth" steps="40"></descent-surface><descent-schedule steps="50"></descent-schedule></body></html>`;
      await page.route(`${course.url}cdn.html`, (route) =>
        route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', headers: { 'Content-Security-Policy': csp }, body: html }),
      );
      await page.goto(`${course.url}cdn.html`);
      await page.waitForFunction(canvasDrawn, 'descent-surface', { timeout: 20_000 });
      await page.waitForFunction(canvasDrawn, 'descent-schedule', { timeout: 20_000 });
      const code = await page.evaluate(() => document.querySelector('descent-surface').embedCode());
      assert.ok(code.includes(`src="${origin}/descent.js"`), 'the embed code names the kit’s own origin');
      assert.ok(code.includes(`src="${origin}/embed.html#widget=descent-surface&amp;surface=booth&amp;steps=40"`), code);
      assertNoErrors(errors);
      await page.unrouteAll({ behavior: 'ignoreErrors' });
    });
  });
});

describe('embed.html', () => {
  test('shows the widget the hash names with its attributes, filling the frame; the hash follows the widget', async () => {
    for (const width of [1280, 375]) {
      await withPage(async (page, errors) => {
        await page.goto(`${site.url}embed.html#widget=descent-surface&surface=himmelblau&steps=80&runs=[{"type":"Adam","lr":0.1}]`);
        await page.waitForFunction(canvasDrawn, 'descent-surface', { timeout: 20_000 });
        const info = await page.evaluate(() => {
          const el = document.querySelector('descent-surface');
          return {
            surface: el.getAttribute('surface'),
            runs: el.getAttribute('runs'),
            width: el.getBoundingClientRect().width,
            viewport: document.documentElement.clientWidth,
            scrollX: document.documentElement.scrollWidth > document.documentElement.clientWidth,
            title: document.title,
            messages: document.querySelector('.embed-messages')?.textContent ?? null,
          };
        });
        assert.equal(info.surface, 'himmelblau');
        assert.equal(info.runs, '[{"type":"Adam","lr":0.1}]');
        assert.ok(info.width >= info.viewport - 4, `the widget fills the frame (${info.width} of ${info.viewport})`);
        assert.equal(info.scrollX, false, 'no horizontal scrolling');
        assert.equal(info.title, 'Descent: Loss-surface explorer');
        assert.equal(info.messages, null);
        await page.waitForFunction(() => document.querySelector('descent-surface').shadowRoot.querySelector('.katex'));
        await screenshot(page, `embed-surface-${width}`);
        // The reader changes a setting: the frame's own hash follows (a reload keeps it), and "Copy link" names
        // this page with its widget.
        await page.evaluate(() => document.querySelector('descent-surface').setAttribute('steps', '90'));
        await page.waitForFunction(() => window.location.hash.includes('steps=90'));
        assert.match(await page.evaluate(() => window.location.hash), /^#widget=descent-surface&surface=himmelblau&steps=90/);
        assert.match(await page.evaluate(() => document.querySelector('descent-surface').shareLink()), /embed\.html#widget=descent-surface&surface=himmelblau&steps=90/);
        assertNoErrors(errors);
      }, { width, height: 900 });
    }
    await withPage(async (page, errors) => {
      await page.goto(`${site.url}embed.html#widget=descent-schedule&schedule={"type":"ExponentialLR","gamma":0.95}&steps=60&scale=log`);
      await page.waitForFunction(canvasDrawn, 'descent-schedule', { timeout: 20_000 });
      await page.waitForFunction(() => document.querySelector('descent-schedule').shadowRoot.querySelector('.katex'));
      await screenshot(page, 'embed-schedule-375');
      assertNoErrors(errors);
    }, { width: 375, height: 720 });
  });

  test('an unknown widget, an unknown attribute, a bad encoding, an iframe-only limit: clear messages', async () => {
    await withPage(async (page, errors) => {
      await page.goto(`${site.url}embed.html#widget=descent-nope`);
      const help = await page.locator('.embed-help').textContent();
      assert.match(help, /There is no widget "descent-nope"/);
      assert.match(help, /descent-surface, descent-schedule/);
      await page.goto(`${site.url}embed.html`);
      assert.match(await page.locator('.embed-help').textContent(), /No widget named/);
      await screenshot(page, 'embed-help-1280');
      await page.goto(`${site.url}embed.html#widget=descent-surface&colour=red&steps=%E0%A4%A&sync-url&surface=beale`);
      await page.waitForFunction(canvasDrawn, 'descent-surface', { timeout: 20_000 });
      const messages = await page.locator('.embed-messages').textContent();
      assert.match(messages, /<descent-surface> has no attribute "colour"; ignored\. Its attributes: surface, /);
      assert.match(messages, /badly encoded field "steps"/);
      assert.match(messages, /"sync-url" is not available in an embedded widget/);
      assert.equal(await page.evaluate(() => document.querySelector('descent-surface').getAttribute('surface')), 'beale');
      assert.equal(await page.evaluate(() => document.querySelector('descent-surface').hasAttribute('sync-url')), false);
      // A value the widget rejects shows the widget's own message, naming the field.
      await page.goto(`${site.url}embed.html#widget=descent-surface&steps=lots`);
      await page.waitForFunction(() => /steps="lots" is not allowed/.test(document.querySelector('descent-surface').shadowRoot.querySelector('.messages')?.textContent ?? ''));
      assertNoErrors(errors);
    });
  });

  test('hostile hashes: widget names, attribute names and values stay data', async () => {
    await withPage(async (page, errors) => {
      const attacks = watchAttacks(page);
      const enc = encodeURIComponent;
      const hashes = [
        `#widget=${enc('<img src=x onerror=alert(1)>')}`,
        `#widget=${enc('"><script>window.__pwned=1</script>')}`,
        `#widget=javascript:alert(1)`,
        `#widget=__proto__`,
        `#widget=constructor`,
        `#widget=descent-surface&${enc('<img src=x onerror=alert(1)>')}=1&${enc('onclick')}=alert(1)&__proto__=1`,
        ...HOSTILE.map((v) => `#widget=descent-surface&surface=${enc(v)}&runs=${enc(v)}&expression=${enc(v)}&theme=${enc(v)}`),
        ...HOSTILE.map((v) => `#widget=descent-schedule&schedule=${enc(v)}&label=${enc(v)}&compare=${enc(v)}&controls=${enc(v)}`),
        `#widget=descent-surface&runs=${enc('x'.repeat(250_000))}`,
      ];
      await page.goto(`${site.url}embed.html`);
      for (const hash of hashes) {
        await page.evaluate((h) => {
          window.location.hash = h;
        }, hash);
        await page.waitForTimeout(150);
        assert.deepEqual(await page.evaluate(injectionProbe), [], `after ${hash.slice(0, 120)}`);
      }
      // The long value is refused with a message rather than handed to the widget.
      await page.waitForFunction(() => /too long/.test(document.querySelector('.embed-messages')?.textContent ?? ''));
      // The last widget still works.
      await page.evaluate(() => {
        window.location.hash = '#widget=descent-surface&surface=booth';
      });
      await page.waitForFunction(canvasDrawn, 'descent-surface', { timeout: 20_000 });
      assert.deepEqual(attacks, []);
      assertNoErrors(errors);
    });
  });
});

describe('the gallery', () => {
  test('lists every registered element from its docs, live, with both embed forms and working copy buttons', async () => {
    for (const width of [1280, 375]) {
      await withPage(async (page, errors) => {
        await page.goto(`${site.url}gallery.html`);
        await page.waitForSelector('body[data-ready=true]', { timeout: 20_000 });
        const { tags, sections } = await page.evaluate(async () => {
          const { ELEMENTS } = await import('./descent.js');
          const out = {};
          for (const { tag } of ELEMENTS) {
            const sec = document.getElementById(tag);
            const cls = customElements.get(tag);
            out[tag] = {
              section: !!sec,
              live: !!sec?.querySelector(`.live > ${tag}`),
              codes: [...(sec?.querySelectorAll('pre.code code') ?? [])].map((c) => c.textContent),
              rows: sec?.querySelectorAll('table.docs-table')[0]?.querySelectorAll('tbody tr').length ?? 0,
              documented: cls?.docs?.attributes?.length ?? null,
              toc: !!document.querySelector(`#toc a[href="#${tag}"]`),
            };
          }
          return { tags: ELEMENTS.map((e) => e.tag), sections: out };
        });
        assert.ok(tags.includes('descent-surface') && tags.includes('descent-schedule'));
        for (const tag of tags) {
          const s = sections[tag];
          assert.ok(s.section && s.toc, `${tag} has a section and a contents entry`);
          assert.ok(s.live, `${tag} has a live example`);
          assert.equal(s.codes.length, 2, `${tag}: the script-tag form and the iframe form`);
          assert.match(s.codes[0], new RegExp(`^<script type="module" src="${site.url}descent\\.js"></script>\\n<${tag}[ >]`));
          assert.match(s.codes[1], new RegExp(`^<iframe src="${site.url}embed\\.html#widget=${tag}`));
          if (s.documented !== null) assert.equal(s.rows, s.documented, `${tag}: one table row per documented attribute`);
        }
        // Both live examples of the documented elements draw once scrolled to.
        for (const tag of ['descent-surface', 'descent-schedule']) {
          await page.locator(`#${tag} .live`).scrollIntoViewIfNeeded();
          await page.waitForFunction(canvasDrawn, `#${tag} .live > ${tag}`, { timeout: 20_000 });
        }
        if (width === 1280) {
          // The copy buttons put the shown code on the clipboard.
          await page.locator('#descent-schedule .code-box button').first().click();
          await page.waitForFunction(() => document.querySelector('#descent-schedule .code-box .copied').textContent === 'Copied.');
          const clip = await page.evaluate(() => navigator.clipboard.readText());
          assert.equal(clip, sections['descent-schedule'].codes[0]);
        }
        await page.evaluate(() => window.scrollTo(0, 0));
        await screenshot(page, `embed-gallery-${width}`);
        assertNoErrors(errors);
        // The iframe form round-trips: its embed.html shows the same widget with the same attributes.
        const src = sections['descent-surface'].codes[1].match(/src="([^"]+)"/)[1].replace(/&amp;/g, '&');
        await page.goto(src);
        await page.waitForFunction(canvasDrawn, 'descent-surface', { timeout: 20_000 });
        const attrs = await page.evaluate(() => {
          const el = document.querySelector('descent-surface');
          return Object.fromEntries(el.getAttributeNames().map((n) => [n, el.getAttribute(n)]));
        });
        const docs = await page.evaluate(() => customElements.get('descent-surface').docs.example);
        for (const [k, v] of Object.entries(docs)) assert.equal(attrs[k], v, `iframe round trip: ${k}`);
        assertNoErrors(errors);
      }, { width, height: 900, permissions: ['clipboard-read', 'clipboard-write'] });
    }
  });

  test('each element documents itself by the convention (static docs); the widgets copy both embed forms', async () => {
    await withPage(async (page, errors) => {
      await page.goto(`${site.url}gallery.html`);
      await page.waitForSelector('body[data-ready=true]', { timeout: 20_000 });
      const report = await page.evaluate(async () => {
        const { ELEMENTS } = await import('./descent.js');
        const { docsProblems } = await import('./js/embed/docs.js');
        return ELEMENTS.map(({ tag }) => ({ tag, problems: docsProblems(tag, customElements.get(tag)) }));
      });
      // The four widgets of the kit must; a newer lesson widget is reported here (and flagged in the gallery).
      const required = ['descent-surface', 'descent-schedule', 'descent-network', 'descent-search'];
      for (const tag of required) assert.ok(report.some((r) => r.tag === tag), `${tag} is registered`);
      for (const { tag, problems } of report) {
        if (required.includes(tag)) assert.deepEqual(problems, [], `<${tag}> documents itself by the convention`);
        else if (problems.length) console.log(`# <${tag}> does not follow the docs convention yet: ${problems.slice(0, 3).join('; ')}`);
      }
      // The schedule's own "Copy embed code" gives both forms for what the reader set.
      const code = await page.evaluate(async () => {
        const el = document.querySelector('#descent-schedule .live descent-schedule');
        el.setAttribute('steps', '120');
        el.shadowRoot.querySelector('.copy-embed').click();
        await new Promise((r) => setTimeout(r, 50));
        return el.shadowRoot.querySelector('.embed-share textarea').value;
      });
      assert.match(code, /<script type="module" src="[^"]+\/descent\.js"><\/script>\n<descent-schedule schedule='\{"type":"OneCycleLR"[^']*' steps="120"/);
      assert.match(code, /<iframe src="[^"]+\/embed\.html#widget=descent-schedule&amp;schedule=\{%22type%22:%22OneCycleLR%22[^"]*&amp;steps=120/);
      assertNoErrors(errors);
    });
  });
});

describe('hostile values stay data', () => {
  test('in a course page’s attributes (tests/fixtures/hostile.html): messages, no markup, no script', async () => {
    await withPage(async (page, errors) => {
      const attacks = watchAttacks(page);
      await page.goto(`${course.url}hostile.html`);
      // The surfaces draw with their defaults in place of the refused values; each says what it refused.
      for (const id of ['#h1', '#h2']) {
        await page.locator(id).scrollIntoViewIfNeeded();
        await page.waitForFunction(canvasDrawn, id, { timeout: 20_000 });
      }
      const m1 = await page.evaluate(widgetMessages, '#h1');
      assert.match(m1, /surface=".*<img src=x onerror=.*" is not allowed/);
      assert.match(m1, /view="javascript:alert\(1\)" is not allowed/);
      assert.match(m1, /steps="<\/script><script>window.__pwned=1<\/script>" is not allowed/);
      assert.match(await page.evaluate(widgetMessages, '#h2'), /expression = "<\/script><img src=x/);
      // The schedules refuse a __proto__ field and markup in their JSON, naming the field.
      for (const id of ['#h3', '#h4']) await page.locator(id).scrollIntoViewIfNeeded();
      await page.waitForFunction(() => /schedule\.__proto__/.test(document.querySelector('#h3').shadowRoot.textContent));
      await page.waitForFunction(() => /schedule: not valid JSON/.test(document.querySelector('#h4').shadowRoot.textContent));
      assert.deepEqual(await page.evaluate(injectionProbe), []);
      assert.deepEqual(attacks, []);
      assertNoErrors(errors);
    });
  });

  test('set by a script on every attribute of every registered element', async () => {
    await withPage(async (page, errors) => {
      const attacks = watchAttacks(page);
      const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>hostile</title>
<link rel="icon" href="data:,"><script type="module" src="/descent.js"></script></head><body></body></html>`;
      await page.route(`${site.url}hostile-all.html`, (route) =>
        route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', headers: { 'Content-Security-Policy': STRICT_CSP }, body: html }),
      );
      await page.goto(`${site.url}hostile-all.html`);
      const tags = await page.evaluate(async () => (await import('/descent.js')).ELEMENTS.map((e) => e.tag));
      for (const tag of tags) {
        // Created with hostile values, then started, then every attribute set to each hostile value in turn.
        const names = await page.evaluate(async ([t, hostile]) => {
          const { define } = await import('/descent.js');
          const { attributeNames } = await import('/js/embed/docs.js');
          const cls = await define(t);
          const names = attributeNames(cls);
          document.body.replaceChildren();
          const el = document.createElement(t);
          for (const n of names) el.setAttribute(n, hostile[0]);
          document.body.append(el);
          return names;
        }, [tag, HOSTILE]);
        await page.waitForTimeout(300);
        for (const value of HOSTILE) {
          await page.evaluate(async ([t, ns, v]) => {
            const el = document.querySelector(t);
            for (const n of ns) {
              el.setAttribute(n, v);
              await new Promise((r) => requestAnimationFrame(r));
            }
          }, [tag, names, value]);
          assert.deepEqual(await page.evaluate(injectionProbe), [], `<${tag}> with ${value.slice(0, 60)}`);
        }
        // And it still works with good values afterwards.
        await page.evaluate(([t, ns]) => {
          const el = document.querySelector(t);
          for (const n of ns) el.removeAttribute(n);
        }, [tag, names]);
        await page.waitForTimeout(300);
        assert.deepEqual(await page.evaluate(injectionProbe), [], `<${tag}> reset`);
      }
      assert.deepEqual(attacks, []);
      assertNoErrors(errors);
    });
  });

  test('in the page URL hash of a sync-url widget', async () => {
    await withPage(async (page, errors) => {
      const attacks = watchAttacks(page);
      const enc = encodeURIComponent;
      const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>url</title>
<link rel="icon" href="data:,"><script type="module" src="/descent.js"></script></head>
<body><descent-surface sync-url></descent-surface></body></html>`;
      await page.route(`${site.url}hostile-url.html`, (route) =>
        route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', headers: { 'Content-Security-Policy': STRICT_CSP }, body: html }),
      );
      const v = HOSTILE[0];
      await page.goto(`${site.url}hostile-url.html#surface=${enc(v)}&runs=${enc(HOSTILE[5])}&view=javascript:alert(1)&${enc('<img src=x onerror=alert(1)>')}=1`);
      await page.waitForFunction(canvasDrawn, 'descent-surface', { timeout: 20_000 });
      assert.match(await page.evaluate(widgetMessages, 'descent-surface'), /in the link: surface=".*<img src=x.*" is not allowed/);
      for (const value of HOSTILE) {
        await page.evaluate((h) => {
          window.location.hash = h;
        }, `#surface=custom&expression=${enc(value)}&start=${enc(value)}&runs=${enc(value)}`);
        await page.waitForTimeout(100);
        assert.deepEqual(await page.evaluate(injectionProbe), [], value.slice(0, 60));
      }
      assert.deepEqual(attacks, []);
      assertNoErrors(errors);
    });
  });
});

describe('size', () => {
  test('one <descent-surface> loads the lite package; the page weight is printed', async () => {
    const r = await measurePage({ tag: 'descent-surface' });
    const paths = r.files.map((f) => f.path);
    assert.ok(paths.some((p) => /^pkg\/lite\/descent_bg\.wasm$/.test(p)), paths.join(' '));
    assert.ok(!paths.includes('pkg/descent_bg.wasm'), 'the full package is not fetched');
    assert.ok(r.katex.files >= 1, 'KaTeX is counted apart');
    const kb = (n) => (n / 1000).toFixed(1);
    console.log(`# page weight of one <descent-surface>: ${kb(r.widget.gzip)} KB gzipped (${kb(r.widget.brotli)} KB brotli), ${r.widget.files} files; KaTeX apart ${kb(r.katex.gzip)} KB; budget ${kb(BUDGET_GZIP)} KB`);
  });
});
