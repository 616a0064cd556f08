import { describe, expect, it } from 'vitest';
import { errorFor, errorSummary, pageTitle, safeReturnTo } from './forms.view-model.js';

describe('form view-model helpers', () => {
  it('links each summary error to its field and prefixes the title', () => {
    const errors = [{ field: 'email', message: 'Enter your email address' }];
    expect(errorSummary(errors)).toEqual({ titleText: 'There is a problem', errorList: [{ text: 'Enter your email address', href: '#email' }] });
    expect(errorFor(errors, 'email')).toEqual({ text: 'Enter your email address' });
    expect(errorFor(errors, 'password')).toBe(false);
    expect(pageTitle('Sign in', errors)).toBe('Error: Sign in');
    expect(pageTitle('Sign in', [])).toBe('Sign in');
    expect(errorSummary([])).toBeNull();
  });

  it.each([
    ['/organisation', '/organisation'],
    ['/admin/audit?action=X', '/admin/audit?action=X'],
    ['//evil.example/x', '/home'],
    ['/\\evil.example', '/home'],
    ['https://evil.example', '/home'],
    ['/sign-out', '/home'],
    ['/\t/evil.example', '/home'],
    ['/\u0000/x', '/home'],
    ['/%09/evil.example', '/%09/evil.example'],
    ['/a/../../evil', '/evil'],
    ['/ok\r\nSet-Cookie: x=1', '/home'],
    [undefined, '/home'],
  ])('returnTo %s goes to %s', (given, expected) => {
    expect(safeReturnTo(given)).toBe(expected);
  });
});
