import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as sass from 'sass';
import type { Landlord } from '../config.ts';

export interface BuiltAssets {
  /** Fingerprinted file names, so they can be cached for a year. */
  cssFile: string;
  css: string;
  logoFile: string;
  logo: Buffer;
  logoType: string;
}

const memo = new Map<string, BuiltAssets>();

/**
 * Compiles govuk-frontend with the landlord's colours and font. Compiling takes a few seconds,
 * so the result is kept on disk by a hash of its inputs and in memory for the process.
 */
export function buildAssets(landlord: Landlord, cacheDir = 'data/cache'): BuiltAssets {
  const source = readFileSync(resolve('src/assets/app.scss'), 'utf8');
  const frontendVersion = (JSON.parse(readFileSync(resolve('node_modules/govuk-frontend/package.json'), 'utf8')) as { version: string }).version;
  const prelude = `$doorstep-colours: (brand: ${landlord.colours.brand}, template-background: ${landlord.colours.templateBackground}, link: ${landlord.colours.link}, surface-border: ${landlord.colours.brand});\n$doorstep-font: ${landlord.font};\n`;
  const key = createHash('sha256').update(prelude + source + frontendVersion).digest('hex').slice(0, 16);
  const cached = memo.get(key);
  if (cached) return cached;

  const cacheFile = join(cacheDir, `app-${key}.css`);
  let css: string;
  if (existsSync(cacheFile)) {
    css = readFileSync(cacheFile, 'utf8');
  } else {
    css = sass.compileString(prelude + source, {
      importers: [new sass.NodePackageImporter(process.cwd())],
      style: 'compressed',
      silenceDeprecations: ['import'],
      quietDeps: true,
    }).css;
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(cacheFile, css);
  }
  const logo = readFileSync(resolve(landlord.logo));
  const logoHash = createHash('sha256').update(logo).digest('hex').slice(0, 12);
  const ext = landlord.logo.split('.').pop() ?? 'svg';
  const built: BuiltAssets = {
    cssFile: `app-${key}.css`,
    css,
    logoFile: `logo-${logoHash}.${ext}`,
    logo,
    logoType: ext === 'svg' ? 'image/svg+xml' : ext === 'png' ? 'image/png' : 'application/octet-stream',
  };
  memo.set(key, built);
  return built;
}
