import { describe, expect, it } from 'vitest';
import { ratingCopyLines, type RatingInput } from './register-write.repository.js';

const overall = (rating: string, current: boolean, extra: Partial<RatingInput> = {}): RatingInput => ({
  scope: 'overall',
  name: '',
  rating,
  reportDate: '2024-05-01',
  precision: 'day',
  linkId: 'abc-123',
  inherited: false,
  current,
  ...extra,
});

describe("a record's ratings as COPY text, made while the record is read", () => {
  it.each<[string, RatingInput[], string[]]>([
    ['one rating: every column after the organisation id, in order', [overall('Good', true)], ['overall\t\t\tGood\t2024-05-01\tday\tabc-123\tf\tcqc-api\tt']],
    ['no date and no report: written as null', [overall('Good', true, { reportDate: null, linkId: null })], ['overall\t\t\tGood\t\\N\tday\t\\N\tf\tcqc-api\tt']],
    ['the same rating twice: one line, current when either copy is', [overall('Good', false), overall('Good', true)], ['overall\t\t\tGood\t2024-05-01\tday\tabc-123\tf\tcqc-api\tt']],
    ['different ratings stay apart', [overall('Good', true), overall('Requires improvement', false, { reportDate: '2021-02-03' })], ['overall\t\t\tGood\t2024-05-01\tday\tabc-123\tf\tcqc-api\tt', 'overall\t\t\tRequires improvement\t2021-02-03\tday\tabc-123\tf\tcqc-api\tf']],
    [
      "a service's key question, with a tab and a backslash in its name escaped",
      [{ scope: 'service', name: 'People with\tlong-term\\conditions', keyQuestion: 'Safe', rating: 'Good', reportDate: '2024-05-01', precision: 'year', linkId: null, inherited: true, current: true }],
      ['service\tPeople with\\tlong-term\\\\conditions\tSafe\tGood\t2024-05-01\tyear\t\\N\tt\tcqc-api\tt'],
    ],
    ['no ratings', [], []],
  ])('%s', (_label, ratings, lines) => {
    expect(ratingCopyLines(ratings, 'cqc-api')).toEqual(lines);
  });
});
