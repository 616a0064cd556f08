/** The one HTML escape for text placed into `html` macro params (templates autoescape everything else). */
export { escapeHtml } from '../domain/shared/escape-html.js';
