import multipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { FormErrors, formBody } from '../../lib/forms.ts';
import type { Deps } from '../../deps.ts';
import { HOUR } from '../../lib/clock.ts';
import { HttpError, notFound } from '../../lib/http-error.ts';
import type { ThrottlePolicy } from '../../plugins/throttle.ts';
import { journeyFor, type JourneyContext } from './journey-context.ts';
import { nextStep, saveJourney, stepUrl } from './repair-journey.ts';
import { MAX_PHOTOS, MAX_PHOTO_BYTES, PhotoRefused, deletePhoto, readPhoto, storePhoto } from './repair-photos.ts';
import type { RepairsService } from './repairs.service.ts';

interface UploadedFile {
  data: Buffer;
  /** Longer than the limit: the rest was never read. */
  truncated: boolean;
}

/** Photos sent (kept or refused) per account and per address: plenty for five photos and a few retries. */
const UPLOAD_POLICY: ThrottlePolicy = { free: 40, baseDelaySeconds: 60, maxDelaySeconds: HOUR / 1000, windowMs: HOUR };

const isUpload = (v: unknown): v is UploadedFile => typeof v === 'object' && v !== null && Buffer.isBuffer((v as UploadedFile).data);

/**
 * The optional photos step. Each photo is one ordinary form post (so it works without JavaScript);
 * the body is parsed before the CSRF check, held in memory only, and written to disk only once
 * it has been checked and re-encoded.
 */
export async function photoRoutes(app: FastifyInstance, opts: { deps: Deps; repairs: RepairsService }): Promise<void> {
  const { deps, repairs } = opts;
  // Nobody signed out gets as far as having 10MB read into memory.
  app.addHook('onRequest', async (request, reply) => {
    if (request.method === 'POST' && request.headers['content-type']?.startsWith('multipart/') && !request.session.accountId) {
      return reply.redirect('/sign-in', 303);
    }
  });
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    // Not thrown: the page says what was wrong instead of a bare error.
    throwFileSizeLimit: false,
    limits: { fileSize: MAX_PHOTO_BYTES, files: 1, fields: 4, parts: 5, fieldSize: 1024, headerPairs: 50 },
    async onFile(part: MultipartFile) {
      const data = await part.toBuffer();
      (part as unknown as { value: UploadedFile }).value = { data: part.file.truncated ? Buffer.alloc(0) : data, truncated: part.file.truncated };
    },
  });

  const page = (reply: FastifyReply, ctx: JourneyContext, errors?: FormErrors) =>
    reply.page('repairs/views/photos.njk', {
      title: 'Add photos of the problem',
      caption: 'Log a Repair',
      backLink: ctx.changing ? stepUrl('check') : stepUrl('describe'),
      change: ctx.changing,
      photos: ctx.journey.photos.map((p, i) => ({ index: i, href: `/repairs/new/photos/${i}`, size: p.sizeBytes < 1024 * 1024 ? `${Math.max(1, Math.round(p.sizeBytes / 1024))} KB` : `${(p.sizeBytes / 1024 / 1024).toFixed(1)} MB` })),
      full: ctx.journey.photos.length >= MAX_PHOTOS,
      max: MAX_PHOTOS,
      errors: errors?.view(),
    });

  app.get('/repairs/new/photos', async (request, reply) => {
    const ctx = await journeyFor(request, reply, repairs, 'photos');
    return ctx ? page(reply, ctx) : reply;
  });

  app.post('/repairs/new/photos', async (request, reply) => {
    const ctx = await journeyFor(request, reply, repairs, 'photos');
    if (!ctx) return reply;
    const throttleKeys = [`repair-photo:account:${request.account!.id}`, `repair-photo:ip:${request.ip}`];
    const limit = await deps.throttle.check(throttleKeys);
    if (limit.blocked) throw new HttpError(429, 'too_many_uploads', 'You have sent a lot of photos in a short time. Wait a while, then try again.', limit.retryAfterSeconds);
    await deps.throttle.fail(throttleKeys, UPLOAD_POLICY);
    const errors = new FormErrors();
    if (ctx.journey.photos.length >= MAX_PHOTOS) return page(reply.code(400), ctx, errors.add('photo', `You can add up to ${MAX_PHOTOS} photos`));
    const upload = (request.body as Record<string, unknown> | undefined)?.photo;
    if (!isUpload(upload) || (!upload.truncated && upload.data.length === 0)) return page(reply.code(400), ctx, errors.add('photo', 'Select a photo'));
    if (upload.truncated) return page(reply.code(413), ctx, errors.add('photo', 'The selected file must be smaller than 10MB'));
    try {
      const stored = await storePhoto(upload.data);
      saveJourney(request.session, { ...ctx.journey, photos: [...ctx.journey.photos, stored] });
    } catch (err) {
      if (!(err instanceof PhotoRefused)) throw err;
      return page(reply.code(err.status), ctx, errors.add('photo', err.message));
    }
    request.session.set('flash', `Photo ${ctx.journey.photos.length + 1} added`);
    return reply.redirect(stepUrl('photos', ctx.changing), 303);
  });

  app.post('/repairs/new/photos/remove', async (request, reply) => {
    const ctx = await journeyFor(request, reply, repairs, 'photos');
    if (!ctx) return reply;
    const index = Number(formBody(request.body).index);
    const photo = Number.isInteger(index) ? ctx.journey.photos[index] : undefined;
    if (photo) {
      await deletePhoto(photo.storedName);
      saveJourney(request.session, { ...ctx.journey, photos: ctx.journey.photos.filter((_, i) => i !== index) });
      request.session.set('flash', `Photo ${index + 1} removed`);
    }
    return reply.redirect(stepUrl('photos', ctx.changing), 303);
  });

  app.post('/repairs/new/photos/continue', async (request, reply) => {
    const ctx = await journeyFor(request, reply, repairs, 'photos');
    if (!ctx) return reply;
    const journey = { ...ctx.journey, photosDone: true };
    saveJourney(request.session, journey);
    return reply.redirect(nextStep('photos', repairs.catalogue, journey, ctx.inBlock, formBody(request.body).change === '1'), 303);
  });

  // A photo added in this journey, before the repair exists: only this session holds its name.
  app.get<{ Params: { index: string } }>('/repairs/new/photos/:index', async (request, reply) => {
    const ctx = await journeyFor(request, reply, repairs, 'photos');
    if (!ctx) return reply;
    const index = /^\d$/.test(request.params.index) ? Number(request.params.index) : -1;
    const photo = ctx.journey.photos[index];
    if (!photo) throw notFound();
    const data = await readPhoto(photo.storedName).catch(() => {
      throw notFound();
    });
    return sendPhoto(reply, photo.contentType, data, `photo-${index + 1}`);
  });
}

/** An image with headers that stop a browser treating it as anything else. */
export function sendPhoto(reply: FastifyReply, contentType: string, data: Buffer, name: string): FastifyReply {
  const ext = contentType.split('/')[1] === 'jpeg' ? 'jpg' : contentType.split('/')[1];
  return reply
    .header('content-type', contentType)
    .header('x-content-type-options', 'nosniff')
    .header('content-disposition', `inline; filename="${name}.${ext}"`)
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cache-control', 'private, no-store')
    .send(data);
}
