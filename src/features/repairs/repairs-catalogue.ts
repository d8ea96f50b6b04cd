import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';

/*
 * The repairs catalogue: where → room or area → item → what is wrong, each problem with its priority
 * and trade. A data file, so the landlord changes what tenants can report without a code change.
 */

const slug = z.string().regex(/^[a-z0-9-]{1,40}$/, 'ids are lower-case letters, digits and dashes');
const priority = z.enum(['emergency', 'urgent', 'routine']);
const rightToRepair = z.enum(['oneDay', 'threeDay', 'sevenDay', 'heating']);

const problemSchema = z.object({
  id: slug,
  label: z.string().min(1),
  priority,
  trade: z.string().min(1),
  rightToRepair: rightToRepair.optional(),
  /** Damp, mould or condensation: asks the extra questions and starts the Awaab's Law clock. */
  damp: z.boolean().default(false),
});

const itemSchema = z.object({ id: slug, label: z.string().min(1), problems: z.array(problemSchema).min(1) });
const areaSchema = z.object({ id: slug, label: z.string().min(1), items: z.array(itemSchema).min(1) });
const locationSchema = z.object({
  id: z.enum(['home', 'communal', 'outside']),
  label: z.string().min(1),
  hint: z.string().optional(),
  /** Offered only to a home in a block. */
  communalOnly: z.boolean().default(false),
  areas: z.array(areaSchema).min(1),
});

const monthDay = z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/);

const catalogueSchema = z
  .object({
    priorities: z.object({
      emergency: z.object({ label: z.string(), hours: z.number().int().positive(), promise: z.string() }),
      urgent: z.object({ label: z.string(), workingDays: z.number().int().positive(), promise: z.string() }),
      routine: z.object({ label: z.string(), workingDays: z.number().int().positive(), promise: z.string() }),
    }),
    rightToRepair: z.object({
      oneDay: z.number().int().positive(),
      threeDay: z.number().int().positive(),
      sevenDay: z.number().int().positive(),
      heating: z.object({
        winterWorkingDays: z.number().int().positive(),
        summerWorkingDays: z.number().int().positive(),
        winterStartsMonthDay: monthDay,
        winterEndsMonthDay: monthDay,
      }),
    }),
    dampInvestigationWorkingDays: z.number().int().positive(),
    locations: z.array(locationSchema).min(1),
  })
  .superRefine((c, ctx) => {
    // Ids must be unique at each level, or a choice could not be found again.
    const dupes = (ids: string[], where: string) => {
      const seen = new Set<string>();
      for (const id of ids) {
        if (seen.has(id)) ctx.addIssue({ code: 'custom', message: `duplicate id "${id}" in ${where}` });
        seen.add(id);
      }
    };
    dupes(c.locations.map((l) => l.id), 'locations');
    for (const l of c.locations) {
      dupes(l.areas.map((a) => a.id), l.id);
      for (const a of l.areas) {
        dupes(a.items.map((i) => i.id), `${l.id}/${a.id}`);
        for (const i of a.items) dupes(i.problems.map((p) => p.id), `${l.id}/${a.id}/${i.id}`);
      }
    }
  });

export type RepairsCatalogue = z.infer<typeof catalogueSchema>;
export type CatalogueLocation = RepairsCatalogue['locations'][number];
export type CatalogueArea = CatalogueLocation['areas'][number];
export type CatalogueItem = CatalogueArea['items'][number];
export type CatalogueProblem = CatalogueItem['problems'][number];
export type PrioritySettings = RepairsCatalogue['priorities'];
export type RightToRepairSettings = RepairsCatalogue['rightToRepair'];

export function parseCatalogue(raw: unknown): RepairsCatalogue {
  return catalogueSchema.parse(raw);
}

export function loadCatalogue(file = process.env.REPAIRS_CATALOGUE ?? 'config/repairs-catalogue.json'): RepairsCatalogue {
  return parseCatalogue(JSON.parse(readFileSync(resolve(file), 'utf8')));
}

let cached: RepairsCatalogue | null = null;
/** Read once per process: a bad file stops the start-up rather than a tenant's journey. */
export function repairsCatalogue(): RepairsCatalogue {
  cached ??= loadCatalogue();
  return cached;
}

export interface Choice {
  location: CatalogueLocation;
  area: CatalogueArea;
  item: CatalogueItem;
  problem: CatalogueProblem;
}

/** Each level of a choice, as far as it is valid; undefined from the first id the catalogue does not know. */
export function findLocation(c: RepairsCatalogue, id: unknown): CatalogueLocation | undefined {
  return c.locations.find((l) => l.id === id);
}
export function findArea(l: CatalogueLocation | undefined, id: unknown): CatalogueArea | undefined {
  return l?.areas.find((a) => a.id === id);
}
export function findItem(a: CatalogueArea | undefined, id: unknown): CatalogueItem | undefined {
  return a?.items.find((i) => i.id === id);
}
export function findProblem(i: CatalogueItem | undefined, id: unknown): CatalogueProblem | undefined {
  return i?.problems.find((p) => p.id === id);
}
