import { describe, expect, it } from 'vitest';
import { availableEvents, evidenceCanBeRequested, INSPECTION_STATES, TRANSITIONS, transition, visibleToOrganisation, type TransitionFacts } from './inspection-lifecycle.js';

const lead: TransitionFacts['actor'] = { role: 'inspector', teamRole: 'lead_inspector' };
const teamInspector: TransitionFacts['actor'] = { role: 'inspector', teamRole: 'inspector' };
const adviser: TransitionFacts['actor'] = { role: 'inspector', teamRole: 'specialist_adviser' };
const manager: TransitionFacts['actor'] = { role: 'inspection_manager', teamRole: null };
const providerUser: TransitionFacts['actor'] = { role: 'provider_user', teamRole: null };

function facts(over: Partial<TransitionFacts> = {}): TransitionFacts {
  return { noticeType: 'short_notice', hasFieldworkDates: true, contactCount: 2, actor: lead, ...over };
}

describe('inspection lifecycle', () => {
  it.each([
    ['planned', 'notify', facts(), 'notified'],
    ['planned', 'start_fieldwork', facts({ noticeType: 'unannounced', contactCount: 0 }), 'fieldwork'],
    ['notified', 'start_fieldwork', facts({ actor: teamInspector }), 'fieldwork'],
    ['fieldwork', 'end_fieldwork', facts(), 'judgement'],
    ['planned', 'cancel', facts({ actor: manager, reason: 'Provider closed' }), 'cancelled'],
    ['notified', 'notify', facts(), null],
  ] as const)('%s --%s--> %s', (from, event, f, to) => {
    const r = transition(from, event, f);
    if (to === null) {
      expect(r.ok).toBe(false);
    } else {
      expect(r).toMatchObject({ ok: true, value: { to } });
      if (r.ok) expect(r.value.explanation).toContain(`${from} --${event}--> ${to}`);
    }
  });

  it('refuses to start fieldwork on an announced inspection that has not been notified, saying why', () => {
    const r = transition('planned', 'start_fieldwork', facts({ noticeType: 'announced' }));
    expect(r).toEqual({ ok: false, error: { code: 'guard_failed', message: 'An inspection that is planned cannot start fieldwork before it is notified' } });
  });

  it('never notifies an unannounced inspection in advance', () => {
    const r = transition('planned', 'notify', facts({ noticeType: 'unannounced' }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/unannounced inspection is never notified/);
  });

  it.each([
    ['notify', facts({ teamConfirmed: false })],
    ['start_fieldwork', facts({ noticeType: 'unannounced', teamConfirmed: false })],
  ] as const)('a team an inspector proposed cannot %s until an inspection manager confirms it (issue 14)', (event, f) => {
    expect(transition('planned', event, f)).toEqual({ ok: false, error: { code: 'guard_failed', message: 'An inspection manager must confirm the team before the organisation is told or fieldwork starts' } });
    expect(availableEvents('planned', f)).not.toContain(event);
    expect(transition('planned', event, { ...f, teamConfirmed: true }).ok).toBe(true);
  });

  it('needs a contact to notify', () => {
    const r = transition('planned', 'notify', facts({ contactCount: 0 }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/at least one organisation contact/);
  });

  it('lets only the lead inspector or a manager notify', () => {
    for (const actor of [teamInspector, adviser, providerUser]) {
      const r = transition('planned', 'notify', facts({ actor }));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toEqual({ code: 'not_permitted', message: 'Only the lead inspector, an inspection manager or an administrator can notify the organisation of an inspection' });
    }
    expect(transition('planned', 'notify', facts({ actor: manager })).ok).toBe(true);
  });

  it('explains illegal moves in words', () => {
    const r = transition('planned', 'end_fieldwork', facts());
    expect(r).toEqual({ ok: false, error: { code: 'illegal_transition', message: 'An inspection that is planned cannot end fieldwork before fieldwork has started' } });
    const c = transition('cancelled', 'notify', facts());
    expect(c.ok).toBe(false);
  });

  it('needs a reason to cancel', () => {
    const r = transition('notified', 'cancel', facts({ reason: '  ' }));
    expect(r.ok).toBe(false);
  });

  it('every transition joins known states and names who may make it', () => {
    for (const t of TRANSITIONS) {
      expect(INSPECTION_STATES).toContain(t.from);
      expect(INSPECTION_STATES).toContain(t.to);
      expect(t.roles.length + t.teamRoles.length).toBeGreaterThan(0);
    }
  });

  it('lists the moves available now', () => {
    expect(availableEvents('planned', facts({ noticeType: 'unannounced' }))).toEqual(['start_fieldwork']);
    expect(availableEvents('planned', facts({ reason: 'x' }))).toEqual(['notify', 'cancel']);
  });

  it.each([
    ['planned', null, false],
    ['notified', new Date(), true],
    ['fieldwork', null, true],
    ['cancelled', null, false],
    ['cancelled', new Date(), true],
  ] as const)('organisation visibility in %s (notified %s) is %s', (state, at, visible) => {
    expect(visibleToOrganisation(state, at)).toBe(visible);
  });
});

describe('evidence can be requested only until fieldwork ends', () => {
  it.each([
    ['planned', true],
    ['notified', true],
    ['fieldwork', true],
    ['judgement', false],
    ['draft_report', false],
    ['factual_accuracy', false],
    ['publication_ready', false],
    ['published', false],
    ['closed', false],
    ['cancelled', false],
  ] as const)('%s: %s', (state, open) => {
    expect(evidenceCanBeRequested(state)).toBe(open);
  });
});
