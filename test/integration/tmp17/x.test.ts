import { it } from 'vitest';
import { anonymous } from '../../support/session.js';
import { createTestApp } from '../../support/test-app.js';
it('x', async () => {
  const t = await createTestApp();
  const r = await anonymous(t.app).get('/');
  console.log(r.statusCode, r.body.slice(0, 3000));
  await t.close();
});
