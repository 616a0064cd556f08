import { describe, expect, it } from 'vitest';
import { splitPracticeAddress } from './epraccur-address.js';

describe('splitPracticeAddress', () => {
  it.each([
    [['STOPSLEY VILLAGE PRACTICE', '26 ASHCROFT ROAD,STOPSLEY', 'LUTON', 'BEDFORDSHIRE', ''], ['STOPSLEY VILLAGE PRACTICE', '26 ASHCROFT ROAD,STOPSLEY'], 'LUTON', 'BEDFORDSHIRE'],
    [['WHEATFIELD SURGERY', '60 WHEATFIELD ROAD', 'LEWSEY FARM, LUTON', 'BEDFORDSHIRE', ''], ['WHEATFIELD SURGERY', '60 WHEATFIELD ROAD', 'LEWSEY FARM'], 'LUTON', 'BEDFORDSHIRE'],
    [['THE SURGERY', '1 HIGH STREET', 'HACKNEY', 'LONDON', ''], ['THE SURGERY', '1 HIGH STREET', 'HACKNEY'], 'LONDON', null],
    [['HEALTH CENTRE', 'OXFORD ROAD', 'MANCHESTER', '', ''], ['HEALTH CENTRE', 'OXFORD ROAD'], 'MANCHESTER', null],
    [['CLINIC', 'STATION ROAD', 'ALTON', 'HAMPSHIRE', 'GREATER LONDON'], ['CLINIC', 'STATION ROAD'], 'ALTON', 'HAMPSHIRE'],
    [['ONLY ONE LINE', '', '', '', ''], ['ONLY ONE LINE'], null, null],
    [['', '', '', '', ''], [], null, null],
  ])('%j → lines %j, town %s, county %s', (raw, lines, town, county) => {
    expect(splitPracticeAddress(raw)).toEqual({ lines, town, county });
  });
});
