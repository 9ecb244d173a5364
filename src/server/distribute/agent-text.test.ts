import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_AGENT_TEXT, agentText } from './agent-text.js';

test('agentText: GIVEN an ANSI escape, a bidi override and a NUL WHEN cleaned THEN each is a space', () => {
  assert.equal(agentText('a\u001b[31mred\u202eevil\u0000z'), 'a [31mred evil z');
});

test('agentText: GIVEN 100 kB of text WHEN cleaned THEN it is cut to the limit with an ellipsis', () => {
  const out = agentText('x'.repeat(100_000));
  assert.equal([...out].length, MAX_AGENT_TEXT);
  assert.ok(out.endsWith('…'));
});

test('agentText: GIVEN plain text within the limit WHEN cleaned THEN it is unchanged', () => {
  assert.equal(agentText('Deployment/x: admission webhook denied'), 'Deployment/x: admission webhook denied');
});

test('agentText: GIVEN a lone surrogate and astral characters WHEN cut THEN no half character remains', () => {
  assert.equal(agentText('\ud800ok'), '\ufffdok');
  assert.equal(agentText('🚀🚀🚀', 2), '🚀…');
});
