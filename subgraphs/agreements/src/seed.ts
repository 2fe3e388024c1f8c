import type { EntityManager } from 'typeorm';
import {
  loadAgreementMunicipalities,
  loadCounties,
  loadMunicipalities,
  loadPoliceRegions,
  loadUrbanDistricts,
  uniform,
  type AgreementMunicipalityRecord,
  type SeedOptions,
} from '@samverkan/common';
import {
  AgreementDistrict,
  AgreementRenewal,
  CoFinancingShare,
  Commitment,
  CommitmentDistrict,
  ContactPerson,
  FollowUpReport,
  GovernmentDecision,
  LocalDevelopmentAgreement,
  MunicipalityLocation,
  Obstacle,
  ObstacleParty,
  Organisation,
  Partnership,
  type FocusArea,
  type PartnerType,
} from './entities';

/** Regeringsbeslut 4, 2008-05-22: the offer of agreements for 2008–2010 to the 21 municipalities. */
export const decision2008: GovernmentDecision = {
  id: 'ij2008-56-iu',
  reference: 'IJ2008/56/IU',
  relatedReferences: [
    'IJ2008/358/IU',
    'IJ2008/409/IU',
    'IJ2008/440/IU',
    'IJ2008/441/IU',
    'IJ2008/444/IU',
    'IJ2008/1216/IU',
  ],
  decidedOn: '2008-05-22',
  title: 'Överläggningar om lokala utvecklingsavtal för perioden 2008–2010',
  ministry: 'Integrations- och jämställdhetsdepartementet',
  ordinance: 'SFS 2008:348',
};

export function agreementId(municipalityCode: string): string {
  return `lua-2008-2010-${municipalityCode}`;
}

/**
 * The 21 agreements of 2008–2010. Each is signed by its municipality; the
 * Police (then the county police authority), Arbetsförmedlingen and
 * Försäkringskassan are state partners in every one, as the decision's
 * distribution list has it. The housing-company partner is illustrative: the
 * sources name no such partner per agreement.
 */
export async function seed(manager: EntityManager, _options: SeedOptions): Promise<void> {
  await manager.insert(GovernmentDecision, decision2008);
  const countyName = new Map(loadCounties().map((c) => [c.code, c.name]));
  const municipalities = loadAgreementMunicipalities();
  const districts = loadUrbanDistricts();

  await manager.insert(
    LocalDevelopmentAgreement,
    municipalities.map((m) => ({
      id: agreementId(m.code),
      title: `Lokalt utvecklingsavtal 2008–2010, ${m.name}`,
      municipalityCode: m.code,
      decisionId: decision2008.id,
      periodStart: '2008-01-01',
      periodEnd: '2010-12-31',
      focusAreas: ['WORK', 'EDUCATION', 'SAFETY', 'GROWTH'],
      continuedInUrban15: m.inUrban15,
    })),
  );
  await manager.insert(
    AgreementDistrict,
    districts.map((d) => ({ agreementId: agreementId(d.municipalityCode), districtId: d.id })),
  );
  await manager.insert(
    Organisation,
    municipalities.map((m) => ({
      id: `housing-${m.code}`,
      name: `Kommunalt bostadsbolag i ${m.name} (illustrative)`,
      illustrative: true,
    })),
  );
  await manager.insert(
    Partnership,
    municipalities.flatMap((m) => {
      const id = agreementId(m.code);
      return [
        {
          agreementId: id,
          partnerType: 'Municipality',
          partnerId: m.code,
          role: 'MUNICIPALITY',
          representedBy: `${m.name} kommun`,
          position: 0,
        },
        {
          agreementId: id,
          partnerType: 'PoliceAuthority',
          partnerId: 'polisen',
          role: 'STATE_AUTHORITY',
          representedBy: `Polismyndigheten i ${countyName.get(m.countyCode) ?? m.countyCode}`,
          position: 1,
        },
        {
          agreementId: id,
          partnerType: 'Arbetsformedlingen',
          partnerId: 'arbetsformedlingen',
          role: 'STATE_AUTHORITY',
          representedBy: null,
          position: 2,
        },
        {
          agreementId: id,
          partnerType: 'Forsakringskassan',
          partnerId: 'forsakringskassan',
          role: 'STATE_AUTHORITY',
          representedBy: null,
          position: 3,
        },
        {
          agreementId: id,
          partnerType: 'Organisation',
          partnerId: `housing-${m.code}`,
          role: 'HOUSING_COMPANY',
          representedBy: null,
          position: 4,
        },
      ] satisfies Partial<Partnership>[];
    }),
  );
}

type PartnerRef = { partnerType: PartnerType; partnerId: string };

/** What each kind of partner typically undertakes; the seed's commitments are illustrative, not sourced. */
const commitmentTemplates: {
  partner: (m: AgreementMunicipalityRecord) => PartnerRef;
  focusArea: FocusArea;
  text: string;
}[] = [
  {
    partner: (m) => ({ partnerType: 'Municipality', partnerId: m.code }),
    focusArea: 'EDUCATION',
    text: 'Homework support and an extended school day in {districts} (illustrative).',
  },
  {
    partner: () => ({ partnerType: 'PoliceAuthority', partnerId: 'polisen' }),
    focusArea: 'SAFETY',
    text: 'Community police officers present in {districts}, with joint safety walks (illustrative).',
  },
  {
    partner: () => ({ partnerType: 'Arbetsformedlingen', partnerId: 'arbetsformedlingen' }),
    focusArea: 'WORK',
    text: 'A local job centre and outreach to young people in {districts} (illustrative).',
  },
  {
    partner: () => ({ partnerType: 'Forsakringskassan', partnerId: 'forsakringskassan' }),
    focusArea: 'WORK',
    text: 'Joint rehabilitation support with Arbetsförmedlingen for people on sickness benefit (illustrative).',
  },
  {
    partner: (m) => ({ partnerType: 'Organisation', partnerId: `housing-${m.code}` }),
    focusArea: 'GROWTH',
    text: 'Local hiring in renovation projects in {districts} (illustrative).',
  },
];

const fictionalFirstNames = ['Testa', 'Prova', 'Demo', 'Exempel', 'Fiktiv'];
const fictionalLastNames = ['Testsson', 'Provsson', 'Demosson', 'Exempelsson', 'Fiktivsson'];
const contactTitles: Record<PartnerType, string> = {
  Municipality: 'Samordnare för lokalt utvecklingsavtal',
  PoliceAuthority: 'Kommunpolis',
  Arbetsformedlingen: 'Sektionschef',
  Forsakringskassan: 'Samverkansansvarig',
  Organisation: 'Områdeschef',
};

/**
 * Illustrative partner-only data for every agreement: commitments with
 * co-financing, follow-up reports (2008 and 2009 submitted by 1 October, as
 * the municipalities' annual reports were, 2010 a draft), reported obstacles
 * and goal conflicts, and fictional contact people. Nothing here is sourced;
 * descriptions and names say so.
 */
export async function seedPartnerData(manager: EntityManager, options: SeedOptions): Promise<void> {
  const districtNames = new Map<string, string[]>();
  const districtIds = new Map<string, string[]>();
  for (const d of loadUrbanDistricts()) {
    districtNames.set(d.municipalityCode, [...(districtNames.get(d.municipalityCode) ?? []), d.name]);
    districtIds.set(d.municipalityCode, [...(districtIds.get(d.municipalityCode) ?? []), d.id]);
  }
  const municipalities = loadAgreementMunicipalities();
  const commitments: Partial<Commitment>[] = [];
  const shares: CoFinancingShare[] = [];
  const commitmentDistricts: CommitmentDistrict[] = [];
  const obstacleParties: ObstacleParty[] = [];
  const followUps: Partial<FollowUpReport>[] = [];
  const obstacles: Partial<Obstacle>[] = [];
  const contacts: Partial<ContactPerson>[] = [];
  for (const m of municipalities) {
    const id = agreementId(m.code);
    const districts = (districtNames.get(m.code) ?? []).join(', ');
    for (const [i, template] of commitmentTemplates.entries()) {
      const partner = template.partner(m);
      const commitmentId = `${id}-${partner.partnerType}-${partner.partnerId}-${template.focusArea}`.toLowerCase();
      commitments.push({
        id: commitmentId,
        agreementId: id,
        ...partner,
        focusArea: template.focusArea,
        description: template.text.replace('{districts}', districts),
        periodStart: '2008-01-01',
        periodEnd: '2010-12-31',
        budgetSek: Math.round(uniform(options.syntheticSeed, 'co-financing', id, i) * 40) * 50_000 || null,
        status: 'ONGOING',
        version: 1,
      });
      // Each partner pays its own illustrative commitment in full.
      shares.push({ commitmentId, ...partner, basisPoints: 10_000, position: 0 });
      commitmentDistricts.push(...(districtIds.get(m.code) ?? []).map((districtId) => ({ commitmentId, districtId })));
      const first = fictionalFirstNames[i];
      const last = fictionalLastNames[(i + Number(m.code)) % fictionalLastNames.length];
      contacts.push({
        id: `${id}-${partner.partnerType.toLowerCase()}`,
        agreementId: id,
        ...partner,
        name: `${first} ${last}`,
        title: `${contactTitles[partner.partnerType]} (fictional)`,
        email: `${first}.${last}.${m.code}@example.org`.toLowerCase(),
      });
    }
    for (const year of [2008, 2009, 2010]) {
      followUps.push({
        agreementId: id,
        year,
        status: year < 2010 ? 'SUBMITTED' : 'DRAFT',
        summary: `Illustrative follow-up ${year} for ${m.name}: work in ${districts} against the agreement's goals in arbete, utbildning, trygghet and tillväxt.`,
        submittedOn: year < 2010 ? `${year}-10-01` : null,
      });
    }
    obstacles.push(
      {
        id: `${id}-data-sharing`,
        agreementId: id,
        kind: 'OBSTACLE',
        description: 'Secrecy rules hinder the authorities from sharing case information in joint work (illustrative).',
        focusArea: 'WORK',
        partnerType: 'Forsakringskassan',
        partnerId: 'forsakringskassan',
        status: 'OPEN',
        reportedAt: null,
        version: 1,
      },
      {
        id: `${id}-national-targets`,
        agreementId: id,
        kind: 'GOAL_CONFLICT',
        description: `National performance targets pull resources away from the local priorities in ${districts} (illustrative).`,
        focusArea: 'SAFETY',
        partnerType: 'Municipality',
        partnerId: m.code,
        status: 'OPEN',
        reportedAt: null,
        version: 1,
      },
    );
    obstacleParties.push(
      { obstacleId: `${id}-data-sharing`, partnerType: 'Forsakringskassan', partnerId: 'forsakringskassan' },
      { obstacleId: `${id}-data-sharing`, partnerType: 'PoliceAuthority', partnerId: 'polisen' },
      { obstacleId: `${id}-national-targets`, partnerType: 'Municipality', partnerId: m.code },
      { obstacleId: `${id}-national-targets`, partnerType: 'PoliceAuthority', partnerId: 'polisen' },
    );
  }
  await manager.insert(Commitment, commitments);
  await manager.insert(CoFinancingShare, shares);
  await manager.insert(CommitmentDistrict, commitmentDistricts);
  await manager.insert(FollowUpReport, followUps);
  await manager.insert(Obstacle, obstacles);
  await manager.insert(ObstacleParty, obstacleParties);
  await manager.insert(ContactPerson, contacts);
}

/** Every municipality's county and police region, from the reference data, for the agreements' filters. */
export async function seedMunicipalityLocations(manager: EntityManager): Promise<void> {
  const regionOfCounty = new Map(loadPoliceRegions().flatMap((r) => r.countyCodes.map((county) => [county, r.code])));
  await manager.insert(
    MunicipalityLocation,
    loadMunicipalities().map((m) => {
      const policeRegionCode = regionOfCounty.get(m.countyCode);
      if (!policeRegionCode) throw new Error(`County ${m.countyCode} is in no police region of the reference data`);
      return { municipalityCode: m.code, countyCode: m.countyCode, policeRegionCode };
    }),
  );
}

/**
 * The 15 districts that continued as URBAN 15 in 2012–2014 (Boverket
 * 2013:6; `verified` in the district list), as renewals of their
 * municipality's 2008–2010 agreement: one URBAN 15 agreement per
 * municipality, covering its verified districts, with the partners and goal
 * areas carried over. The sources give neither the agreements' dates nor
 * their decision, so the period is the programme's years and the decision
 * the predecessor's, as `renewAgreement` would record them.
 */
export async function seedUrban15Renewals(manager: EntityManager): Promise<void> {
  const verified = loadUrbanDistricts().filter((d) => d.confidence === 'verified');
  const names = new Map(loadAgreementMunicipalities().map((m) => [m.code, m.name]));
  for (const code of [...new Set(verified.map((d) => d.municipalityCode))].sort()) {
    const predecessor = await manager.findOneByOrFail(LocalDevelopmentAgreement, { id: agreementId(code) });
    const id = `lua-2012-2014-${code}`;
    await manager.insert(LocalDevelopmentAgreement, {
      id,
      title: `URBAN 15 2012–2014, ${names.get(code) ?? code}`,
      municipalityCode: code,
      decisionId: predecessor.decisionId,
      periodStart: '2012-01-01',
      periodEnd: '2014-12-31',
      focusAreas: predecessor.focusAreas,
      continuedInUrban15: false,
      version: 1,
    });
    await manager.insert(
      AgreementDistrict,
      verified.filter((d) => d.municipalityCode === code).map((d) => ({ agreementId: id, districtId: d.id })),
    );
    const partners = await manager.findBy(Partnership, { agreementId: predecessor.id });
    await manager.insert(
      Partnership,
      partners.map(({ agreement: _, ...p }) => ({ ...p, agreementId: id })),
    );
    await manager.insert(AgreementRenewal, { predecessorId: predecessor.id, successorId: id });
  }
}
