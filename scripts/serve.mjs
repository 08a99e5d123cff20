// A small static file server for www/ (plain node:http, no dependency).
//
//   node scripts/serve.mjs [--root DIR] [--port N] [--host H] [--csp] [--mount /prefix/=DIR ...]
//   env: PORT (default 8080), HOST (default 127.0.0.1), DESCENT_CSP=1 (same as --csp)
//
// In-process use (tests):
//   const { server, url, close } = await startServer({ root, port: 0, csp: true, mounts: { '/descent/': WWW } });
//
// Every response carries `Cache-Control: no-cache` (the browser revalidates, so a rebuilt pkg is picked up) and
// `X-Content-Type-Options: nosniff`. With `csp`, pages get the strict policy the site is meant to work under.
// Paths are resolved inside their root (after following symlinks): nothing outside a served root is readable.

import fs from 'node:fs';
import fsp from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The repository root (this file lives in scripts/). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The site: static pages and the built package in `www/pkg`. */
export const WWW = path.join(REPO_ROOT, 'www');

/** The strict Content-Security-Policy the site must work under (WASM needs 'wasm-unsafe-eval', nothing inline). */
export const STRICT_CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; " +
  "img-src 'self' data: blob:";

/** Content types by extension; text types are served as UTF-8. */
export const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

/** The content type of a file name (`application/octet-stream` when unknown). */
export function mimeType(file) {
  return MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Start serving. `root` is served at `/`; each `mounts` entry maps a URL prefix ending in `/` to a directory
 * (the longest matching prefix wins). `port: 0` picks a free port.
 * Resolves to `{ server, url, port, close }` once listening; `url` ends with `/`.
 */
export async function startServer({ root = WWW, port = 8080, host = '127.0.0.1', csp = false, mounts = {} } = {}) {
  const table = await mountTable(root, mounts);
  const server = http.createServer((req, res) => {
    handle(table, csp, req, res).catch((err) => {
      if (!res.headersSent) send(res, 500, csp, 'internal error\n');
      else res.destroy();
      console.error(`serve: ${req.method} ${req.url}: ${err?.stack ?? err}`);
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actual = server.address().port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${shownHost}:${actual}/`;
  const close = () =>
    new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    });
  return { server, url, port: actual, close };
}

/** Resolve the roots once (real paths, so symlinked roots work and the containment check is exact). */
async function mountTable(root, mounts) {
  const entries = [['/', root], ...Object.entries(mounts)];
  const table = [];
  for (const [prefix, dir] of entries) {
    if (!prefix.startsWith('/') || !prefix.endsWith('/')) {
      throw new Error(`serve: mount prefix must start and end with '/': ${JSON.stringify(prefix)}`);
    }
    let real;
    try {
      real = await fsp.realpath(path.resolve(dir));
    } catch {
      throw new Error(`serve: directory to serve does not exist: ${path.resolve(dir)}`);
    }
    table.push({ prefix, dir: real });
  }
  table.sort((a, b) => b.prefix.length - a.prefix.length);
  return table;
}

async function handle(table, csp, req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return send(res, 405, csp, 'method not allowed\n');
  }
  const rawPath = (req.url ?? '/').split(/[?#]/, 1)[0];
  let urlPath;
  try {
    urlPath = decodeURIComponent(rawPath);
  } catch {
    return send(res, 400, csp, 'bad request: malformed URL encoding\n');
  }
  if (!urlPath.startsWith('/') || urlPath.includes('\0') || urlPath.includes('\\')) {
    return send(res, 400, csp, 'bad request\n');
  }
  // `/descent` (a mount without its slash) redirects to `/descent/`.
  if (table.some((m) => m.prefix !== '/' && m.prefix === `${urlPath}/`)) {
    return redirect(res, csp, `${rawPath}/`);
  }
  const mount = table.find((m) => urlPath.startsWith(m.prefix));
  // Normalizing as a rooted path removes every `..` that would climb above the mount.
  const rel = path.posix.normalize(`/${urlPath.slice(mount.prefix.length)}`).slice(1);
  let file = path.join(mount.dir, ...rel.split('/').filter(Boolean));
  let real;
  try {
    real = await fsp.realpath(file);
  } catch {
    return send(res, 404, csp, 'not found\n');
  }
  if (real !== mount.dir && !real.startsWith(mount.dir + path.sep)) {
    return send(res, 404, csp, 'not found\n'); // a symlink pointing outside the root
  }
  let stat = await fsp.stat(real);
  if (stat.isDirectory()) {
    if (!urlPath.endsWith('/')) return redirect(res, csp, `${rawPath}/`);
    real = path.join(real, 'index.html');
    file = real;
    try {
      stat = await fsp.stat(real);
    } catch {
      return send(res, 404, csp, 'not found\n');
    }
  }
  if (!stat.isFile()) return send(res, 404, csp, 'not found\n');
  res.statusCode = 200;
  commonHeaders(res, csp);
  res.setHeader('Content-Type', mimeType(file));
  res.setHeader('Content-Length', stat.size);
  if (req.method === 'HEAD') return res.end();
  await new Promise((resolve, reject) => {
    const stream = fs.createReadStream(real);
    stream.on('error', reject);
    res.on('close', resolve);
    stream.pipe(res);
  });
}

function commonHeaders(res, csp) {
  res.setHeader('Cache-Control', 'no-cache');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  if (csp) res.setHeader('Content-Security-Policy', STRICT_CSP);
}

function send(res, status, csp, text) {
  res.statusCode = status;
  commonHeaders(res, csp);
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

function redirect(res, csp, location) {
  res.setHeader('Location', location);
  send(res, 301, csp, `moved to ${location}\n`);
}

/** Parse the command line (see the header); unknown arguments are an error. */
export function parseArgs(argv, env = process.env) {
  const opts = {
    root: WWW,
    port: env.PORT === undefined || env.PORT === '' ? 8080 : Number(env.PORT),
    host: env.HOST || '127.0.0.1',
    csp: env.DESCENT_CSP === '1' || env.DESCENT_CSP === 'true',
    mounts: {},
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${arg} needs a value`);
      return argv[++i];
    };
    if (arg === '--root') opts.root = path.resolve(value());
    else if (arg === '--port') opts.port = Number(value());
    else if (arg === '--host') opts.host = value();
    else if (arg === '--csp') opts.csp = true;
    else if (arg === '--mount') {
      const spec = value();
      const eq = spec.indexOf('=');
      if (eq < 1) throw new Error(`--mount expects /prefix/=DIR, got ${JSON.stringify(spec)}`);
      opts.mounts[spec.slice(0, eq)] = path.resolve(spec.slice(eq + 1));
    } else if (arg === '--help' || arg === '-h') opts.help = true;
    else throw new Error(`unknown argument ${JSON.stringify(arg)} (try --help)`);
  }
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) {
    throw new Error(`port must be an integer in [0, 65535], got ${JSON.stringify(env.PORT ?? opts.port)}`);
  }
  return opts;
}

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`serve: ${err.message}`);
    process.exit(2);
  }
  if (opts.help) {
    console.log(fs.readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(2, 5).join('\n'));
    return;
  }
  if (!fs.existsSync(path.join(opts.root, 'pkg', 'descent.js')) && opts.root === WWW) {
    console.warn('serve: www/pkg/descent.js is missing: run `npm run build` (or `npm start`) first.');
  }
  let started;
  try {
    started = await startServer(opts);
  } catch (err) {
    if (err.code === 'EADDRINUSE') {
      console.error(`serve: port ${opts.port} is already in use; choose another with PORT=8081 npm start`);
    } else {
      console.error(`serve: ${err.message}`);
    }
    process.exit(1);
  }
  const mounts = Object.entries(opts.mounts).map(([p, d]) => `, ${p} -> ${path.relative(REPO_ROOT, d) || '.'}`);
  console.log(`Serving ${path.relative(REPO_ROOT, opts.root) || '.'}${mounts.join('')}${opts.csp ? ' (strict CSP)' : ''}`);
  console.log(`Descent is running at ${started.url}  (Ctrl-C to stop)`);
  const stop = () => started.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await main();
}
