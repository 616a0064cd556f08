import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { methodId } from '../../../src/domain/rating/rating-methods.data.js';

const BIN = path.resolve('bin/inspectorate.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  lines: Record<string, unknown>[];
}

function run(args: string[], input: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    // No DATABASE_URL: the filters must not need (or start) PostgreSQL.
    const env = { ...process.env };
    delete env.DATABASE_URL;
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, lines: stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) }));
    child.stdin.end(input);
  });
}

const ndjson = (...objects: unknown[]) => objects.map((o) => (typeof o === 'string' ? o : JSON.stringify(o))).join('\n') + '\n';
const five = (safe: string | null, effective: string | null, caring: string | null, responsive: string | null, wellLed: string | null) => ({ safe, effective, caring, responsive, wellLed });

describe('inspectorate ratings overall', () => {
  it('rates each line, keeps going past malformed lines, and exits 0', async () => {
    const r = await run(
      ['ratings', 'overall'],
      ndjson(
        { id: 'loc-1', keyQuestions: five('Outstanding', 'Good', 'outstanding', 'Good', 'GOOD') },
        '{"id": "broken", ',
        { id: 'loc-2', keyQuestions: five('Good', 'Good', 'Good', 'Good', 'Good'), breaches: [{ regulation: '17', action: 'warning-notice', keyQuestion: 'wellLed' }] },
        { id: 'loc-3', keyQuestions: five('Requires Improvement', 'Good', 'Good', 'Good', 'Good'), breaches: [{ regulation: '17', action: 'requirement-notice' }] },
        { id: 'loc-4', keyQuestions: five('Good', 'Superb', 'Good', 'Good', 'Good') },
        { id: 'loc-5', keyQuestions: five('Good', 'Good', null, 'Good', 'Not rated') },
        { id: 'loc-6', keyQuestions: five('Good', 'Good', 'Good', 'Good', 'Good'), breaches: [{ regulation: '12', action: 'fine' }] },
        [1, 2, 3],
      ),
    );
    expect(r.code).toBe(0);
    expect(r.lines).toHaveLength(8);
    expect(r.lines[0]).toMatchObject({ id: 'loc-1', overall: 'Outstanding', method: 'asc-principles' });
    expect(r.lines[1]).toMatchObject({ line: 2 });
    expect(String(r.lines[1]?.error)).toContain('not valid JSON');
    expect(r.lines[2]).toMatchObject({ id: 'loc-2', overall: 'Requires improvement' });
    expect(r.lines[2]?.explanation).toContain('Well-led made Inadequate (was Good): warning notice for breach of Regulation 17 (Good governance).');
    expect(r.lines[3]?.explanation).toContain('Overall limited to Requires improvement: breach of Regulation 17 (Good governance) (principle 1).');
    expect(r.lines[4]).toEqual({ line: 5, id: 'loc-4', error: expect.stringContaining('keyQuestions.effective: unknown rating "Superb"') });
    expect(r.lines[5]).toMatchObject({ id: 'loc-5', overall: 'Not rated' });
    expect(r.lines[6]).toMatchObject({ line: 7, error: expect.stringContaining('breaches[0].action must be one of requirement-notice') });
    expect(r.lines[7]).toEqual({ line: 8, error: 'each line must be a JSON object' });
    expect(r.stderr).toBe('');
  });

  it.each([
    ['asc-principles', ['Outstanding', 'Outstanding', 'Good', 'Good', 'Good'], [{ regulation: '12', action: 'requirement-notice' }], 'Requires improvement'],
    ['primary-medical', ['Outstanding', 'Outstanding', 'Good', 'Good', 'Good'], [{ regulation: '12', action: 'requirement-notice' }], 'Outstanding'],
    ['nhs-trust', ['Good', 'Good', 'Inadequate', 'Good', 'Good'], [], 'Requires improvement'],
  ])('--method %s', async (method, ratings, breaches, overall) => {
    const r = await run(['ratings', 'overall', '--method', method], ndjson({ id: 'x', keyQuestions: five(...(ratings as [string, string, string, string, string])), breaches }));
    expect(r.lines[0]).toMatchObject({ id: 'x', overall, method });
    expect(`${method}@${String(r.lines[0]?.version)}`).toBe(methodId(method as 'asc-principles'));
  });

  it('the one-Inadequate gap can be overridden only with a rationale', async () => {
    const input = ndjson({ id: 'gap', keyQuestions: five('Inadequate', 'Good', 'Good', 'Good', 'Good') });
    const refused = await run(['ratings', 'overall', '--option', 'oneInadequateOutcome=Inadequate'], input);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('needs a rationale');
    expect(refused.stdout).toBe('');
    const allowed = await run(['ratings', 'overall', '--option', 'oneInadequateOutcome=Inadequate', '--rationale', 'risk to life'], input);
    expect(allowed.lines[0]).toMatchObject({ overall: 'Inadequate' });
  });

  it('rejects an unknown method with a usage error', async () => {
    const r = await run(['ratings', 'overall', '--method', 'coin-toss'], '');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('coin-toss');
  });

  it('streams 20,000 lines and writes every result', async () => {
    const ratings = ['Outstanding', 'Good', 'Requires improvement', 'Inadequate'];
    const input = Array.from({ length: 20_000 }, (_, i) => JSON.stringify({ id: `l${i}`, keyQuestions: five(ratings[i % 4] ?? null, ratings[(i >> 2) % 4] ?? null, 'Good', 'Good', ratings[(i >> 4) % 4] ?? null) })).join('\n');
    const r = await run(['ratings', 'overall'], input);
    expect(r.code).toBe(0);
    expect(r.lines).toHaveLength(20_000);
    expect(r.lines.at(-1)).toMatchObject({ id: 'l19999' });
    expect(r.lines.every((l) => typeof l.overall === 'string')).toBe(true);
  });
});

describe('inspectorate ratings key-question', () => {
  it('saf-2024: the worked example is 68.75%, Good', async () => {
    const r = await run(['ratings', 'key-question'], ndjson({ id: 'kq', keyQuestion: 'safe', scores: { S1: 3, S2: 3, S3: 2, S4: 3, S5: 3, S6: 3, S7: 2, S8: 3 } }));
    expect(r.lines[0]).toMatchObject({ id: 'kq', rating: 'Good', percentage: 68.75, method: 'saf-2024' });
  });

  it('saf-2023: evidence categories build the statement scores', async () => {
    const r = await run(
      ['ratings', 'key-question', '--method', 'saf-2023'],
      ndjson(
        { id: 'a', keyQuestion: 'wellLed', scores: { W1: { peoplesExperience: 4, staffAndLeaders: 4, processes: 4 }, W2: { staffAndLeaders: 3, processes: 4 } } },
        { id: 'b', keyQuestion: 'safe', scores: { S1: { vibes: 3 } } },
      ),
    );
    expect(r.lines[0]).toMatchObject({ id: 'a', rating: 'Outstanding', percentage: 100, method: 'saf-2023' });
    expect(r.lines[1]).toMatchObject({ line: 2, id: 'b', error: expect.stringContaining('unknown evidence category "vibes"') });
  });

  it('reports malformed lines and wrong shapes', async () => {
    const r = await run(
      ['ratings', 'key-question'],
      ndjson('nope', { id: 'c', keyQuestion: 'kindness', scores: { S1: 3 } }, { id: 'd', keyQuestion: 'safe', scores: { S1: { processes: 3 } } }, { id: 'e', keyQuestion: 'safe', scores: { S1: 7 } }),
    );
    expect(r.code).toBe(0);
    expect(r.lines.map((l) => l.line)).toEqual([1, 2, 3, 4]);
    expect(r.lines[2]?.error).toBe('scores hold evidence categories: use --method saf-2023');
    expect(String(r.lines[3]?.error)).toContain('S1: score must be a whole number from 1 to 4');
  });

  it('--option bandRounding=floor moves a 62.5% key question down to Requires improvement', async () => {
    const line = ndjson({ id: 'edge', keyQuestion: 'safe', scores: { S1: 3, S2: 3, S3: 2, S4: 2, S5: 3, S6: 3, S7: 2, S8: 2 } });
    const byDefault = await run(['ratings', 'key-question'], line);
    const floored = await run(['ratings', 'key-question', '--option', 'bandRounding=floor'], line);
    expect(byDefault.lines[0]).toMatchObject({ rating: 'Good', percentage: 62.5 });
    expect(floored.lines[0]).toMatchObject({ rating: 'Requires improvement', percentage: 62.5 });
    expect((floored.lines[0]?.explanation as string[]).join(' ')).toContain('UNVERIFIED option bandRounding = floor');
  });
});

describe('inspectorate ratings local-authority', () => {
  it('rates all nine statements over 36 and rejects incomplete lines', async () => {
    const all = (s: number[]) => Object.fromEntries(s.map((v, i) => [`QS${i + 1}`, v]));
    const r = await run(['ratings', 'local-authority'], ndjson({ id: 'la-1', scores: all([2, 2, 2, 2, 3, 2, 2, 2, 2]) }, { id: 'la-2', scores: all([3, 3, 3]) }));
    expect(r.lines[0]).toMatchObject({ id: 'la-1', overall: 'Requires improvement', percentage: 52.78, method: 'local-authority' });
    expect(r.lines[1]).toMatchObject({ line: 2, id: 'la-2', error: expect.stringContaining('missing QS4') });
  });
});
