import assert from 'node:assert/strict';
import { test } from 'node:test';
import nunjucks from 'nunjucks';
import { loadConfig } from '../../src/config.ts';
import { remembered } from '../../src/plugins/view-macros.ts';
import { createTemplateEnvironment } from '../../src/plugins/views.ts';

const env = createTemplateEnvironment(loadConfig({ NODE_ENV: 'test', APP_SECRET: 'x'.repeat(32) }));
const plain = new nunjucks.Environment(new nunjucks.FileSystemLoader('node_modules/govuk-frontend/dist'), { autoescape: true });
// Ours trims whitespace around block tags; runs of whitespace are compared as one space.
const spaced = (html: string) => html.replace(/\s+/g, ' ').trim();
const imports = '{% from "govuk/components/button/macro.njk" import govukButton %}{% from "govuk/components/input/macro.njk" import govukInput %}';

test('component macros are there without an import, and draw what the imported ones draw', () => {
  for (const call of ['{{ govukButton({ text: "Save" }) }}', '{{ govukInput({ name: "email", label: { text: "Email" }, value: v }) }}']) {
    for (const v of ['', 'a@example.com', '<script>']) {
      // Twice: the second is the remembered copy.
      for (let i = 0; i < 2; i++) assert.equal(spaced(env.renderString(call, { v })), spaced(plain.renderString(imports + call, { v })));
    }
  }
});

test('a remembered component tells different parameters apart, text from HTML, each call its own', () => {
  const render = (value: unknown) => env.renderString('{{ govukInput({ name: "x", label: { text: "X" }, value: value }) }}', { value });
  assert.match(render('first'), /value="first"/);
  assert.match(render('second'), /value="second"/);
  assert.match(render('first'), /value="first"/);
  const text = env.renderString('{{ govukInsetText({ text: t }) }}', { t: '<b>hi</b>' });
  const html = env.renderString('{{ govukInsetText({ text: t | safe }) }}', { t: '<b>hi</b>' });
  assert.match(text, /&lt;b&gt;hi&lt;\/b&gt;/);
  assert.match(html, /<b>hi<\/b>/);
});

test('a call block is drawn every time, with its own content', () => {
  const call = (inner: string) => env.renderString(`{% call govukInsetText({}) %}${inner}{% endcall %}`, {});
  assert.match(call('one'), /one/);
  assert.match(call('two'), /two/);
});

test('remembered() draws again when the parameters hold something that cannot be written out', () => {
  let draws = 0;
  const macro = remembered((params: unknown) => `drawn ${++draws} ${JSON.stringify(params)}`);
  assert.equal(macro({ a: 1 }), 'drawn 1 {"a":1}');
  assert.equal(macro({ a: 1 }), 'drawn 1 {"a":1}');
  assert.equal(macro({ a: 2 }), 'drawn 2 {"a":2}');
  assert.equal(macro({ a: 1, f: () => 0 }), 'drawn 3 {"a":1}');
  assert.equal(macro({ a: 1, f: () => 0 }), 'drawn 4 {"a":1}');
  // Long parameters are not kept: drawn again each time.
  const long = { rows: 'x'.repeat(5000) };
  macro(long);
  assert.match(String(macro(long)), /^drawn 6 /);
});

test('fragments are drawn from their parameters: the current page is marked in the menu', () => {
  const menu = [{ href: '/dashboard', text: 'Home' }, { href: '/profile', text: 'My Profile' }];
  // The menu is a global of the templates (the views plugin gives it the tenant menu).
  env.addGlobal('tenantMenu', menu);
  const draw = (currentPath: string) => env.renderString('{{ fragment("partials/side-nav.njk", { currentPath: p }) }}', { p: currentPath });
  assert.match(draw('/dashboard'), /href="\/dashboard" aria-current="page"/);
  assert.match(draw('/profile'), /href="\/profile" aria-current="page"/);
  assert.doesNotMatch(draw('/profile'), /href="\/dashboard" aria-current/);
});

test("the header is kept by its few values: each session's own sign-out token, the tenant's page marked, the staff area's name", () => {
  env.addGlobal('logoPath', '/assets/logo.svg');
  const header = (params: Record<string, unknown>) => env.renderString('{{ fragment("partials/header.njk", p) }}', { p: params });
  const first = header({ area: 'tenant', current: 'home', staffNav: null, csrfToken: 'token-one' });
  const second = header({ area: 'tenant', current: 'home', staffNav: null, csrfToken: 'token-two' });
  assert.match(first, /name="_csrf" value="token-one"/);
  assert.doesNotMatch(second, /token-one/);
  assert.match(second, /name="_csrf" value="token-two"/);
  assert.match(first, /action="\/sign-out"/);
  assert.match(first, /href="\/dashboard" aria-current="true">\s*<strong[^>]*>Home/);
  assert.match(header({ area: 'tenant', current: 'profile', staffNav: null, csrfToken: 't' }), /href="\/profile" aria-current="true">\s*<strong[^>]*>My Profile/);
  const staff = header({ area: 'staff', current: '', staffNav: [{ href: '/staff/repairs', text: 'Repairs' }], csrfToken: 'staff-token' });
  assert.match(staff, /back office/);
  assert.match(staff, /action="\/staff\/sign-out"/);
  assert.match(staff, /href="\/staff\/repairs"/);
  const visitor = header({ area: 'public', current: '', staffNav: null, csrfToken: null });
  assert.doesNotMatch(visitor, /sign-out|_csrf/);
});
