/**
 * The one HTML escape: & < > " ' as entities. Pure, so any layer may use it (web re-exports it from
 * src/web/escape-html.ts for text placed into `html` macro params; templates autoescape the rest).
 */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}
