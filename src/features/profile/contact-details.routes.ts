import type { FastifyInstance } from 'fastify';
import { dateParts, formatUkPhone, FormErrors, formBody, keepValues, type FormBody } from '../../lib/forms.ts';
import { idParam } from '../../lib/ids.ts';
import { requestContext } from '../../plugins/auth.ts';
import { CONTACT_METHODS, parseContactDetail } from './profile.schemas.ts';
import type { ContactDetailView, ProfileService } from './profile.service.ts';

type IdParams = { id: string };
const LIST = '/profile/contact-details';

/** Contact details (seed 004 "Your Contact Details"): list, create and edit. */
export async function contactDetailsRoutes(app: FastifyInstance, opts: { profile: ProfileService }): Promise<void> {
  const { profile } = opts;
  const methods = Object.entries(CONTACT_METHODS).map(([value, m]) => ({ value, text: m.name }));

  app.get(LIST, async (request, reply) => {
    const details = await profile.contactDetails(request.account!.personId);
    return reply.page('profile/views/contact-details.njk', {
      title: 'Contact details',
      backLink: '/profile',
      current: details.filter((d) => d.current),
      ended: details.filter((d) => !d.current),
    });
  });

  const form = (mode: 'new' | 'edit', action: string, values: FormBody, errors?: FormErrors, detail?: ContactDetailView) => ({
    title: mode === 'new' ? 'Add contact details' : 'Change contact details',
    backLink: LIST,
    mode,
    action,
    methods: [{ value: '', text: 'Select a contact method' }, ...methods],
    values,
    today: profile.today(),
    detail,
    errors: errors?.view(),
  });

  app.get(`${LIST}/new`, async (_request, reply) => reply.page('profile/views/contact-detail-form.njk', form('new', `${LIST}/new`, dateParts('startDate', profile.today()))));

  app.post(`${LIST}/new`, async (request, reply) => {
    const body = formBody(request.body);
    const errors = new FormErrors();
    const input = parseContactDetail(body, profile.today(), false, errors);
    if (!input) return reply.code(400).page('profile/views/contact-detail-form.njk', form('new', `${LIST}/new`, keepValues(body), errors));
    await profile.addContactDetail(request.account!.personId, request.account!.id, input, requestContext(request));
    request.session.set('flash', `${CONTACT_METHODS[input.method].name} added`);
    return reply.redirect(LIST, 303);
  });

  app.get<{ Params: IdParams }>(`${LIST}/:id/edit`, async (request, reply) => {
    const detail = await profile.contactDetail(request.account!.personId, idParam(request.params.id));
    const value = CONTACT_METHODS[detail.method as keyof typeof CONTACT_METHODS]?.kind === 'phone' ? formatUkPhone(detail.value.replace(/[\s\-()]/g, '')) : detail.value;
    const values = { method: detail.method, value, ...dateParts('startDate', detail.startDate) };
    return reply.page('profile/views/contact-detail-form.njk', form('edit', `${LIST}/${detail.id}/edit`, values, undefined, detail));
  });

  app.post<{ Params: IdParams }>(`${LIST}/:id/edit`, async (request, reply) => {
    const personId = request.account!.personId;
    const detail = await profile.contactDetail(personId, idParam(request.params.id));
    const body = formBody(request.body);
    const errors = new FormErrors();
    const input = parseContactDetail(body, profile.today(), true, errors);
    if (!input) return reply.code(400).page('profile/views/contact-detail-form.njk', form('edit', `${LIST}/${detail.id}/edit`, keepValues(body), errors, detail));
    await profile.editContactDetail(personId, request.account!.id, detail.id, input, requestContext(request));
    request.session.set('flash', `${CONTACT_METHODS[input.method].name} changed`);
    return reply.redirect(LIST, 303);
  });
}
