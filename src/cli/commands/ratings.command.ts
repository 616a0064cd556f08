/**
 * `inspectorate ratings …`: streaming NDJSON filters over the rules engine. They never open the
 * database; stdout carries only result lines, anything else goes to stderr.
 */
import { fstatSync } from 'node:fs';
import type { Command } from 'commander';
import { Option } from 'commander';
import { OVERALL_METHODS, rateOverall, type OverallMethod } from '../../domain/rating/asc-principles.method.js';
import { rateLocalAuthority } from '../../domain/rating/local-authority.method.js';
import { OPTION_DEFINITIONS, type RatingOptions } from '../../domain/rating/rating-options.js';
import { resolveRatingOptions } from '../../domain/rating/resolve-options.js';
import { rateKeyQuestionSaf2023 } from '../../domain/rating/saf-2023.method.js';
import { rateKeyQuestionSaf2024 } from '../../domain/rating/saf-2024.method.js';
import { ok } from '../../domain/shared/result.js';
import { CliError } from '../cli-error.js';
import { parseOverallLine, parseScoresLine } from './ratings/line-parsers.js';
import { runNdjsonFilter, type LineHandler } from './ratings/ndjson-filter.js';

const KEY_QUESTION_METHODS = ['saf-2024', 'saf-2023'] as const;

interface CommonFlags {
  option?: string[];
  rationale?: string;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `--option name=value` (repeatable) over the named UNVERIFIED options, with their defaults. */
export function parseOptionFlags(flags: CommonFlags): RatingOptions {
  const given: Record<string, string> = {};
  for (const pair of flags.option ?? []) {
    const [name, ...rest] = pair.split('=');
    const value = rest.join('=');
    const definition = OPTION_DEFINITIONS.find((d) => d.id === name);
    if (!definition) throw new CliError(`unknown option "${name}" (known: ${OPTION_DEFINITIONS.map((d) => d.id).join(', ')})`, 2);
    if (!definition.values.includes(value)) throw new CliError(`option ${name} must be one of ${definition.values.map((v) => `"${v}"`).join(', ')}`, 2);
    given[definition.id] = value;
  }
  const resolved = resolveRatingOptions({ ...(given as Partial<RatingOptions>), ...(flags.rationale ? { oneInadequateRationale: flags.rationale } : {}) });
  if (!resolved.ok) throw new CliError(`${resolved.error} (add --rationale "…")`, 2);
  return resolved.value;
}

async function filterStdin(name: string, handle: LineHandler): Promise<void> {
  // Node reads a directory on stdin as empty input; that is an input that cannot be read.
  if (fstatSync(0).isDirectory()) throw new CliError(`ratings ${name}: cannot read the input: standard input is a directory`, 1);
  try {
    const counts = await runNdjsonFilter(process.stdin, process.stdout, handle);
    if (process.stderr.isTTY) process.stderr.write(`ratings ${name}: ${counts.lines} lines, ${counts.ok} rated, ${counts.errors} rejected\n`);
  } catch (e) {
    // The reader went away (e.g. `| head`): stop quietly, as a Unix filter does.
    if ((e as NodeJS.ErrnoException).code === 'EPIPE') return;
    throw new CliError(`ratings ${name}: cannot read the input or write the output: ${e instanceof Error ? e.message : String(e)}`, 1);
  }
}

const optionHelp = `UNVERIFIED rule option as name=value (repeatable): ${OPTION_DEFINITIONS.map((d) => `${d.id} (default ${d.defaultValue})`).join('; ')}`;

export function overallHandler(method: OverallMethod, options: RatingOptions): LineHandler {
  return (raw) => {
    const line = parseOverallLine(raw);
    if (!line.ok) return line;
    const result = rateOverall(method, { keyQuestions: line.value.keyQuestions, breaches: line.value.breaches, wellLedLimiters: line.value.wellLedLimiters }, options);
    return ok({ id: line.value.id, overall: result.overall, method: result.method, version: result.version, explanation: result.explanation });
  };
}

export function registerRatingsCommands(program: Command): void {
  const ratings = program.command('ratings').description('Rating filters: read NDJSON on stdin, write one NDJSON result per line on stdout (no database needed)');

  ratings
    .command('overall')
    .description('Overall rating from five key question ratings, breaches and limiters')
    .addOption(new Option('--method <name>', 'rating method').choices(OVERALL_METHODS).default('asc-principles'))
    .option('--option <name=value>', optionHelp, collect)
    .option('--rationale <text>', 'rationale, required when an option departs from a default that needs one')
    .action(async (flags: CommonFlags & { method: OverallMethod }) => {
      await filterStdin('overall', overallHandler(flags.method, parseOptionFlags(flags)));
    });

  ratings
    .command('key-question')
    .description('Key question rating from quality statement scores (saf-2024) or evidence category scores (saf-2023)')
    .addOption(new Option('--method <name>', 'rating method').choices(KEY_QUESTION_METHODS).default('saf-2024'))
    .option('--option <name=value>', optionHelp, collect)
    .action(async (flags: CommonFlags & { method: (typeof KEY_QUESTION_METHODS)[number] }) => {
      const options = parseOptionFlags(flags);
      await filterStdin('key-question', (raw) => {
        const line = parseScoresLine(raw, true);
        if (!line.ok) return line;
        const { id, keyQuestion, scores } = line.value;
        if (!keyQuestion) throw new Error('parseScoresLine returned no key question');
        if (flags.method === 'saf-2024' && Object.values(scores).some((v) => typeof v === 'object' && v !== null)) {
          return { ok: false, error: 'scores hold evidence categories: use --method saf-2023' };
        }
        const result = flags.method === 'saf-2023' ? rateKeyQuestionSaf2023(keyQuestion, scores, options) : rateKeyQuestionSaf2024(keyQuestion, scores, options);
        if (!result.ok) return result;
        const r = result.value;
        return ok({ id, keyQuestion, rating: r.rating, percentage: r.percentageDisplay, method: r.method, version: r.version, explanation: r.explanation });
      });
    });

  ratings
    .command('local-authority')
    .description('Local authority overall rating from the nine quality statement scores QS1–QS9')
    .option('--option <name=value>', optionHelp, collect)
    .action(async (flags: CommonFlags) => {
      const options = parseOptionFlags(flags);
      await filterStdin('local-authority', (raw) => {
        const line = parseScoresLine(raw, false);
        if (!line.ok) return line;
        const result = rateLocalAuthority(line.value.scores, options);
        if (!result.ok) return result;
        const r = result.value;
        return ok({ id: line.value.id, overall: r.rating, rating: r.rating, percentage: r.percentageDisplay, method: r.method, version: r.version, explanation: r.explanation });
      });
    });
}
