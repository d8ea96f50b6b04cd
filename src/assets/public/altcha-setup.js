/* global Worker */
// Loads the proof-of-work widget and gives it its worker from this site, so no blob: worker is needed.
import '/assets/altcha/altcha.js';

globalThis.$altcha.algorithms.set('PBKDF2/SHA-256', () => new Worker('/assets/altcha/pbkdf2-worker.js'));
