/**
 * Address lines of the NHS ODS practice list (epraccur) into street lines, town and county.
 * The file has five free address lines and no fixed place for the town: usually line 3 is
 * the town and line 4 the county ("LUTON", "BEDFORDSHIRE"), but a city often stands in line 4
 * ("LONDON", "MANCHESTER") and a locality may share line 3 with the town ("LEWSEY FARM, LUTON").
 */
const COUNTIES = new Set(
  [
    'AVON', 'BEDFORDSHIRE', 'BERKSHIRE', 'BUCKINGHAMSHIRE', 'CAMBRIDGESHIRE', 'CHESHIRE', 'CLEVELAND', 'CORNWALL', 'CUMBRIA',
    'DERBYSHIRE', 'DEVON', 'DORSET', 'DURHAM', 'COUNTY DURHAM', 'CO DURHAM', 'CO. DURHAM', 'CO.DURHAM', 'EAST SUSSEX', 'ESSEX',
    'GLOUCESTERSHIRE', 'GREATER LONDON', 'GREATER MANCHESTER', 'HAMPSHIRE', 'HEREFORDSHIRE', 'HERTFORDSHIRE', 'HUMBERSIDE',
    'NORTH HUMBERSIDE', 'SOUTH HUMBERSIDE', 'ISLE OF WIGHT', 'KENT', 'LANCASHIRE', 'LEICESTERSHIRE', 'LINCOLNSHIRE',
    'NORTH LINCOLNSHIRE', 'NORTH EAST LINCOLNSHIRE', 'MERSEYSIDE', 'MIDDLESEX', 'NORFOLK', 'NORTH YORKSHIRE', 'NORTHAMPTONSHIRE',
    'NORTHUMBERLAND', 'NOTTINGHAMSHIRE', 'OXFORDSHIRE', 'RUTLAND', 'SHROPSHIRE', 'SOMERSET', 'NORTH SOMERSET', 'SOUTH YORKSHIRE',
    'STAFFORDSHIRE', 'SUFFOLK', 'SURREY', 'TYNE & WEAR', 'TYNE AND WEAR', 'WARWICKSHIRE', 'WEST MIDLANDS', 'WEST SUSSEX',
    'WEST YORKSHIRE', 'WILTSHIRE', 'WORCESTERSHIRE', 'EAST YORKSHIRE', 'EAST RIDING OF YORKSHIRE', 'YORKSHIRE',
    'MID GLAMORGAN', 'SOUTH GLAMORGAN', 'WEST GLAMORGAN', 'GWENT', 'DYFED', 'GWYNEDD', 'POWYS', 'CLWYD', 'DENBIGHSHIRE',
    'FLINTSHIRE', 'CONWY',
  ],
);

export interface PracticeAddress {
  lines: string[];
  town: string | null;
  county: string | null;
}

function isCounty(line: string): boolean {
  return COUNTIES.has(line.trim().toUpperCase().replace(/\s+/g, ' '));
}

/** @param raw address lines 1 to 5 as they stand in the file (blank cells as '' or null). */
export function splitPracticeAddress(raw: readonly (string | null | undefined)[]): PracticeAddress {
  const lines = raw.map((l) => (l ?? '').trim()).filter((l) => l.length > 0);
  if (lines.length === 0) return { lines: [], town: null, county: null };
  let county: string | null = null;
  // Trailing county lines (sometimes two: "HAMPSHIRE", "GREATER LONDON"); the one next to the town is kept.
  while (lines.length > 1 && isCounty(lines[lines.length - 1] as string)) county = lines.pop() as string;
  if (lines.length === 1) return { lines, town: null, county };
  const townLine = lines.pop() as string;
  const parts = townLine.split(',').map((p) => p.trim()).filter(Boolean);
  const town = parts.pop() ?? townLine;
  if (parts.length > 0) lines.push(parts.join(', '));
  return { lines, town, county };
}
