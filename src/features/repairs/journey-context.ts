import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Landlord } from '../../config.ts';
import { readJourney, firstMissing, stepUrl, type Journey, type Step } from './repair-journey.ts';
import type { RepairsService, HouseholdHome } from './repairs.service.ts';

export interface JourneyContext {
  journey: Journey;
  home: HouseholdHome;
  inBlock: boolean;
  /** Reached from a "Change" link on "Check your answers". */
  changing: boolean;
}

/**
 * The journey so far for a step's page, or a redirect to the first earlier step still unanswered
 * (a page opened out of order, or an answer invalidated by a change further up).
 */
export async function journeyFor(request: FastifyRequest, reply: FastifyReply, repairs: RepairsService, step: Step): Promise<JourneyContext | null> {
  const home = await repairs.home(request.account!.personId);
  if (!home) {
    reply.page('repairs/views/no-home.njk', { title: 'Log a Repair' });
    return null;
  }
  const journey = readJourney(request.session);
  const inBlock = home.blockId !== null;
  const missing = firstMissing(repairs.catalogue, journey, inBlock, step);
  if (missing) {
    reply.redirect(stepUrl(missing), 303);
    return null;
  }
  const changing = (request.query as Record<string, unknown>)?.change === '1';
  return { journey, home, inBlock, changing };
}

export function emergencyPhone(landlord: Landlord): string {
  return (landlord.phones.find((p) => /emergenc/i.test(p.label)) ?? landlord.phones[0]).number;
}

export interface RadioItem {
  value: string;
  text: string;
  hint?: { text: string };
  checked?: boolean;
}

export function radioItems(options: ReadonlyArray<{ id: string; label: string; hint?: string }>, selected: string | undefined): RadioItem[] {
  return options.map((o) => ({ value: o.id, text: o.label, hint: o.hint ? { text: o.hint } : undefined, checked: o.id === selected }));
}
