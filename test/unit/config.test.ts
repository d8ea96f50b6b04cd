import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../../src/config.ts';

const base = { NODE_ENV: 'test', APP_SECRET: 'x'.repeat(32) };

test('the PostgreSQL pool is 10 connections a process unless DATABASE_POOL_SIZE says otherwise', () => {
  assert.equal(loadConfig(base).databasePoolSize, 10);
  assert.equal(loadConfig({ ...base, DATABASE_POOL_SIZE: '4' }).databasePoolSize, 4);
});

test('a pool size that is not a whole number from 1 to 100 stops the start with a clear message', () => {
  for (const bad of ['0', '-1', '2.5', 'ten', '101']) {
    assert.throws(() => loadConfig({ ...base, DATABASE_POOL_SIZE: bad }), new RegExp(`DATABASE_POOL_SIZE is a number of connections from 1 to 100, not ${bad.replace('.', '\\.')}`));
  }
});

test('WEB_CONCURRENCY is checked the same way', () => {
  assert.equal(loadConfig({ ...base, WEB_CONCURRENCY: '3' }).workers, 3);
  assert.throws(() => loadConfig({ ...base, WEB_CONCURRENCY: '0' }), /WEB_CONCURRENCY is a number of processes from 1 to 64, not 0/);
});

test('pages are kept unless KEEP_PAGES=off, and nothing but on or off is taken', () => {
  assert.equal(loadConfig(base).keepPages, true);
  assert.equal(loadConfig({ ...base, KEEP_PAGES: 'on' }).keepPages, true);
  assert.equal(loadConfig({ ...base, KEEP_PAGES: 'off' }).keepPages, false);
  for (const bad of ['', 'no', 'OFF', 'false']) assert.throws(() => loadConfig({ ...base, KEEP_PAGES: bad }), new RegExp(`KEEP_PAGES is on or off, not ${bad}$`));
});
