import { describe, expect, it } from 'vitest';
import { escapeHtml } from './escape-html.js';

describe('the one HTML escape', () => {
  it.each([
    ['Tom & Jerry', 'Tom &amp; Jerry'],
    ['<script>alert("x")</script>', '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'],
    ["St Mary's", 'St Mary&#39;s'],
    ['plain words', 'plain words'],
  ])('%s is shown as typed', (raw, escaped) => expect(escapeHtml(raw)).toBe(escaped));
});
