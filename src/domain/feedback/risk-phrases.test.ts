import { describe, expect, it } from 'vitest';
import { feedbackThemes } from './feedback-themes.js';
import { assessRisk, RISK_RULE_VERSION } from './risk-phrases.js';

describe('risk phrases (feedback-risk/1)', () => {
  it.each([
    ['The nurse said my mum was not safe to go home but they sent her anyway', 'unsafe care', 'not safe'],
    ['I felt NOT  SAFE in the waiting room', 'unsafe care', 'NOT  SAFE'],
    ['My father was neglected on the ward', 'neglect', 'neglected'],
    ['She was left alone for hours without water', 'neglect', 'left alone for hours'],
    ['A carer was abusive to my brother', 'abuse', 'abusive'],
    ['He talked about suicide and nobody called back', 'self-harm or suicide', 'suicide'],
    ['My daughter has been self-harming since the referral was lost', 'self-harm or suicide', 'self-harming'],
    ['I want to end my life', 'self-harm or suicide', 'end my life'],
    ['the wrong dose could have caused serious harm', 'harm', 'harm'],
    ['A staff member pushed him into the chair', 'abuse', 'pushed him'],
  ])('flags %j as %s', (text, category, found) => {
    const r = assessRisk(text);
    expect(r.flagged).toBe(true);
    expect(r.version).toBe(RISK_RULE_VERSION);
    expect(r.matches).toContainEqual(expect.objectContaining({ category, found }));
    expect(r.explanation).toContain(found);
  });

  it.each([
    ['Reception were lovely and I got an appointment the same day'],
    ['The pharmacist was charming and the harmony of the team shows'],
    ['They hit the ground running with the new booking system'],
    ['I feel safe and well looked after'],
    [''],
  ])('does not flag %j', (text) => {
    const r = assessRisk(text);
    expect(r.flagged).toBe(false);
    expect(r.matches).toEqual([]);
    expect(r.explanation).toMatch(/No risk phrases/);
  });
});

describe('feedback themes', () => {
  it.each([
    ['I phoned at 8am and waited 40 minutes in the queue', ['phone access', 'appointments']],
    ['The receptionist was rude', ['staff attitude']],
    ['I complained to the practice manager and never heard back', ['complaints handling']],
    ['Lovely weather today', []],
  ])('%j has themes %j', (text, themes) => {
    expect(feedbackThemes(text)).toEqual(themes);
  });
});
