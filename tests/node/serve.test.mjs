// scripts/serve.mjs: content types, headers, mounts, and that nothing outside a served root is readable.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { STRICT_CSP, mimeType, parseArgs, startServer } from '../../scripts/serve.mjs';

let dir, site, outside, plain, strict;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'descent-serve-'));
  site = path.join(dir, 'site');
  outside = path.join(dir, 'secret.txt');
  fs.mkdirSync(path.join(site, 'sub'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'mounted', 'pkg'), { recursive: true });
  fs.writeFileSync(outside, 'secret');
  fs.writeFileSync(path.join(site, 'index.html'), '<!doctype html><title>home</title>');
  fs.writeFileSync(path.join(site, 'sub', 'index.html'), 'sub');
  fs.writeFileSync(path.join(site, 'a b.js'), 'export {}');
  fs.writeFileSync(path.join(dir, 'mounted', 'pkg', 'x.wasm'), Buffer.from([0, 97, 115, 109, 1, 0, 0, 0]));
  fs.symlinkSync(outside, path.join(site, 'escape.txt'));
  plain = await startServer({ root: site, port: 0 });
  strict = await startServer({ root: site, port: 0, csp: true, mounts: { '/descent/': path.join(dir, 'mounted') } });
});

after(async () => {
  await Promise.all([plain?.close(), strict?.close()]);
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A raw GET, so that paths reach the server exactly as written (fetch would normalize `..`). */
function get(server, rawPath, method = 'GET') {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, path: rawPath, method }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('content types', () => {
  assert.equal(mimeType('a.wasm'), 'application/wasm');
  assert.equal(mimeType('a.js'), 'text/javascript; charset=utf-8');
  assert.equal(mimeType('a.mjs'), 'text/javascript; charset=utf-8');
  assert.equal(mimeType('a.css'), 'text/css; charset=utf-8');
  assert.equal(mimeType('a.svg'), 'image/svg+xml; charset=utf-8');
  assert.equal(mimeType('a.png'), 'image/png');
  assert.equal(mimeType('a.json'), 'application/json; charset=utf-8');
  assert.equal(mimeType('a.woff2'), 'font/woff2');
  assert.equal(mimeType('A.HTML'), 'text/html; charset=utf-8');
  assert.equal(mimeType('a.unknown'), 'application/octet-stream');
});

test('serves index.html for / with no-cache and no CSP by default', async () => {
  const r = await get(plain, '/');
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-type'], 'text/html; charset=utf-8');
  assert.equal(r.headers['cache-control'], 'no-cache');
  assert.equal(r.headers['x-content-type-options'], 'nosniff');
  assert.equal(r.headers['content-security-policy'], undefined);
  assert.match(r.body.toString(), /<title>home<\/title>/);
});

test('percent-encoded names, query strings, HEAD', async () => {
  const r = await get(plain, '/a%20b.js?v=1');
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-type'], 'text/javascript; charset=utf-8');
  const h = await get(plain, '/a%20b.js', 'HEAD');
  assert.equal(h.status, 200);
  assert.equal(h.headers['content-length'], String('export {}'.length));
  assert.equal(h.body.length, 0);
});

test('a directory without its slash redirects; with it, serves its index.html', async () => {
  const r = await get(plain, '/sub');
  assert.equal(r.status, 301);
  assert.equal(r.headers.location, '/sub/');
  assert.equal((await get(plain, '/sub/')).body.toString(), 'sub');
});

test('missing files, bad methods and malformed URLs', async () => {
  assert.equal((await get(plain, '/nope.js')).status, 404);
  assert.equal((await get(plain, '/', 'POST')).status, 405);
  assert.equal((await get(plain, '/%E0%A4%A')).status, 400);
  assert.equal((await get(plain, '/a%00.js')).status, 400);
});

test('nothing outside the root is served', async () => {
  for (const p of [
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/sub/../../secret.txt',
    '/..%2fsecret.txt',
    '/%2e%2e%2f%2e%2e%2fetc/passwd',
    '/..\\secret.txt',
    '/escape.txt', // a symlink pointing outside
    '/descent/../../secret.txt',
    '/descent/%2e%2e/%2e%2e/secret.txt',
  ]) {
    const r = await get(strict, p);
    assert.ok(r.status === 404 || r.status === 400, `${p}: ${r.status}`);
    assert.notEqual(r.body.toString(), 'secret', p);
  }
});

test('strict CSP and mounts', async () => {
  const r = await get(strict, '/descent/pkg/x.wasm');
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-type'], 'application/wasm');
  assert.equal(r.headers['content-security-policy'], STRICT_CSP);
  assert.match(STRICT_CSP, /script-src 'self' 'wasm-unsafe-eval'/);
  const home = await get(strict, '/');
  assert.equal(home.headers['content-security-policy'], STRICT_CSP);
  const bare = await get(strict, '/descent');
  assert.equal(bare.status, 301);
  assert.equal(bare.headers.location, '/descent/');
});

test('command line and environment', () => {
  assert.equal(parseArgs([], {}).port, 8080);
  assert.equal(parseArgs([], { PORT: '9000' }).port, 9000);
  assert.equal(parseArgs(['--port', '0'], {}).port, 0);
  assert.equal(parseArgs([], { DESCENT_CSP: '1' }).csp, true);
  assert.equal(parseArgs(['--csp'], {}).csp, true);
  assert.equal(parseArgs([], {}).csp, false);
  const m = parseArgs(['--root', 'tests/fixtures', '--mount', '/descent/=www'], {});
  assert.equal(m.mounts['/descent/'], path.resolve('www'));
  assert.throws(() => parseArgs([], { PORT: 'eighty' }), /port/);
  assert.throws(() => parseArgs(['--bogus'], {}), /unknown argument/);
});
