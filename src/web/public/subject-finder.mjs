// Progressive enhancement of /inspections/new/find-subject: results update as you type.
// Without this script the form submits and the same results page is shown.
const form = document.querySelector('[data-module="app-subject-finder"]');
const results = document.getElementById('subject-results');
if (form && results) {
  let timer;
  let controller;
  const update = async () => {
    const params = new URLSearchParams(new FormData(form));
    if ((params.get('q') || '').trim().length < 2) return;
    controller?.abort();
    controller = new AbortController();
    try {
      const res = await fetch(`${form.action}?${params}`, { signal: controller.signal, headers: { accept: 'text/html' } });
      if (!res.ok) return;
      const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
      const fresh = doc.getElementById('subject-results');
      if (fresh) results.innerHTML = fresh.innerHTML;
      history.replaceState(null, '', `${form.action}?${params}`);
    } catch {
      // Aborted by a newer keystroke, or offline: the Search button still works.
    }
  };
  form.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(update, 250);
  });
}
