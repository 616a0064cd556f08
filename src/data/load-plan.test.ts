import { describe, expect, it } from 'vitest';
import { loadPlan, type ForeignKey } from './load-plan.js';

const fk = (from: string, to: string, name = `${from}_${to}_fkey`): ForeignKey => ({ name, from, to });

describe('the order a restore loads tables in', () => {
  it.each([
    { case: 'no keys: alphabetical', tables: ['users', 'audit_events', 'inspections'], keys: [], order: ['audit_events', 'inspections', 'users'], cycle: [] },
    { case: 'a table after the table it refers to', tables: ['a_reports', 'inspections'], keys: [fk('a_reports', 'inspections')], order: ['inspections', 'a_reports'], cycle: [] },
    {
      case: 'a chain of three',
      tables: ['files', 'reports', 'inspections'],
      keys: [fk('files', 'reports'), fk('reports', 'inspections')],
      order: ['inspections', 'reports', 'files'],
      cycle: [],
    },
    {
      case: 'a table referring to two others',
      tables: ['a', 'b', 'c'],
      keys: [fk('a', 'c'), fk('a', 'b')],
      order: ['b', 'c', 'a'],
      cycle: [],
    },
    { case: 'a table referring to itself needs nothing else', tables: ['actions', 'users'], keys: [fk('actions', 'actions'), fk('actions', 'users')], order: ['users', 'actions'], cycle: [] },
    { case: 'keys to tables not loaded are ignored', tables: ['a'], keys: [fk('a', 'elsewhere'), fk('other', 'a')], order: ['a'], cycle: [] },
    {
      case: 'two tables referring to each other: both keys are taken off for the load',
      tables: ['concerns', 'enforcement_actions', 'users'],
      keys: [fk('concerns', 'enforcement_actions'), fk('enforcement_actions', 'concerns'), fk('concerns', 'users'), fk('enforcement_actions', 'users')],
      order: ['users', 'concerns', 'enforcement_actions'],
      cycle: ['concerns_enforcement_actions_fkey', 'enforcement_actions_concerns_fkey'],
    },
    {
      case: 'a cycle through three tables, and a table hanging off it still comes after it',
      tables: ['a', 'b', 'c', 'd'],
      keys: [fk('a', 'b'), fk('b', 'c'), fk('c', 'a'), fk('d', 'c')],
      order: ['a', 'b', 'c', 'd'],
      cycle: ['a_b_fkey', 'b_c_fkey', 'c_a_fkey'],
    },
  ])('$case', ({ tables, keys, order, cycle }) => {
    const plan = loadPlan(tables, keys);
    expect(plan.order).toEqual(order);
    expect(plan.cycleKeys.map((k) => k.name).sort()).toEqual(cycle);
  });

  it('every key outside a cycle points backwards in the order', () => {
    const keys = [fk('d', 'b'), fk('b', 'a'), fk('c', 'd'), fk('e', 'c'), fk('a', 'f')];
    const { order, cycleKeys } = loadPlan(['a', 'b', 'c', 'd', 'e', 'f'], keys);
    expect(cycleKeys).toEqual([]);
    for (const k of keys) expect(order.indexOf(k.to)).toBeLessThan(order.indexOf(k.from));
  });
});
