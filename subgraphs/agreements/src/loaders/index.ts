import { In, type DataSource } from 'typeorm';
import { groupedLoader, uniqueLoader } from '@samverkan/common';
import {
  AgreementDistrict,
  Commitment,
  ContactPerson,
  FollowUpReport,
  GovernmentDecision,
  Obstacle,
  LocalDevelopmentAgreement,
  Organisation,
  Partnership,
} from '../entities';

/** `PoliceAuthority:polisen`: the key of a partner across partner types. */
export function partnerKey(partnerType: string, partnerId: string): string {
  return `${partnerType}:${partnerId}`;
}

/** The inverse of `partnerKey`; type names never contain a colon, ids may. */
function parsePartnerKey(key: string): { type: string; id: string } {
  const colon = key.indexOf(':');
  return { type: key.slice(0, colon), id: key.slice(colon + 1) };
}

/** One set per request: each lookup below costs one statement per request, whatever the number of rows. */
export function createLoaders(dataSource: DataSource) {
  const agreements = dataSource.getRepository(LocalDevelopmentAgreement);
  const partnerships = dataSource.getRepository(Partnership);
  const agreementDistricts = dataSource.getRepository(AgreementDistrict);
  return {
    agreementById: uniqueLoader(
      (ids: readonly string[]) => agreements.findBy({ id: In([...ids]) }),
      (a) => a.id,
    ),
    agreementsByMunicipality: groupedLoader(
      (codes: readonly string[]) =>
        agreements.find({ where: { municipalityCode: In([...codes]) }, order: { periodStart: 'ASC' } }),
      (a) => a.municipalityCode,
    ),
    agreementsByDistrict: groupedLoader(
      (ids: readonly string[]) =>
        agreements
          .createQueryBuilder('a')
          .innerJoin(AgreementDistrict, 'd', 'd.agreement_id = a.id')
          .addSelect('d.district_id', 'district_id')
          .where('d.district_id IN (:...ids)', { ids })
          .orderBy('a.period_start')
          .getRawAndEntities()
          .then(({ raw, entities }) =>
            // One row per (agreement, district): pair each entity with the district it was found for.
            raw.map((row: { district_id: string; a_id: string }) => ({
              districtId: row.district_id,
              agreement: entities.find((e) => e.id === row.a_id)!,
            })),
          ),
      (pair) => pair.districtId,
    ),
    agreementsByPartner: groupedLoader(
      async (keys: readonly string[]) => {
        const partners = keys.map(parsePartnerKey);
        const rows = await partnerships
          .createQueryBuilder('p')
          .innerJoinAndSelect('p.agreement', 'a')
          .innerJoin(
            '(SELECT * FROM unnest(CAST(:types AS text[]), CAST(:ids AS text[])) AS u(type, id))',
            'k',
            'p.partner_type = k.type AND p.partner_id = k.id',
          )
          .setParameters({ types: partners.map((p) => p.type), ids: partners.map((p) => p.id) })
          .orderBy('a.municipality_code')
          .getMany();
        return rows.map((p) => ({ key: partnerKey(p.partnerType, p.partnerId), agreement: p.agreement! }));
      },
      (pair) => pair.key,
    ),
    partnershipsByAgreement: groupedLoader(
      (ids: readonly string[]) =>
        partnerships.find({ where: { agreementId: In([...ids]) }, order: { position: 'ASC' } }),
      (p) => p.agreementId,
    ),
    districtIdsByAgreement: groupedLoader(
      (ids: readonly string[]) =>
        agreementDistricts.find({ where: { agreementId: In([...ids]) }, order: { districtId: 'ASC' } }),
      (d) => d.agreementId,
    ),
    commitmentsByAgreement: groupedLoader(
      (ids: readonly string[]) =>
        dataSource.getRepository(Commitment).find({
          where: { agreementId: In([...ids]) },
          order: { partnerType: 'ASC', focusArea: 'ASC' },
        }),
      (c) => c.agreementId,
    ),
    followUpsByAgreement: groupedLoader(
      (ids: readonly string[]) =>
        dataSource.getRepository(FollowUpReport).find({ where: { agreementId: In([...ids]) }, order: { year: 'ASC' } }),
      (f) => f.agreementId,
    ),
    obstaclesByAgreement: groupedLoader(
      (ids: readonly string[]) =>
        dataSource.getRepository(Obstacle).find({ where: { agreementId: In([...ids]) }, order: { id: 'ASC' } }),
      (o) => o.agreementId,
    ),
    contactsByAgreement: groupedLoader(
      (ids: readonly string[]) =>
        dataSource.getRepository(ContactPerson).find({ where: { agreementId: In([...ids]) }, order: { id: 'ASC' } }),
      (c) => c.agreementId,
    ),
    organisationById: uniqueLoader(
      (ids: readonly string[]) => dataSource.getRepository(Organisation).findBy({ id: In([...ids]) }),
      (o) => o.id,
    ),
    decisionById: uniqueLoader(
      (ids: readonly string[]) => dataSource.getRepository(GovernmentDecision).findBy({ id: In([...ids]) }),
      (d) => d.id,
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
