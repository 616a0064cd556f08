// Evidence items are saved on the server as the inspector types (a draft), through /api/v1.
// If the connection drops, the text is kept on this device and sent when it returns, so a
// typed item is never lost. A save based on an older version is refused by the server (409):
// both texts are kept there, this page shows the other one and stops autosaving.
const form = document.querySelector('[data-evidence-form]');
if (form) init(form);

function init(form) {
  const inspectionId = form.dataset.inspectionId;
  let itemId = form.dataset.itemId || '';
  const body = form.querySelector('[data-autosave="body"]');
  const versionInput = form.querySelector('[data-version]');
  const status = form.querySelector('[data-save-status]');
  const csrf = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? '';
  const key = () => `inspectorate:evidence:${inspectionId}:${itemId || 'new'}`;
  let timer = null;
  let saving = false;
  let dirty = false;
  let stopped = false;

  const say = (text) => { if (status) status.textContent = text; };

  function fields() {
    const data = new FormData(form);
    const val = (n) => { const v = data.get(n); return typeof v === 'string' && v !== '' ? v : null; };
    return {
      body: body.value,
      type: val('type'),
      qualityStatements: data.getAll('qualityStatements').filter((x) => typeof x === 'string'),
      evidenceCategory: val('evidenceCategory'),
      visitId: val('visitId'),
      refersToDate: dateFrom(val('refersToDate-day'), val('refersToDate-month'), val('refersToDate-year')),
    };
  }

  // The GOV.UK date input's day, month and year as YYYY-MM-DD; null when all are empty, and left
  // out (undefined: not sent, so not changed) while only part of it is typed.
  function dateFrom(day, month, year) {
    if (!day && !month && !year) return null;
    if (!/^\d{1,2}$/.test(day ?? '') || !/^\d{1,2}$/.test(month ?? '') || !/^\d{4}$/.test(year ?? '')) return undefined;
    return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  }

  function keepLocally() {
    try { localStorage.setItem(key(), JSON.stringify({ body: body.value, at: Date.now() })); } catch { /* storage full or disabled */ }
  }
  function forgetLocally(k = key()) {
    try { localStorage.removeItem(k); } catch { /* ignore */ }
  }

  async function save() {
    if (stopped || saving) { dirty = true; return; }
    saving = true;
    dirty = false;
    const payload = fields();
    keepLocally();
    say('Saving…');
    try {
      const headers = { 'content-type': 'application/json', 'x-csrf-token': csrf, accept: 'application/json' };
      let res;
      if (!itemId) {
        res = await fetch(`/api/v1/inspections/${inspectionId}/evidence-items`, { method: 'POST', credentials: 'same-origin', headers, body: JSON.stringify({ ...payload, status: 'draft' }) });
      } else {
        res = await fetch(`/api/v1/evidence-items/${itemId}`, { method: 'PATCH', credentials: 'same-origin', headers, body: JSON.stringify({ ...payload, version: Number(versionInput.value) }) });
      }
      const json = await res.json().catch(() => ({}));
      if (res.ok) {
        const newKey = !itemId;
        if (newKey) {
          forgetLocally();
          itemId = json.id;
          form.dataset.itemId = itemId;
          form.action = `/inspections/${inspectionId}/evidence-items/${itemId}`;
          history.replaceState(null, '', form.action);
        }
        versionInput.value = String(json.version);
        if (body.value === payload.body) forgetLocally();
        say(`Draft saved at ${new Date().toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })}.`);
      } else if (res.status === 409 && json.error?.code === 'edit_conflict') {
        stopped = true;
        showConflict(json.error);
      } else if (res.status === 400) {
        // Something typed is not valid yet (a date, say): the text itself is kept on this device.
        say(`Not saved: ${json.error?.message ?? 'check the form'}. Your text is kept on this device.`);
      } else {
        throw new Error(`status ${res.status}`);
      }
    } catch {
      say('Not saved yet: the connection seems to be down. Your text is kept on this device and will be saved when the connection returns.');
      setTimeout(() => { if (!stopped) save(); }, 5000);
    } finally {
      saving = false;
      if (dirty && !stopped) schedule(200);
    }
  }

  function showConflict(error) {
    const box = document.createElement('div');
    box.className = 'govuk-inset-text';
    box.id = 'conflict';
    const h = document.createElement('h3');
    h.className = 'govuk-heading-s';
    h.textContent = `${error.current.inspector?.name ?? 'Someone else'} saved version ${error.current.version}`;
    const p = document.createElement('p');
    p.className = 'govuk-body app-preserve-lines';
    p.dataset.testid = 'their-text';
    p.textContent = error.current.body;
    const q = document.createElement('p');
    q.className = 'govuk-body';
    q.textContent = 'Your text is below and has also been kept. Combine the two and save again.';
    box.append(h, p, q);
    form.before(box);
    versionInput.value = String(error.current.version);
    say(error.message);
  }

  function schedule(ms = 800) {
    clearTimeout(timer);
    timer = setTimeout(save, ms);
  }

  // Restore text typed here but never saved (the page was closed or reloaded while offline).
  try {
    const pending = JSON.parse(localStorage.getItem(key()) ?? 'null');
    if (pending && typeof pending.body === 'string' && pending.body !== body.value && pending.body.length >= body.value.length) {
      body.value = pending.body;
      say('Restored text you typed that had not been saved yet. Saving it now…');
      schedule(100);
    }
  } catch { /* ignore */ }

  form.addEventListener('submit', () => { clearTimeout(timer); stopped = true; });
  form.addEventListener('input', () => { keepLocally(); schedule(); });
  form.addEventListener('change', () => schedule());
  window.addEventListener('online', () => { if (!stopped) schedule(100); });
}
