import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { chosenHome, firstMissing, fullChoice, nextStep, resolveChoice, type Journey } from '../../src/features/repairs/repair-journey.ts';
import { loadCatalogue } from '../../src/features/repairs/repairs-catalogue.ts';
import { parseAccess, parseDamp, parseDescription } from '../../src/features/repairs/repairs.schemas.ts';
import { FormErrors } from '../../src/lib/forms.ts';

const catalogue = loadCatalogue('config/repairs-catalogue.json');
const base: Journey = { emergencyChecked: true, location: 'home', area: 'kitchen', item: 'tap', problem: 'dripping', photos: [] };

describe('Log a Repair: which question comes next', () => {
  test('a fresh journey starts at the emergency question', () => {
    assert.equal(firstMissing(catalogue, { photos: [] }, false), 'emergency');
  });

  test('the damp questions are asked only for damp and mould', () => {
    assert.equal(nextStep('problem', catalogue, base, false, false), '/repairs/new/describe');
    const damp: Journey = { ...base, area: 'bedroom-living', item: 'walls-ceiling', problem: 'damp-mould' };
    assert.equal(nextStep('problem', catalogue, damp, false, false), '/repairs/new/damp');
    assert.equal(firstMissing(catalogue, { ...damp, description: 'x' }, false), 'damp');
  });

  test('when changing an answer, back to check your answers once nothing is missing', () => {
    const complete: Journey = { ...base, description: 'Drips', photosDone: true, accessDone: true };
    assert.equal(nextStep('problem', catalogue, complete, false, true), '/repairs/new/check');
    const changedRoom: Journey = { ...complete, area: 'bathroom', item: undefined, problem: undefined };
    assert.equal(nextStep('area', catalogue, changedRoom, false, true), '/repairs/new/item?change=1');
  });

  test('"Which address?" waits for an answer only while no home is chosen (inBlock null)', () => {
    assert.equal(firstMissing(catalogue, { photos: [], emergencyChecked: true }, null), 'home');
    assert.equal(firstMissing(catalogue, { photos: [], emergencyChecked: true }, false), 'where');
    assert.equal(nextStep('home', catalogue, { ...base, description: 'Drips', photosDone: true, accessDone: true }, true, true), '/repairs/new/check');
    const communal: Journey = { ...base, location: 'communal', area: 'lift', item: 'lift', problem: 'not-working' };
    assert.equal(fullChoice(catalogue, communal, null), null);
  });

  test('the chosen home is one of the current homes, or the only one when nothing was chosen', () => {
    const home = (ref: string, blockId: number | null = null) => ({ agreementId: Number(ref), agreementReference: ref, propertyId: Number(ref), blockId, blockName: null, address: `${ref} Street`, names: [] });
    const homes = [home('1'), home('2', 9)];
    assert.equal(chosenHome(homes, '2')?.agreementReference, '2');
    assert.equal(chosenHome(homes, undefined), null);
    assert.equal(chosenHome(homes, '3'), null);
    assert.equal(chosenHome([home('1')], undefined)?.agreementReference, '1');
    // A home chosen earlier that has since ended is not replaced by the remaining one.
    assert.equal(chosenHome([home('1')], '2'), null);
  });

  test('a choice that is not under the one before it is not a choice', () => {
    assert.equal(resolveChoice(catalogue, { ...base, item: 'toilet' }, false).item, undefined);
    assert.equal(fullChoice(catalogue, { ...base, problem: 'blocked' }, false), null);
    // Communal areas only for a home in a block.
    const communal: Journey = { ...base, location: 'communal', area: 'lift', item: 'lift', problem: 'not-working' };
    assert.equal(fullChoice(catalogue, communal, false), null);
    assert.equal(fullChoice(catalogue, communal, true)?.problem.priority, 'emergency');
  });
});

describe('Log a Repair: answers', () => {
  test('description: required, trimmed, at most 1000 characters', () => {
    assert.equal(parseDescription({ description: '  Drips at night \r\n' }, new FormErrors()), 'Drips at night');
    const errors = new FormErrors();
    assert.equal(parseDescription({ description: 'a'.repeat(1001) }, errors), null);
    assert.equal(errors.first(), 'Description must be 1000 characters or fewer');
  });

  test('damp answers must each be one of the options', () => {
    const errors = new FormErrors();
    assert.equal(parseDamp({ extent: 'huge', duration: 'weeks', health: 'no' }, errors), null);
    assert.equal(errors.first(), 'Select one of the options shown');
    assert.deepEqual(parseDamp({ extent: 'small', duration: 'weeks', health: 'no' }, new FormErrors()), { extent: 'small', duration: 'weeks', health: 'no' });
  });

  test('access: checkbox values not offered are dropped; one day and one time are needed', () => {
    const errors = new FormErrors();
    const access = parseAccess({ days: ['monday', 'caturday'], times: 'evening', accessNotes: ' Dog ' }, errors);
    assert.deepEqual(access, { days: ['monday'], times: [], accessNotes: 'Dog' });
    assert.equal(errors.first(), 'Select at least one time of day that suits you');
  });
});
