import type { Deps } from '../../deps.ts';
import { recordAudit, type RequestContext } from '../../lib/audit.ts';
import { queueEmail } from '../../lib/mail/outbox.ts';
import { temporaryPassword } from '../../lib/tokens.ts';
import { addWorkingDays, isoDate } from '../../lib/working-days.ts';
import { SEND_POLICY } from '../../plugins/throttle.ts';
import { alreadyRegisteredEmail, credentialEmails, credentialsLetter } from './registration-messages.ts';
import { RegistrationRepository, type Tenant } from './registration.repository.ts';
import type { WithoutCodeForm } from './registration.forms.ts';
import { freeUsername, ipKey, isUniqueViolation } from './registration.service.ts';

export type WithoutCodeResult = { ok: true; postBy: string } | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

/** Names compared without case, accents, or the punctuation and spacing people type differently. */
function nameKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z\s-]/g, '')
    .replace(/[\s-]+/g, ' ')
    .trim();
}

/**
 * The surname must match in full; of the forenames, the first is enough, since many people do
 * not give their middle names.
 */
export function sameName(tenant: { forenames: string; surname: string }, typed: { forenames: string; surname: string }): boolean {
  const first = (s: string) => nameKey(s).split(' ')[0] ?? '';
  return nameKey(tenant.surname) === nameKey(typed.surname) && first(tenant.forenames) !== '' && first(tenant.forenames) === first(typed.forenames);
}

/**
 * Registration without a code: on a match, an account with a temporary password whose details
 * go only to what is already on record (the email address we hold, or the tenancy address by
 * post). The caller gives the same answer whatever happened here.
 */
export class WithoutCodeService {
  constructor(private readonly deps: Deps) {}

  postBy(): string {
    const { landlord } = this.deps.config;
    return addWorkingDays(isoDate(this.deps.clock.now()), landlord.letterPostingWorkingDays, landlord.nation);
  }

  async register(form: WithoutCodeForm, ctx: RequestContext): Promise<WithoutCodeResult> {
    const { db, throttle, hasher } = this.deps;
    const keys = [ipKey(ctx)];
    const state = await throttle.check(keys);
    if (state.blocked) return { ok: false, reason: 'throttled', retryAfterSeconds: state.retryAfterSeconds };

    const tenants = await new RegistrationRepository(db).tenantsByReferenceAndBirth(form.reference, form.dateOfBirth);
    const tenant = tenants.find((t) => sameName(t, form));
    if (!tenant) {
      // The same work as a match, so the time taken does not tell the two apart.
      await hasher.hash(temporaryPassword());
      await this.unmatched(form, ctx);
      await throttle.fail(keys);
    } else if (tenant.hasAccount) {
      await this.alreadyRegistered(tenant, ctx);
    } else {
      await this.createAccount(tenant, form, ctx);
    }
    return { ok: true, postBy: this.postBy() };
  }

  private async unmatched(form: WithoutCodeForm, ctx: RequestContext): Promise<void> {
    const { db, clock } = this.deps;
    const now = clock.now();
    await db.transaction().execute(async (trx) => {
      const requestId = await new RegistrationRepository(trx).insertRequest({
        personId: null,
        kind: 'unmatched_registration',
        summary: `${form.forenames} ${form.surname}, agreement ${form.reference}`,
        detail: [
          'Someone asked to register without an activation code, and the details did not match our records.',
          `Name: ${form.forenames} ${form.surname}`,
          `Date of birth: ${form.dateOfBirth}`,
          `Agreement reference: ${form.reference}`,
          `Preferred contact: ${form.contact}`,
          `Email typed (not on record, nothing was sent to it): ${form.typedEmail ?? 'none'}`,
        ].join('\n'),
        createdAt: now.toISOString(),
      });
      await recordAudit(trx, now, { actorType: 'anonymous', action: 'registration_unmatched', detail: { reference: form.reference, requestId }, requestId: ctx.requestId, ip: ctx.ip });
    });
  }

  /** A second account is never made; the holder hears about it at the address on their account. */
  private async alreadyRegistered(tenant: Tenant, ctx: RequestContext): Promise<void> {
    const { db, clock, config, throttle, mail } = this.deps;
    const now = clock.now();
    const repo = new RegistrationRepository(db);
    const account = await repo.accountOf(tenant.personId);
    const personKey = [`register:notice:${tenant.personId}`];
    const canSend = Boolean(account?.email) && !(await throttle.check(personKey)).blocked;
    await db.transaction().execute(async (trx) => {
      if (canSend && account?.email) await queueEmail(trx, now, alreadyRegisteredEmail(config, account.email, `${tenant.forenames} ${tenant.surname}`, account.username));
      await recordAudit(trx, now, { actorType: 'anonymous', personId: tenant.personId, action: 'registration_repeated', detail: { noticeSent: canSend }, requestId: ctx.requestId, ip: ctx.ip });
    });
    if (canSend) {
      await throttle.fail(personKey, SEND_POLICY);
      mail.kick();
    }
  }

  private async createAccount(tenant: Tenant, form: WithoutCodeForm, ctx: RequestContext): Promise<void> {
    const { db, clock, config, hasher, mail } = this.deps;
    const now = clock.now();
    const today = isoDate(now);
    const password = temporaryPassword();
    const passwordHash = await hasher.hash(password);
    const name = [tenant.title, tenant.forenames, tenant.surname].filter(Boolean).join(' ');
    let delivery: 'email' | 'letter';
    try {
      delivery = await db.transaction().execute(async (trx) => {
        const repo = new RegistrationRepository(trx);
        const onRecord = await repo.emailOnRecord(tenant.personId, today);
        const accountEmail = onRecord && !(await repo.emailTaken(onRecord)) ? onRecord : null;
        const delivery = form.contact === 'email' && onRecord ? 'email' : 'letter';
        const username = await freeUsername(repo, tenant.forenames, tenant.surname);
        const accountId = await repo.insertAccount({
          personId: tenant.personId,
          username,
          email: accountEmail,
          passwordHash,
          mustChangePassword: true,
          secretQuestion: null,
          secretAnswerHash: null,
          securityPasswordHash: null,
          preferredContact: delivery,
          createdAt: now.toISOString(),
        });
        await repo.revokeLiveCodes(tenant.personId, now.toISOString());
        let letterId: number | null = null;
        if (delivery === 'email' && onRecord) {
          for (const message of credentialEmails(config, onRecord, `${tenant.forenames} ${tenant.surname}`, username, password)) await queueEmail(trx, now, message);
        } else {
          const pdf = await credentialsLetter(config, { name, address: tenant.address }, today, username, password);
          letterId = await repo.insertLetter({ personId: tenant.personId, agreementId: tenant.agreementId, kind: 'registration_details', title: 'Your sign-in details', pdf, createdAt: now.toISOString(), postBy: this.postBy() });
        }
        if (form.typedEmail && form.typedEmail !== onRecord) {
          await repo.insertRequest({
            personId: tenant.personId,
            kind: 'contact_details_check',
            summary: 'Email address given at registration differs from our records',
            detail: `When registering without a code, this tenant typed the email address ${form.typedEmail}. We hold ${onRecord ?? 'no email address'} for them. Nothing was sent to the typed address: check it with them before changing their contact details.`,
            createdAt: now.toISOString(),
          });
        }
        await recordAudit(trx, now, { actorType: 'tenant', actorId: accountId, personId: tenant.personId, action: 'registered', detail: { method: 'without_code', delivery, letterId }, requestId: ctx.requestId, ip: ctx.ip });
        return delivery;
      });
    } catch (error) {
      // Two submissions at once: one account was made, which is all that was asked for.
      if (isUniqueViolation(error) && (await new RegistrationRepository(db).accountOf(tenant.personId))) return;
      throw error;
    }
    if (delivery === 'email') mail.kick();
  }
}
