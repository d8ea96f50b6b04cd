import type { FastifyInstance } from 'fastify';
import { FormErrors, formBody, keepValues } from '../../lib/forms.ts';
import { idParam } from '../../lib/ids.ts';
import { requestContext } from '../../plugins/auth.ts';
import { tenantMenu } from '../tenant-menu.ts';
import { CHANGE_DETAIL_MAX, CHANGE_KINDS, parseChangeRequest } from './profile.schemas.ts';
import type { ProfileService } from './profile.service.ts';

const SECTION_DESCRIPTIONS: Record<string, string> = {
  '/profile/personal-details': 'Your name, date of birth and address, and how to tell us when they change.',
  '/profile/contact-details': 'The phone numbers and email addresses we can contact you on.',
  '/profile/secret-question': 'The question you answer when you reset a forgotten password.',
  '/profile/email': 'The email address you sign in with and we send account emails to.',
  '/profile/password': 'The password you use to sign in to this portal.',
  '/profile/security-password': 'The password our staff ask for when you call us.',
  '/profile/preferences': 'How we send you letters and notices, and your username.',
};

/** The My Profile overview, read-only personal details and "tell us about a change". */
export async function detailsRoutes(app: FastifyInstance, opts: { profile: ProfileService }): Promise<void> {
  const { profile } = opts;

  app.get('/profile', async (_request, reply) => {
    const sections = (tenantMenu().find((m) => m.href === '/profile')?.children ?? []).map((c) => ({ ...c, description: SECTION_DESCRIPTIONS[c.href] ?? '' }));
    return reply.page('profile/views/overview.njk', { title: 'My Profile', sections });
  });

  app.get('/profile/personal-details', async (request, reply) => {
    const details = await profile.personalDetails(request.account!.personId);
    return reply.page('profile/views/personal-details.njk', { title: 'Personal details', backLink: '/profile', details });
  });

  const kinds = Object.entries(CHANGE_KINDS).map(([value, k]) => ({ value, text: k.label }));
  const form = (values: Record<string, string>, errors?: FormErrors) => ({
    title: 'Tell us about a change',
    backLink: '/profile/personal-details',
    kinds,
    maxLength: CHANGE_DETAIL_MAX,
    values,
    errors: errors?.view(),
  });

  app.get('/profile/change-request', async (_request, reply) => reply.page('profile/views/change-request.njk', form({})));

  app.post('/profile/change-request', async (request, reply) => {
    const body = formBody(request.body);
    const errors = new FormErrors();
    const input = parseChangeRequest(body, errors);
    if (!input) return reply.code(400).page('profile/views/change-request.njk', form(keepValues(body), errors));
    const id = await profile.requestChange(request.account!.personId, request.account!.id, input.kind, input.detail, requestContext(request));
    return reply.redirect(`/profile/change-request/${id}`, 303);
  });

  app.get<{ Params: { id: string } }>('/profile/change-request/:id', async (request, reply) => {
    const sent = await profile.changeRequest(request.account!.personId, idParam(request.params.id));
    return reply.page('profile/views/change-request-sent.njk', { title: 'We have your change', sent });
  });
}
