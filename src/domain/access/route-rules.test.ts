import { describe, expect, it } from 'vitest';
import { NOTIFICATIONS_SUBMIT_SCOPE } from './permissions.js';
import { ROUTE_RULES, ROUTE_TOKEN_SCOPES, ruleForRoute, tokenScopeForRoute } from './route-rules.js';

describe('token scopes of their own', () => {
  it.each([
    ['POST', '/api/v1/notifications', NOTIFICATIONS_SUBMIT_SCOPE],
    ['GET', '/api/v1/notifications', null],
    ['POST', '/api/v1/notifications/:id/triage', null],
    ['PUT', '/api/v1/tokens/:id/scopes/notifications', null],
    ['POST', '/api/v1/inspections', null],
  ])('%s %s needs %s', (method, url, scope) => {
    expect(tokenScopeForRoute(method, url)).toBe(scope);
  });

  it('names only routes the table has', () => {
    for (const key of Object.keys(ROUTE_TOKEN_SCOPES)) expect(ROUTE_RULES[key], key).toBeDefined();
  });

  it('changing a token’s scopes is managing tokens, which a token never may', () => {
    for (const key of ['PUT /api/v1/tokens/:id/scopes/notifications', 'POST /account/tokens/:id/notifications']) {
      const [method, url] = key.split(' ') as [string, string];
      expect(ruleForRoute(method, url)).toEqual({ access: 'action', actions: ['account.manage_tokens'] });
    }
  });
});
