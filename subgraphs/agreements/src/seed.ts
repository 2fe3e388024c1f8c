import type { EntityManager } from 'typeorm';
import { loadAgreementMunicipalities, loadCounties, loadUrbanDistricts, type SeedOptions } from '@samverkan/common';
import {
  AgreementDistrict,
  GovernmentDecision,
  LocalDevelopmentAgreement,
  Organisation,
  Partnership,
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
