/**
 * The Luton demo world, from a real case: Stopsley Village Practice (ODS E81006), within
 * NHS Bedfordshire, Luton and Milton Keynes Integrated Care Board, and Luton's health
 * services for children and families, with who runs them and who commissions them.
 * Real organisations carry their real codes (NHS trust CQC provider ids are their ODS
 * codes); where no id is known one is minted in Inspectorate's namespace.
 */
import type { Trx } from '../../data/database.js';
import { linkCommissioning } from '../../data/repositories/organisation.repository.js';
import type { Organisation } from '../../data/tables/foundation.tables.js';
import { recordAudit } from '../audit.service.js';
import type { ServiceContext } from '../context.js';
import { countsLine, emptyCounts, ensureOrganisation, type DemoCounts } from './demo-organisations.js';

export const DEMO_ORGANISATION_KEYS = [
  'regulator',
  'icb',
  'lutonCouncil',
  'stopsleyProvider',
  'stopsleyLocation',
  'bedfordshireHospitals',
  'cambridgeshireCommunity',
  'eastLondonFoundationTrust',
  'changeGrowLive',
] as const;
export type DemoOrganisationKey = (typeof DEMO_ORGANISATION_KEYS)[number];

export type DemoOrganisations = Record<DemoOrganisationKey, Organisation>;

/** A service in Luton for children and families: the provider that runs it and who commissions it. */
interface LutonService {
  name: string;
  provider: DemoOrganisationKey;
  commissioner: 'icb' | 'lutonCouncil';
  note: string;
  address?: { line1: string; postcode: string };
}

const LUTON_AND_DUNSTABLE = { line1: 'Lewsey Road', postcode: 'LU4 0DZ' };

export const LUTON_SERVICES: readonly LutonService[] = [
  { name: 'Maternity and midwifery, Luton and Dunstable University Hospital', provider: 'bedfordshireHospitals', commissioner: 'icb', note: 'Midwifery', address: LUTON_AND_DUNSTABLE },
  { name: 'Emergency department (A&E), Luton and Dunstable University Hospital', provider: 'bedfordshireHospitals', commissioner: 'icb', note: 'A&E, including the children’s emergency department', address: LUTON_AND_DUNSTABLE },
  { name: 'Luton 0–19 Service: Health Visiting', provider: 'cambridgeshireCommunity', commissioner: 'lutonCouncil', note: 'Health Visiting (public health, commissioned by the council)' },
  { name: 'Luton 0–19 Service: School Nursing', provider: 'cambridgeshireCommunity', commissioner: 'lutonCouncil', note: 'School Nursing (public health, commissioned by the council)' },
  { name: 'iCaSH Luton (integrated contraception and sexual health)', provider: 'cambridgeshireCommunity', commissioner: 'lutonCouncil', note: 'Contraception & Sexual Health (commissioned by the council)' },
  { name: 'Luton Child and Adolescent Mental Health Service (CAMHS)', provider: 'eastLondonFoundationTrust', commissioner: 'icb', note: 'Child & Adolescent Mental Health' },
  { name: 'Luton adult mental health services', provider: 'eastLondonFoundationTrust', commissioner: 'icb', note: 'Adult Mental Health' },
  { name: 'Luton Drug and Alcohol Service', provider: 'changeGrowLive', commissioner: 'lutonCouncil', note: 'Drugs & Alcohol (commissioned by the council)' },
];

export const STOPSLEY_PPG = {
  name: 'Stopsley Village Practice Patient Participation Group',
  description: 'Patients of the practice who meet with the practice team to give feedback on services and help shape them.',
  contact_email: 'ppg.stopsley@nhs.example',
};

export async function loadLutonOrganisations(trx: Trx, ctx: ServiceContext): Promise<{ organisations: DemoOrganisations; lines: string[] }> {
  const counts: DemoCounts = emptyCounts();
  const org = (input: Parameters<typeof ensureOrganisation>[2]) => ensureOrganisation(trx, ctx, input, counts);
  const luton = { town: 'Luton', county: 'Bedfordshire' };

  const regulator = await org({ kind: 'regulator', name: 'Inspectorate (demo regulator)', parent_id: null, website: null });
  const icb = await org({ kind: 'commissioner', name: 'NHS Bedfordshire, Luton and Milton Keynes Integrated Care Board', ods_code: 'QHG', parent_id: null, ...luton, website: 'https://www.blmkhealthandcarepartnership.org' });
  const lutonCouncil = await org({ kind: 'local_authority', name: 'Luton Borough Council', local_authority_code: 'E06000032', parent_id: null, address_line1: 'Town Hall, George Street', postcode: 'LU1 2BQ', ...luton, website: 'https://www.luton.gov.uk' });

  // The GP practice is one real organisation: the register's location for ODS E81006. Its provider
  // (the partnership) has an id of its own: an ODS practice code identifies the practice, not its provider.
  const stopsleyAddress = { address_line1: '26 Ashcroft Road', address_line2: 'Stopsley', town: 'Luton', postcode: 'LU2 9AU', phone: '01582 722555' };
  const stopsleyProvider = await org({ kind: 'provider', name: 'Stopsley Village Practice', parent_id: null, ...stopsleyAddress });
  const stopsleyLocation = await org({ kind: 'location', name: 'Stopsley Village Practice', ods_code: 'E81006', parent_id: stopsleyProvider.id, ...stopsleyAddress });

  const bedfordshireHospitals = await org({ kind: 'provider', name: 'Bedfordshire Hospitals NHS Foundation Trust', ods_code: 'RC9', cqc_provider_id: 'RC9', parent_id: null, ...luton, ...{ address_line1: 'Lewsey Road', postcode: 'LU4 0DZ' }, website: 'https://www.bedfordshirehospitals.nhs.uk' });
  const cambridgeshireCommunity = await org({ kind: 'provider', name: 'Cambridgeshire Community Services NHS Trust', ods_code: 'RYV', cqc_provider_id: 'RYV', parent_id: null, town: 'St Ives', county: 'Cambridgeshire', website: 'https://www.cch.nhs.uk' });
  const eastLondonFoundationTrust = await org({ kind: 'provider', name: 'East London NHS Foundation Trust', ods_code: 'RWK', cqc_provider_id: 'RWK', parent_id: null, town: 'London', website: 'https://www.elft.nhs.uk' });
  const changeGrowLive = await org({ kind: 'provider', name: 'Change Grow Live', parent_id: null, town: 'Brighton', website: 'https://www.changegrowlive.org' });

  const organisations: DemoOrganisations = {
    regulator,
    icb,
    lutonCouncil,
    stopsleyProvider,
    stopsleyLocation,
    bedfordshireHospitals,
    cambridgeshireCommunity,
    eastLondonFoundationTrust,
    changeGrowLive,
  };

  // Services run by the providers, each a location of its provider.
  let links = 0;
  const link = async (commissioner: Organisation, service: Organisation, note: string) => {
    if (await linkCommissioning(trx, commissioner.id, service.id, note)) {
      links++;
      await recordAudit(trx, ctx, { action: 'COMMISSIONING_LINKED', subjectType: 'organisation', subjectId: service.id, after: { commissioner_id: commissioner.id, note } });
    }
  };
  for (const s of LUTON_SERVICES) {
    const provider = organisations[s.provider];
    const service = await org({
      kind: 'location',
      name: s.name,
      parent_id: provider.id,
      ...luton,
      ...(s.address ? { address_line1: s.address.line1, postcode: s.address.postcode } : {}),
    });
    await link(organisations[s.commissioner], service, s.note);
  }
  await link(icb, stopsleyLocation, 'General practice (primary medical services)');

  const ppg = await trx
    .insertInto('patient_participation_groups')
    .values({ organisation_id: stopsleyLocation.id, ...STOPSLEY_PPG })
    .onConflict((oc) => oc.columns(['organisation_id', 'name']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (ppg) await recordAudit(trx, ctx, { action: 'PATIENT_PARTICIPATION_GROUP_CREATED', subjectType: 'patient_participation_group', subjectId: ppg.id, after: STOPSLEY_PPG });

  return {
    organisations,
    lines: [countsLine('Luton organisations and services', counts), `Commissioning links: ${links} added`, `Patient participation group: ${ppg ? 'added' : 'already there'}`],
  };
}
