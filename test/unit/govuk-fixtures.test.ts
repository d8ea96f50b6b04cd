import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { createTemplateEnvironment } from '../../src/plugins/views.ts';

/**
 * Our template environment trims the whitespace around block tags, keeps components' HTML and
 * replaces Nunjucks' `trim`. govuk-frontend ships, for each component, the HTML its macro must draw
 * for each example set of parameters; every one is drawn here and compared with whitespace runs
 * made one space, so a change that joined two words or two elements, or lost an attribute, fails.
 */
const env = createTemplateEnvironment(loadConfig({ NODE_ENV: 'test', APP_SECRET: 'x'.repeat(32) }));
const components = resolve('node_modules/govuk-frontend/dist/govuk/components');
const macroName = (component: string) => `govuk${component.replace(/(^|-)([a-z])/g, (_m, _dash, c: string) => c.toUpperCase())}`;
const spaced = (html: string) => html.replace(/\s+/g, ' ').trim();

interface Fixture {
  name: string;
  options: Record<string, unknown>;
  html: string;
}

test("every govuk-frontend component draws its published examples' HTML through our environment", () => {
  let drawn = 0;
  for (const component of readdirSync(components)) {
    const file = resolve(components, component, 'fixtures.json');
    if (!existsSync(file)) continue;
    const { fixtures } = JSON.parse(readFileSync(file, 'utf8')) as { fixtures: Fixture[] };
    for (const fixture of fixtures) {
      // Twice: the second time is the kept copy.
      for (let i = 0; i < 2; i++) {
        const html = env.renderString(`{{ ${macroName(component)}(params) }}`, { params: fixture.options });
        assert.equal(spaced(html), spaced(fixture.html), `${component}: ${fixture.name}`);
      }
      drawn++;
    }
  }
  assert.ok(drawn > 300, `only ${drawn} examples found`);
});
