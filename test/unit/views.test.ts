import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { createTemplateEnvironment } from '../../src/plugins/views.ts';

const env = createTemplateEnvironment(loadConfig({ NODE_ENV: 'test', APP_SECRET: 'x'.repeat(32) }));

test('trim keeps Nunjucks semantics: plain text is still escaped, safe markup stays safe', () => {
  assert.equal(env.renderString('[{{ "  a b  " | trim }}]', {}), '[a b]');
  assert.equal(env.renderString('{% set h %}  <b>x</b>  {% endset %}[{{ h | trim }}]', {}), '[&lt;b&gt;x&lt;/b&gt;]');
  assert.equal(env.renderString('[{{ ("<u>" | safe) | trim }}]', {}), '[<u>]');
  assert.equal(env.renderString('[{{ value | trim }}]', { value: `\n${' '.repeat(50_000)}x${' '.repeat(50_000)}\n` }), '[x]');
  assert.equal(env.renderString('[{{ missing | trim }}]', {}), '[]');
});

test('the footer is the landlord’s, with their links and phone numbers', () => {
  const config = loadConfig({ NODE_ENV: 'test', APP_SECRET: 'x'.repeat(32) });
  const html = env.renderString('{{ fragment("partials/footer.njk", {}) }}', {});
  assert.ok(html.includes(`href="${config.landlord.links.reportAsb}"`));
  assert.ok(html.includes(config.landlord.phones[0].number));
  assert.ok(html.includes(`© ${config.landlord.name}`));
});
