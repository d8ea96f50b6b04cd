import type { Session } from '../../plugins/session/session-plugin.ts';
import { findArea, findItem, findLocation, findProblem, type Choice, type RepairsCatalogue } from './repairs-catalogue.ts';
import type { StoredPhoto } from './repair-photos.ts';
import type { HouseholdHome } from './repairs.repository.ts';

/** The answers of "Log a repair", kept in the session between pages. */
export interface Journey {
  emergencyChecked?: boolean;
  /** The agreement reference of the home chosen, asked only of a person with more than one current home. */
  home?: string;
  location?: string;
  area?: string;
  item?: string;
  problem?: string;
  damp?: { extent: string; duration: string; health: string };
  description?: string;
  photos: StoredPhoto[];
  photosDone?: boolean;
  days?: string[];
  times?: string[];
  accessNotes?: string;
  accessDone?: boolean;
}

const KEY = 'repairJourney';

export function readJourney(session: Session): Journey {
  return session.get<Journey>(KEY) ?? { photos: [] };
}
export function saveJourney(session: Session, journey: Journey): void {
  session.set(KEY, journey);
}
export function clearJourney(session: Session): void {
  session.unset(KEY);
}

export const STEPS = ['emergency', 'home', 'where', 'area', 'item', 'problem', 'damp', 'describe', 'photos', 'access', 'check'] as const;
export type Step = (typeof STEPS)[number];

export const stepUrl = (step: Step, change = false) => `/repairs/new${step === 'emergency' ? '' : `/${step}`}${change ? '?change=1' : ''}`;

/**
 * Whether the chosen home is in a block (communal areas are offered only then), or null while no home
 * is chosen: the pages after "Which address?" cannot be answered until it is.
 */
export type InBlock = boolean | null;

/**
 * The home the journey is for: the one chosen, while it is still one of the person's current homes,
 * or the only one when there is nothing to choose. A chosen home that has since ended is no home.
 */
export function chosenHome(homes: HouseholdHome[], chosen: string | undefined): HouseholdHome | null {
  if (chosen === undefined) return homes.length === 1 ? homes[0] : null;
  return homes.find((h) => h.agreementReference === chosen) ?? null;
}

/** The catalogue choice so far, each level only if it is valid under the one before. */
export function resolveChoice(catalogue: RepairsCatalogue, j: Journey, inBlock: InBlock) {
  const location = findLocation(catalogue, j.location);
  const allowedLocation = location && (!location.communalOnly || inBlock === true) ? location : undefined;
  const area = findArea(allowedLocation, j.area);
  const item = findItem(area, j.item);
  const problem = findProblem(item, j.problem);
  return { location: allowedLocation, area, item, problem };
}

export function fullChoice(catalogue: RepairsCatalogue, j: Journey, inBlock: InBlock): Choice | null {
  const c = resolveChoice(catalogue, j, inBlock);
  return c.location && c.area && c.item && c.problem ? (c as Choice) : null;
}

/** Whether a step has its answer; a step that does not apply (damp questions for a dripping tap) counts as done. */
export function stepDone(step: Step, catalogue: RepairsCatalogue, j: Journey, inBlock: InBlock): boolean {
  const c = resolveChoice(catalogue, j, inBlock);
  switch (step) {
    case 'emergency':
      return j.emergencyChecked === true;
    case 'home':
      return inBlock !== null;
    case 'where':
      return Boolean(c.location);
    case 'area':
      return Boolean(c.area);
    case 'item':
      return Boolean(c.item);
    case 'problem':
      return Boolean(c.problem);
    case 'damp':
      return !c.problem?.damp || Boolean(j.damp);
    case 'describe':
      return Boolean(j.description);
    case 'photos':
      return j.photosDone === true;
    case 'access':
      return j.accessDone === true;
    case 'check':
      return false;
  }
}

/** The first step still to answer, up to (not including) `before`; null when all before it are done. */
export function firstMissing(catalogue: RepairsCatalogue, j: Journey, inBlock: InBlock, before: Step = 'check'): Step | null {
  for (const step of STEPS) {
    if (step === before) return null;
    if (!stepDone(step, catalogue, j, inBlock)) return step;
  }
  return null;
}

/**
 * Where a page goes after its answer is saved: back to "Check your answers" when changing an answer
 * and nothing else is now missing, otherwise the next step that still applies.
 */
export function nextStep(current: Step, catalogue: RepairsCatalogue, j: Journey, inBlock: InBlock, changing: boolean): string {
  const missing = firstMissing(catalogue, j, inBlock);
  if (changing && missing === null) return stepUrl('check');
  let i = STEPS.indexOf(current) + 1;
  while (STEPS[i] === 'damp' && stepDone('damp', catalogue, j, inBlock) && !resolveChoice(catalogue, j, inBlock).problem?.damp) i += 1;
  return stepUrl(STEPS[i], changing);
}
