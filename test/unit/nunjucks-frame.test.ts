import assert from 'node:assert/strict';
import { test } from 'node:test';
import nunjucks from 'nunjucks';
import { keepFrameNameParts } from '../../src/plugins/nunjucks-frame.ts';

type Frame = { variables: Record<string, unknown>; set(name: string, val: unknown, resolveUp?: boolean): void; push(isolate?: boolean): Frame; lookup(name: string): unknown };
const FrameClass = (nunjucks.runtime as unknown as { Frame: new (parent?: Frame, isolateWrites?: boolean) => Frame }).Frame;
const template = `{% set total = 0 %}{% for r in rows %}{{ loop.index }}/{{ loop.length }}{% if loop.first %}F{% endif %}{% if loop.last %}L{% endif %}:{{ r.name }}{% set total = total + r.n %}{% for c in r.children %}[{{ loop.index0 }}{{ c }}{{ loop.revindex }}]{% endfor %};{% endfor %}{{ total }}{% set ns = { a: 1 } %}{{ ns.a }}`;
const rows = [{ name: 'one', n: 1, children: ['x', 'y'] }, { name: 'two', n: 2, children: [] }, { name: '<three>', n: 3, children: ['z'] }];

/** The same steps on a fresh pair of frames, with whichever Frame.set is in place. */
function scenario(): unknown {
  const parent = new FrameClass();
  parent.set('shared', 'parent value');
  const child = parent.push();
  child.set('plain', 1);
  child.set('loop.index', 2);
  child.set('loop.first', true);
  child.set('shared', 'written up', true);
  const isolated = parent.push(true);
  isolated.set('shared', 'kept here', true);
  return { parent: parent.variables, child: child.variables, isolated: isolated.variables, seen: [child.lookup('shared'), isolated.lookup('shared')] };
}

test('Frame.set with its name parts kept sets what Nunjucks itself sets, and pages draw the same', () => {
  const env = new nunjucks.Environment(null, { autoescape: true });
  const before = { frames: JSON.stringify(scenario()), page: env.renderString(template, { rows }) };
  assert.equal(keepFrameNameParts(), true);
  assert.equal(keepFrameNameParts(), true, 'a second call leaves it as it is');
  const after = { frames: JSON.stringify(scenario()), page: env.renderString(template, { rows }) };
  assert.equal(after.frames, before.frames);
  assert.equal(after.page, before.page);
  // And what that is: the loop variables, the set inside the loop, the escaping.
  assert.equal(after.page, '1/3F:one[0x2][1y1];2/3:two;3/3L:&lt;three&gt;[0z1];61');
  assert.match(before.frames, /"loop":\{"index":2,"first":true\}/);
  assert.match(before.frames, /"shared":"written up"/);
  assert.match(before.frames, /"isolated":\{"shared":"kept here"\}/);
});
