/** Fictional names and places for the demo landlord. Any likeness to real people is chance. */
export const FORENAMES = ['Alex', 'Sam', 'Priya', 'Tomasz', 'Grace', 'Owen', 'Amara', 'Declan', 'Mei', 'Hannah', 'Yusuf', 'Ellie', 'Callum', 'Rosa', 'Idris', 'Nia', 'Joe', 'Fatima', 'Liam', 'Zofia', 'Kwame', 'Beth', 'Rhys', 'Aisha'];
export const SURNAMES = ['Morgan', 'Okafor', 'Patel', 'Nowak', 'Hughes', 'Price', 'Mensah', 'Byrne', 'Chen', 'Walsh', 'Rahman', 'Davies', 'Fraser', 'Silva', 'Jones', 'Evans', 'Khan', 'Murphy', 'Kowalski', 'Boateng', 'Ellis', 'Lloyd', 'Ahmed', 'Reid'];
export const TITLES = ['Mr', 'Ms', 'Mrs', 'Miss', 'Mx', 'Dr'];
export const STREETS = ['Mill Lane', 'Orchard Way', 'Willow Close', 'Station Road', 'Church View', 'Beacon Rise', 'Hazel Grove', 'Canal Street', 'Foundry Row', 'Meadow Bank'];
export const TOWN = 'Northbridge';
export const COUNTY = 'Westshire';
export const AGREEMENT_TYPES = ['Assured tenancy', 'Starter tenancy', 'Secure tenancy'];

/** A small seeded generator, so the same seed gives the same demo landlord every time. */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
