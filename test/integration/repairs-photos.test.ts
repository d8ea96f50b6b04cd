import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { errorSummary } from '../helpers/agent.ts';
import { createAccount, createHousehold, type TestAccount } from '../helpers/factories.ts';
import { createTestApp, databaseUnavailable, type TestApp } from '../helpers/test-app.ts';
import { sweepOrphanPhotos } from '../../src/features/repairs/photo-sweep.ts';
import { answerJourney, multipartBody, signIn, submit, uploadPhoto, useTempUploads } from './repairs-support.ts';

const skip = await databaseUnavailable();

const jpeg = (width = 64, height = 48) => sharp({ create: { width, height, channels: 3, background: { r: 200, g: 60, b: 40 } } }).jpeg().toBuffer();

/** A JPEG as a phone takes one: camera make and the GPS position of the home in its EXIF. */
const jpegWithGps = () =>
  sharp({ create: { width: 80, height: 60, channels: 3, background: { r: 10, g: 120, b: 200 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'LeakyCam', Model: 'Phone 9', ImageDescription: 'Kitchen at home' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 1234/100', GPSLongitudeRef: 'W', GPSLongitude: '0/1 7/1 3900/100' },
    })
    .toBuffer();

/** A PNG whose header claims 20,000 × 20,000 pixels: 400 million to decode from a few bytes. */
function pngBomb(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(20000, 0);
  ihdr.writeUInt32BE(20000, 4);
  ihdr[8] = 8;
  ihdr[9] = 0;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])), chunk('IEND', Buffer.alloc(0))]);
}

describe('repair photos', { skip }, () => {
  let t: TestApp;
  let dir: string;
  let me: TestAccount;
  let neighbour: TestAccount;
  before(async () => {
    dir = useTempUploads();
    t = await createTestApp();
    const home = await createHousehold(t.app.deps);
    me = await createAccount(t.app.deps, home.people[0].personId);
    const other = await createHousehold(t.app.deps);
    neighbour = await createAccount(t.app.deps, other.people[0].personId);
  });
  after(() => t.close());

  const files = () => readdirSync(dir).sort();

  test('a photo with GPS metadata is stored and served without it', async () => {
    const original = await jpegWithGps();
    const before = await sharp(original).metadata();
    assert.ok(before.exif && before.exif.length > 0, 'the test photo carries EXIF');
    assert.ok(original.includes(Buffer.from('LeakyCam')));

    const agent = await signIn(t.app, me);
    await answerJourney(agent);
    const res = await uploadPhoto(t.app, agent, { filename: 'IMG_0001.JPG', type: 'image/jpeg', data: original });
    assert.equal(res.statusCode, 303, res.body.slice(0, 500));
    const page = await agent.get('/repairs/new/photos');
    assert.match(page.body, /Photo 1 added/);
    assert.match(page.body, /<img[^>]+src="\/repairs\/new\/photos\/0"/);
    const preview = await agent.get('/repairs/new/photos/0');
    assert.equal(preview.statusCode, 200);
    assert.equal(preview.headers['content-type'], 'image/jpeg');

    const check = await agent.get('/repairs/new/check');
    assert.match(check.body, /1 photo/);
    const reference = await submit(agent, check);
    const view = await agent.get(`/repairs/${reference}`);
    const href = /<img[^>]+src="(\/repairs\/R\d+\/photos\/\d+)"/.exec(view.body)?.[1];
    assert.ok(href, 'the repair page shows the photo');
    const served = await agent.get(href);
    assert.equal(served.statusCode, 200);
    assert.equal(served.headers['content-type'], 'image/jpeg');
    assert.equal(served.headers['x-content-type-options'], 'nosniff');
    assert.match(String(served.headers['content-security-policy']), /sandbox/);
    const bytes = served.rawPayload;
    const after = await sharp(bytes).metadata();
    assert.equal(after.exif, undefined, 'no EXIF (so no GPS) left');
    assert.equal(after.width, 80);
    assert.ok(!bytes.includes(Buffer.from('LeakyCam')));
    assert.ok(!bytes.includes(Buffer.from('Kitchen at home')));

    // Only that household: another tenant, and a made-up id, are not found.
    const other = await signIn(t.app, neighbour);
    assert.equal((await other.get(href)).statusCode, 404);
    assert.equal((await other.get(`/repairs/${reference}`)).statusCode, 404);
    assert.equal((await other.get('/repairs/new/photos/0')).statusCode, 303);
    for (const url of [`/repairs/${reference}/photos/999999`, `/repairs/${reference}/photos/abc`, `/repairs/${reference}/photos/0`, '/repairs/R9999999/photos/1']) {
      assert.equal((await agent.get(url)).statusCode, 404, url);
    }
  });

  test('files that are not photos are refused with 415 and a clear message, and nothing is kept', async () => {
    const agent = await signIn(t.app, me);
    await answerJourney(agent);
    const start = files();
    const cases = [
      { filename: 'photo.jpg', type: 'image/jpeg', data: Buffer.from('<!doctype html><html><script>alert(1)</script></html>') },
      { filename: 'drawing.svg', type: 'image/svg+xml', data: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>') },
      { filename: 'notes.txt', type: 'text/plain', data: Buffer.from('just some text') },
      { filename: 'anim.gif', type: 'image/gif', data: await sharp({ create: { width: 4, height: 4, channels: 3, background: 'white' } }).gif().toBuffer() },
    ];
    for (const file of cases) {
      const res = await uploadPhoto(t.app, agent, file);
      assert.equal(res.statusCode, 415, file.filename);
      assert.deepEqual(errorSummary(res.body), ['The selected file must be a JPG, PNG or WebP photo'], file.filename);
    }
    // A real JPEG header with nothing decodable behind it.
    const broken = Buffer.concat([(await jpeg()).subarray(0, 40)]);
    const res = await uploadPhoto(t.app, agent, { filename: 'broken.jpg', type: 'image/jpeg', data: broken });
    assert.equal(res.statusCode, 415);
    assert.deepEqual(files(), start);
  });

  test('a decompression bomb is refused from its header, quickly', async () => {
    const agent = await signIn(t.app, me);
    await answerJourney(agent);
    const start = files();
    const rss = process.memoryUsage().rss;
    const began = Date.now();
    const res = await uploadPhoto(t.app, agent, { filename: 'bomb.png', type: 'image/png', data: pngBomb() });
    assert.equal(res.statusCode, 413);
    assert.match(errorSummary(res.body)[0], /too many pixels/);
    assert.ok(Date.now() - began < 2000, 'refused quickly');
    assert.ok(process.memoryUsage().rss - rss < 200 * 1024 * 1024, 'no memory spike');
    assert.deepEqual(files(), start);
  });

  test('a file over 10MB is refused with 413, and nothing is left on disk', async () => {
    const agent = await signIn(t.app, me);
    await answerJourney(agent);
    const start = files();
    const big = Buffer.concat([await jpeg(), Buffer.alloc(10 * 1024 * 1024)]);
    const res = await uploadPhoto(t.app, agent, { filename: 'huge.jpg', type: 'image/jpeg', data: big });
    assert.equal(res.statusCode, 413);
    assert.deepEqual(errorSummary(res.body), ['The selected file must be smaller than 10MB']);
    assert.deepEqual(files(), start);
  });

  test('no file selected, or no CSRF token, stores nothing', async () => {
    const agent = await signIn(t.app, me);
    await answerJourney(agent);
    const start = files();
    const none = await uploadPhoto(t.app, agent, { filename: '', type: 'application/octet-stream', data: Buffer.alloc(0) });
    assert.equal(none.statusCode, 400);
    assert.deepEqual(errorSummary(none.body), ['Select a photo']);
    const forged = await uploadPhoto(t.app, agent, { filename: 'a.jpg', type: 'image/jpeg', data: await jpeg() }, { csrf: false });
    assert.equal(forged.statusCode, 403);
    assert.deepEqual(files(), start);
  });

  test('a path-like file name is ignored; PNG and WebP are kept in their format; the 6th photo is refused', async () => {
    const agent = await signIn(t.app, me);
    await answerJourney(agent);
    const before = new Set(files());
    const uploads = [
      { filename: '../../../../etc/passwd.jpg', type: 'image/jpeg', data: await jpeg() },
      { filename: '..\\..\\win.ini.png', type: 'image/png', data: await sharp({ create: { width: 20, height: 20, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0.5 } } }).png().toBuffer() },
      { filename: 'c.webp', type: 'image/webp', data: await sharp({ create: { width: 20, height: 20, channels: 3, background: 'green' } }).webp().toBuffer() },
      { filename: 'd.jpg', type: 'image/jpeg', data: await jpeg() },
      { filename: 'e.jpg', type: 'image/jpeg', data: await jpeg() },
    ];
    for (const file of uploads) assert.equal((await uploadPhoto(t.app, agent, file)).statusCode, 303, file.filename);
    const added = files().filter((f) => !before.has(f));
    assert.equal(added.length, 5);
    for (const name of added) assert.match(name, /^[a-f0-9]{32}\.(jpg|png|webp)$/);
    assert.deepEqual(added.map((n) => n.split('.')[1]).sort(), ['jpg', 'jpg', 'jpg', 'png', 'webp']);

    const page = await agent.get('/repairs/new/photos');
    assert.match(page.body, /You have added 5 photos/);
    assert.doesNotMatch(page.body, /enctype="multipart\/form-data"/);
    const sixth = await uploadPhoto(t.app, agent, { filename: 'f.jpg', type: 'image/jpeg', data: await jpeg() });
    assert.equal(sixth.statusCode, 400);
    assert.deepEqual(errorSummary(sixth.body), ['You can add up to 5 photos']);
    assert.equal(files().length, before.size + 5);

    // Removing one deletes its file; the rest are attached to the repair.
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1];
    await agent.post('/repairs/new/photos/remove', { index: '1', _csrf: token });
    assert.equal(files().length, before.size + 4);
    const reference = await submit(agent, await agent.get('/repairs/new/check'));
    const repair = await t.app.deps.db.selectFrom('repairs').select('id').where('reference', '=', reference).executeTakeFirstOrThrow();
    const photos = await t.app.deps.db.selectFrom('repair_photos').selectAll().where('repair_id', '=', repair.id).execute();
    assert.equal(photos.length, 4);
    assert.deepEqual(photos.map((p) => p.content_type).sort(), ['image/jpeg', 'image/jpeg', 'image/jpeg', 'image/webp']);
  });

  test('a signed-out upload is turned away before its body is read', async () => {
    const { payload, contentType } = multipartBody({}, { filename: 'a.jpg', type: 'image/jpeg', data: await jpeg() });
    const start = files();
    const res = await t.app.inject({ method: 'POST', url: '/repairs/new/photos', headers: { 'content-type': contentType }, payload });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/sign-in');
    assert.deepEqual(files(), start);
  });

  test('photos of a journey never finished are swept after a day; a repair’s photos stay', async () => {
    const agent = await signIn(t.app, neighbour);
    await answerJourney(agent);
    await uploadPhoto(t.app, agent, { filename: 'left.jpg', type: 'image/jpeg', data: await jpeg() });
    const kept = await t.app.deps.db.selectFrom('repair_photos').select('stored_name').execute();
    assert.ok(kept.length > 0);
    const orphans = files().filter((f) => !kept.some((k) => k.stored_name === f));
    assert.ok(orphans.length > 0);
    // Not yet a day old: nothing goes.
    assert.equal(await sweepOrphanPhotos(t.app.deps.db, new Date()), 0);
    const later = new Date(Date.now() + 25 * 60 * 60 * 1000);
    assert.equal(await sweepOrphanPhotos(t.app.deps.db, later), orphans.length);
    assert.deepEqual(files(), kept.map((k) => k.stored_name).sort());
  });

  test('sending photo after photo is slowed down after 40 in an hour', async () => {
    const agent = await signIn(t.app, neighbour);
    await answerJourney(agent);
    // Earlier tests sent photos from the same test address.
    await t.app.deps.throttle.reset(['repair-photo:ip:127.0.0.1']);
    const text = { filename: 'x.txt', type: 'text/plain', data: Buffer.from('not a photo') };
    for (let i = 0; i < 40; i++) assert.equal((await uploadPhoto(t.app, agent, text)).statusCode, 415);
    const res = await uploadPhoto(t.app, agent, text);
    assert.equal(res.statusCode, 429);
    assert.match(res.body, /Wait a while, then try again/);
  });
});
