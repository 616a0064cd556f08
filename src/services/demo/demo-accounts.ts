/**
 * The demo world's sign-in accounts, printed by `npm start`. Every account shares
 * one password, which exists only in the demo world (never in production data).
 */
export const DEMO_PASSWORD = 'demo-password-2026';

export interface DemoAccount {
  email: string;
  name: string;
  description: string;
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [];
