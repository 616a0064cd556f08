// Factual accuracy page: saves the comment being written on the server as it is typed (a draft
// comment through /api/v1), so nothing is lost when the person moves to another section or closes
// the page. Without JavaScript the "Save comment" button does the same.
const form = document.querySelector('form[data-fa-autosave]');
if (form) {
  const csrf = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? '';
  const inspectionId = /\/inspections\/([0-9a-f-]{36})\//.exec(window.location.pathname)?.[1];
  const status = document.createElement('p');
  status.className = 'govuk-body-s';
  status.setAttribute('role', 'status');
  status.dataset.testid = 'fa-autosave-status';
  form.querySelector('button')?.insertAdjacentElement('beforebegin', status);
  const value = (name) => form.elements.namedItem(name)?.value ?? '';
  const checked = () => form.querySelector('input[name="category"]:checked')?.value ?? '';
  let timer;
  let saving = Promise.resolve();
  const save = async () => {
    const body = { id: value('id') || null, sectionKey: value('sectionKey'), passage: value('passage'), category: checked(), comment: value('comment'), proposedChange: value('proposedChange') || null, evidence: value('evidence') || null };
    if (!inspectionId || !body.passage.trim() || !body.comment.trim() || !body.category) return;
    if (body.category === 'factual_inaccuracy' && !(body.evidence ?? '').trim()) return;
    try {
      const res = await fetch(`/api/v1/inspections/${inspectionId}/report/factual-accuracy/comments`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrf },
        body: JSON.stringify(body),
      });
      if (!res.ok) return;
      const { id } = await res.json();
      const idInput = form.elements.namedItem('id');
      if (idInput && id) idInput.value = id;
      const at = new Date().toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
      status.textContent = `Draft saved at ${at}. Send your response when you have finished all your comments.`;
    } catch {
      status.textContent = 'Your comment could not be saved automatically: use "Save comment".';
    }
  };
  form.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      saving = saving.then(save);
    }, 1200);
  });
}
