// Chunked, resumable evidence upload (progressive enhancement of the multipart form).
// Protocol: docs/inspections.md "Upload protocol". The resumable state lives on the server,
// so after a refresh the page lists the unfinished upload and carries on from its offset.
const CHUNK = 8 * 1024 * 1024;

const form = document.querySelector('form[data-module="app-chunked-upload"]');
if (form) enhance(form);

function csrf() {
  return document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? '';
}

async function api(method, url, body, headers = {}) {
  const init = { method, credentials: 'same-origin', headers: { 'x-csrf-token': csrf(), ...headers } };
  if (body !== undefined) init.body = body;
  const res = await fetch(url, init);
  let json = null;
  if (method !== 'HEAD' && (res.headers.get('content-type') ?? '').includes('json')) json = await res.json();
  return { res, json };
}

function percent(done, total) {
  return total ? Math.floor((done / total) * 100) : 0;
}

function enhance(form) {
  const requestId = form.dataset.requestId;
  const input = form.querySelector('input[type="file"]');
  const status = form.querySelector('[data-upload-status]');
  const bar = form.querySelector('[data-upload-progress]');
  const message = form.querySelector('[data-upload-message]');
  const resume = form.querySelector('[data-upload-resume]');
  const button = form.querySelector('[data-upload-button]');
  let open = [];

  const show = (done, total, text) => {
    status.hidden = false;
    bar.value = percent(done, total);
    message.textContent = text ?? `Uploaded ${percent(done, total)}% (${(done / 1048576).toFixed(1)} MB of ${(total / 1048576).toFixed(1)} MB)`;
  };

  const showError = (text) => {
    document.querySelector('.app-upload-error-summary')?.remove();
    const summary = document.createElement('div');
    summary.className = 'govuk-error-summary app-upload-error-summary';
    summary.setAttribute('data-module', 'govuk-error-summary');
    summary.setAttribute('tabindex', '-1');
    const alert = document.createElement('div');
    alert.setAttribute('role', 'alert');
    const title = document.createElement('h2');
    title.className = 'govuk-error-summary__title';
    title.textContent = 'There is a problem';
    const body = document.createElement('div');
    body.className = 'govuk-error-summary__body';
    const list = document.createElement('ul');
    list.className = 'govuk-list govuk-error-summary__list';
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.href = `#${input.id}`;
    link.textContent = text;
    item.append(link);
    list.append(item);
    body.append(list);
    alert.append(title, body);
    summary.append(alert);
    // GOV.UK: the summary goes at the top of the main content, the message by the field, "Error: " in the title.
    const main = document.querySelector('main');
    if (main) {
      const row = document.createElement('div');
      row.className = 'govuk-grid-row app-upload-error-summary';
      const column = document.createElement('div');
      column.className = 'govuk-grid-column-two-thirds';
      summary.classList.remove('app-upload-error-summary');
      column.append(summary);
      row.append(column);
      main.prepend(row);
    } else form.before(summary);
    const group = input.closest('.govuk-form-group');
    group?.classList.add('govuk-form-group--error');
    input.classList.add('govuk-file-upload--error');
    let fieldMessage = document.getElementById(`${input.id}-error`);
    if (!fieldMessage) {
      fieldMessage = document.createElement('p');
      fieldMessage.id = `${input.id}-error`;
      fieldMessage.className = 'govuk-error-message';
      input.before(fieldMessage);
      input.setAttribute('aria-describedby', `${input.getAttribute('aria-describedby') ?? ''} ${fieldMessage.id}`.trim());
    }
    fieldMessage.innerHTML = '<span class="govuk-visually-hidden">Error:</span> ';
    fieldMessage.append(document.createTextNode(text));
    if (!document.title.startsWith('Error: ')) document.title = `Error: ${document.title}`;
    summary.focus();
    status.hidden = true;
    button.disabled = false;
  };

  // After a refresh: say which upload did not finish, so the same file can be chosen to carry on.
  api('GET', `/api/v1/evidence-requests/${requestId}/uploads`).then(({ res, json }) => {
    if (!res.ok || !json) return;
    open = (json.uploads ?? json.items ?? json).filter?.((u) => u.status === 'receiving') ?? [];
    const last = open[open.length - 1];
    if (last) {
      resume.hidden = false;
      resume.textContent = `An upload of ${last.filename} stopped at ${percent(last.receivedBytes, last.size)}%. Choose the same file and select Upload file to carry on from there.`;
    }
  }).catch(() => undefined);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const file = input.files?.[0];
    if (!file) return showError('Select a file');
    button.disabled = true;
    try {
      let upload = open.find((u) => u.filename === file.name && u.size === file.size);
      let offset = 0;
      if (upload) {
        const { res } = await api('HEAD', upload.uploadUrl);
        if (res.ok) offset = Number(res.headers.get('Upload-Offset') ?? 0);
        else upload = undefined;
      }
      if (!upload) {
        const { res, json } = await api('POST', `/api/v1/evidence-requests/${requestId}/uploads`, JSON.stringify({ filename: file.name, size: file.size }), { 'content-type': 'application/json' });
        if (!res.ok) return showError(json?.error?.message ?? 'The file could not be uploaded. Try again.');
        upload = json;
      }
      show(offset, file.size);
      let failures = 0;
      while (offset < file.size) {
        const end = Math.min(offset + CHUNK, file.size);
        let res;
        let json;
        try {
          ({ res, json } = await api('PUT', upload.uploadUrl, file.slice(offset, end), { 'content-type': 'application/octet-stream', 'content-range': `bytes ${offset}-${end - 1}/${file.size}` }));
        } catch {
          // The connection dropped: ask the server where to carry on, a few times.
          if (++failures > 5) return showError('The connection was lost. Refresh the page and choose the file again to carry on.');
          await new Promise((r) => setTimeout(r, 1000 * failures));
          const head = await api('HEAD', upload.uploadUrl);
          offset = Number(head.res.headers.get('Upload-Offset') ?? offset);
          continue;
        }
        if (res.status === 409 && res.headers.get('Upload-Offset')) {
          offset = Number(res.headers.get('Upload-Offset'));
          continue;
        }
        if (!res.ok) return showError(json?.error?.message ?? 'The file could not be uploaded. Try again.');
        failures = 0;
        offset = Number(res.headers.get('Upload-Offset') ?? end);
        show(offset, file.size);
      }
      show(file.size, file.size, 'Upload complete. Showing your file…');
      window.location.assign(`${window.location.pathname}?notice=uploaded`);
    } catch {
      showError('The file could not be uploaded. Refresh the page and try again.');
    }
  });
}
