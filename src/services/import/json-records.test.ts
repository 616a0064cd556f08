import { describe, expect, it } from 'vitest';
import { decodeText } from './decode.js';
import { headerKey } from './csv-records.js';
import { jsonValues } from './json-records.js';

async function* chunks(...parts: string[]) {
  for (const p of parts) yield p;
}

async function values(...parts: string[]) {
  const out: string[] = [];
  for await (const v of jsonValues(chunks(...parts))) out.push(v.text);
  return out;
}

describe('jsonValues', () => {
  it('splits a JSON array across chunk boundaries, braces inside strings included', async () => {
    const out = await values('[{"a":"x}{', '"},', '{"b":[1,{"c":2}]}]');
    expect(out.map((t) => JSON.parse(t))).toEqual([{ a: 'x}{' }, { b: [1, { c: 2 }] }]);
  });
  it.each([
    ['an escaped quote split from its backslash', ['[{"a":"say \\', '"hi\\" }{"},', '{"b":1}]']],
    ['an escaped backslash before the closing quote, split', ['[{"a":"C:\\\\', '"},{"b":1}]']],
    ['a string running over three chunks', ['[{"a":"one ', 'two } { three', ' four"},{"b":1}]']],
    ['a string that ends exactly at a chunk end', ['[{"a":"whole"', '},{"b":1}]']],
  ])('reads strings however the chunks fall: %s', async (_label, parts) => {
    const out = await values(...parts);
    const whole = JSON.parse(parts.join('')) as unknown[];
    expect(out.map((t) => JSON.parse(t))).toEqual(whole);
  });
  it('reads NDJSON and a pretty-printed single object', async () => {
    expect((await values('{"a":1}\n{"a":2}\n')).length).toBe(2);
    expect(JSON.parse((await values('{\n  "a": {\n    "b": 1\n  }\n}\n'))[0] as string)).toEqual({ a: { b: 1 } });
  });
  it('a truncated NDJSON line does not swallow the next record', async () => {
    const out = await values('{"a": "cut\n{"a":2}\n');
    expect(out).toHaveLength(2);
    expect(JSON.parse(out[1] as string)).toEqual({ a: 2 });
  });
  it.each([
    ['an element cut inside a string', '[\n  {"locationId": "1-1", "name": "Cut\n  {"locationId": "1-2", "name": "Whole"},\n  {"locationId": "1-3"}\n]'],
    ['an element cut after a nested object opened', '[\n  {\n    "locationId": "1-1",\n    "currentRatings": {\n      "overall": {"rating": "Go\n  {\n    "locationId": "1-2",\n    "name": "Whole"\n  },\n  {"locationId": "1-3"}\n]'],
    ['an element cut between fields', '[{"locationId": "1-1", "name": "A",\n{"locationId": "1-2", "name": "Whole"},\n{"locationId": "1-3"}]'],
  ])('in a JSON array, %s is its own bad value and never swallows the next element', async (_label, text) => {
    const out = await values(text);
    expect(out).toHaveLength(3);
    expect(() => JSON.parse(out[0] as string)).toThrow();
    expect(JSON.parse(out[1] as string)).toMatchObject({ locationId: '1-2', name: 'Whole' });
    expect(JSON.parse(out[2] as string)).toEqual({ locationId: '1-3' });
  });
  it('refuses text that is not JSON', async () => {
    await expect(values('Location ID,Name\n')).rejects.toThrow(/not JSON/);
  });
});

describe('decodeText', () => {
  it('strips a BOM and decodes Windows-1252 when the bytes are not UTF-8', async () => {
    const out: string[] = [];
    for await (const s of decodeText(chunks(Buffer.from([0xef, 0xbb, 0xbf]).toString('latin1')))) out.push(s);
    async function* bytes() {
      yield Buffer.from([0xef, 0xbb, 0xbf, 0x41]);
      yield Buffer.from([0x53, 0x74, 0x20, 0x41, 0x6e, 0x6e, 0x65, 0x92, 0x73, 0x20, 0x43, 0x61, 0x66, 0xe9]);
    }
    let text = '';
    for await (const s of decodeText(bytes())) text += s;
    expect(text).toBe('ASt Anne’s Café');
  });
});

describe('headerKey', () => {
  it.each([
    ['Location Post Code', 'Location Postal Code'],
    ['Care Home?', 'care home'],
    ['Service / Population Group', 'Service/Population Group'],
  ])('%s matches %s', (a, b) => expect(headerKey(a)).toBe(headerKey(b)));
});
