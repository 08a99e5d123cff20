// Loads the built WASM package (www/pkg) synchronously for Node tests.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const pkg = await import(new URL('../../www/pkg/descent.js', import.meta.url));
pkg.initSync({ module: readFileSync(`${root}www/pkg/descent_bg.wasm`) });

/** The package's exports, initialized. */
export default pkg;

/** A reference file of tests/reference, parsed. */
export function reference(name) {
  return JSON.parse(readFileSync(`${root}tests/reference/${name}`, 'utf8'));
}
