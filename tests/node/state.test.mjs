// The pure state functions every element reads its attributes and the page URL with (www/js/shared/state.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attributeState, kinds, urlState } from '../../www/js/shared/state.js';

const TABLE = [
  { name: 'steps', kind: kinds.integer({ min: 1, max: 100 }), default: 10 },
  { name: 'theme', kind: kinds.choice(['auto', 'dark']), default: 'auto' },
  { name: 'sync-url', kind: kinds.flag(), default: false, url: false },
];

test('attributeState: defaults for bad values, one message per prop', () => {
  const attrs = { steps: '1e9', theme: 'dark' };
  const { values, messages } = attributeState(TABLE, (n) => attrs[n] ?? null);
  assert.equal(values.steps, 10);
  assert.equal(values.theme, 'dark');
  assert.deepEqual([...messages.keys()], ['steps', 'theme', 'sync-url']);
  assert.match(messages.get('steps'), /^steps=/);
  assert.equal(messages.get('theme'), null);
});

test('urlState: null for an anchor, link messages for our fields, decoding problems under #', () => {
  assert.equal(urlState(TABLE, '#intro'), null);
  assert.equal(urlState(TABLE, '#sync-url'), null); // not a URL prop
  const read = urlState(TABLE, '#steps=abc&theme=dark&%E0%A4%A=1');
  assert.equal(read.values.theme, 'dark');
  assert.equal(read.values.steps, 10);
  assert.match(read.messages.get('steps'), /^in the link: steps=/);
  assert.match(read.messages.get('#'), /badly encoded/);
  assert.equal(read.messages.has('sync-url'), false);
});
