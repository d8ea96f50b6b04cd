import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KeptPages } from '../../src/plugins/kept-pages.ts';

/** A page drawer that counts its drawings. */
function drawer(text: string) {
  const drawn = { count: 0 };
  return { drawn, draw: () => (drawn.count++, text) };
}

test('the same data with the same vary text is drawn once and then sent as kept', () => {
  const pages = new KeptPages(1024 * 1024);
  const data = { balance: 'You owe £12.40' };
  const { drawn, draw } = drawer('<p>You owe £12.40</p>');
  const first = pages.bodyFor(data, 'dashboard {"csrfToken":"a"}', draw);
  const second = pages.bodyFor(data, 'dashboard {"csrfToken":"a"}', draw);
  assert.equal(drawn.count, 1);
  assert.equal(second, first);
  assert.equal(first.toString('utf8'), '<p>You owe £12.40</p>');
});

test('other vary text, or other data with equal contents, is drawn again', () => {
  const pages = new KeptPages(1024 * 1024);
  const data = { n: 1 };
  const { drawn, draw } = drawer('page');
  pages.bodyFor(data, 'a', draw);
  pages.bodyFor(data, 'b', draw);
  assert.equal(drawn.count, 2, 'another CSRF token, flash or path: drawn again');
  pages.bodyFor({ n: 1 }, 'b', draw);
  assert.equal(drawn.count, 3, 'kept by the object itself: a new version is a new object');
  pages.bodyFor(data, 'b', draw);
  assert.equal(drawn.count, 3);
});

test('the bytes kept are bounded, the least recently used page going first', () => {
  const pages = new KeptPages(2500);
  const [a, b, c] = [{}, {}, {}];
  const page = 'x'.repeat(1000);
  const { drawn, draw } = drawer(page);
  pages.bodyFor(a, 'v', draw);
  pages.bodyFor(b, 'v', draw);
  pages.bodyFor(a, 'v', draw);
  pages.bodyFor(c, 'v', draw);
  assert.equal(drawn.count, 3);
  assert.ok(pages.bytes <= 2500);
  pages.bodyFor(a, 'v', draw);
  assert.equal(drawn.count, 3, 'a was used more lately than b');
  pages.bodyFor(b, 'v', draw);
  assert.equal(drawn.count, 4, 'b went to make room');
});

test('with no bytes allowed nothing is kept (KEEP_PAGES=off)', () => {
  const pages = new KeptPages(0);
  const data = {};
  const { drawn, draw } = drawer('page');
  pages.bodyFor(data, 'v', draw);
  pages.bodyFor(data, 'v', draw);
  assert.equal(drawn.count, 2);
  assert.equal(pages.bytes, 0);
});
