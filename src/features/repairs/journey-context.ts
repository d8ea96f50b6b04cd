import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Landlord } from '../../config.ts';
import { chosenHome, readJourney, firstMissing, stepUrl, type InBlock, type Journey, type Step } from './repair-journey.ts';
import type { RepairsService, HouseholdHome } from './repairs.service.ts';

export interface JourneyContext {
  journey: Journey;
  /** The person's current homes, newest tenancy first. */
  homes: HouseholdHome[];
  /** The home the repair is for; null only before "Which address?" is answered. */
  home: HouseholdHome | null;
  inBlock: InBlock;
  /** "Which address?" is asked: more than one home, or a chosen home that has since ended. */
  asksHome: boolean;
  /** Reached from a "Change" link on "Check your answers". */
  changing: boolean;
}

/**
 * The journey so far for a step's page, or a redirect to the first earlier step still unanswered
 * (a page opened out of order, or an answer invalidated by a change further up).
 */
export async function journeyFor(request: FastifyRequest, reply: FastifyReply, repairs: RepairsService, step: Step): Promise<JourneyContext | null> {
  const homes = await repairs.homes(request.account!.personId);
  if (homes.length === 0) {
    reply.page('repairs/views/no-home.njk', { title: 'Log a Repair' });
    return null;
  }
  const journey = readJourney(request.session);
  const home = chosenHome(homes, journey.home);
  const inBlock = home ? home.blockId !== null : null;
  const missing = firstMissing(repairs.catalogue, journey, inBlock, step);
  if (missing) {
    reply.redirect(stepUrl(missing), 303);
    return null;
  }
  const changing = (request.query as Record<string, unknown>)?.change === '1';
  return { journey, homes, home, inBlock, asksHome: homes.length > 1 || home === null, changing };
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
