import { In, type DataSource } from 'typeorm';
import {
  entityColumns,
  findWhereIn,
  groupedLoader,
  preparedReadOf,
  runPreparedRead,
  uniqueLoader,
} from '@samverkan/common';
import {
  AgreementDistrict,
  AgreementRenewal,
  ChangeRecord,
  CoFinancingShare,
  Commitment,
  CommitmentDistrict,
  ContactPerson,
  FollowUpReport,
  GovernmentDecision,
  Obstacle,
  ObstacleParty,
  LocalDevelopmentAgreement,
  Organisation,
  Partnership,
  Resolution,
  ResolutionShare,
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

/** The agreements covering each of many districts, earliest first: one row per (agreement, district). */
const agreementsByDistrict = preparedReadOf(
  (dataSource) =>
    `SELECT d.district_id AS "coveredDistrict", ${entityColumns(dataSource, LocalDevelopmentAgreement, 'a')} ` +
    'FROM local_development_agreement a JOIN agreement_district d ON d.agreement_id = a.id ' +
    'WHERE d.district_id = ANY($1) ORDER BY a.period_start',
);

/** The agreements of many partners, each named by type and id: one row per partnership. */
const agreementsByPartner = preparedReadOf(
  (dataSource) =>
    'SELECT p.partner_type AS "partnerType", p.partner_id AS "partnerId", ' +
    `${entityColumns(dataSource, LocalDevelopmentAgreement, 'a')} ` +
    'FROM partnership p JOIN local_development_agreement a ON a.id = p.agreement_id ' +
    'JOIN unnest($1::text[], $2::text[]) AS k(type, id) ON p.partner_type = k.type AND p.partner_id = k.id ' +
    'ORDER BY a.municipality_code, a.period_start',
);

/** One set per request: each lookup below costs one prepared statement per request, whatever the number of rows. */
export function createLoaders(dataSource: DataSource) {
  return {
    agreementById: uniqueLoader(
      (ids: readonly string[]) => findWhereIn(dataSource, LocalDevelopmentAgreement, 'id', ids),
      (a) => a.id,
    ),
    agreementsByMunicipality: groupedLoader(
      (codes: readonly string[]) =>
        findWhereIn(dataSource, LocalDevelopmentAgreement, 'municipalityCode', codes, ['periodStart']),
      (a) => a.municipalityCode,
    ),
    agreementsByDistrict: groupedLoader(
      async (ids: readonly string[]) => {
        const rows = await runPreparedRead<LocalDevelopmentAgreement & { coveredDistrict: string }>(
          dataSource,
          agreementsByDistrict(dataSource),
          [ids],
        );
        return rows.map(({ coveredDistrict, ...agreement }) => ({ districtId: coveredDistrict, agreement }));
      },
      (pair) => pair.districtId,
    ),
    agreementsByPartner: groupedLoader(
      async (keys: readonly string[]) => {
        const partners = keys.map(parsePartnerKey);
        const rows = await runPreparedRead<LocalDevelopmentAgreement & { partnerType: string; partnerId: string }>(
          dataSource,
          agreementsByPartner(dataSource),
          [partners.map((p) => p.type), partners.map((p) => p.id)],
        );
        return rows.map(({ partnerType, partnerId, ...agreement }) => ({
          key: partnerKey(partnerType, partnerId),
          agreement,
        }));
      },
      (pair) => pair.key,
    ),
    partnershipsByAgreement: groupedLoader(
      (ids: readonly string[]) => findWhereIn(dataSource, Partnership, 'agreementId', ids, ['position']),
      (p) => p.agreementId,
    ),
    districtIdsByAgreement: groupedLoader(
      (ids: readonly string[]) => findWhereIn(dataSource, AgreementDistrict, 'agreementId', ids, ['districtId']),
      (d) => d.agreementId,
    ),
    commitmentsByAgreement: groupedLoader(
      (ids: readonly string[]) =>
        findWhereIn(dataSource, Commitment, 'agreementId', ids, ['partnerType', 'focusArea', 'periodStart', 'id']),
      (c) => c.agreementId,
    ),
    sharesByCommitment: groupedLoader(
      (ids: readonly string[]) => findWhereIn(dataSource, CoFinancingShare, 'commitmentId', ids, ['position']),
      (s) => s.commitmentId,
    ),
    districtIdsByCommitment: groupedLoader(
      (ids: readonly string[]) => findWhereIn(dataSource, CommitmentDistrict, 'commitmentId', ids, ['districtId']),
      (d) => d.commitmentId,
    ),
    // Through TypeORM: a report keeps its indicators as JSON, which prepared reads do not map.
    followUpsByAgreement: groupedLoader(
      (ids: readonly string[]) =>
        dataSource.getRepository(FollowUpReport).find({ where: { agreementId: In([...ids]) }, order: { year: 'ASC' } }),
      (f) => f.agreementId,
    ),
    // Through TypeORM, like the history: obstacles carry timestamps, which prepared reads do not map.
    obstaclesByAgreement: groupedLoader(
      (ids: readonly string[]) =>
        dataSource.getRepository(Obstacle).find({ where: { agreementId: In([...ids]) }, order: { id: 'ASC' } }),
      (o) => o.agreementId,
    ),
    partiesByObstacle: groupedLoader(
      (ids: readonly string[]) => findWhereIn(dataSource, ObstacleParty, 'obstacleId', ids),
      (p) => p.obstacleId,
    ),
    resolutionsByObstacle: groupedLoader(
      (ids: readonly string[]) =>
        dataSource
          .getRepository(Resolution)
          .find({ where: { obstacleId: In([...ids]) }, order: { proposedAt: 'ASC' } }),
      (r) => r.obstacleId,
    ),
    sharesByResolution: groupedLoader(
      (ids: readonly string[]) => findWhereIn(dataSource, ResolutionShare, 'resolutionId', ids, ['position']),
      (s) => s.resolutionId,
    ),
    contactsByAgreement: groupedLoader(
      (ids: readonly string[]) => findWhereIn(dataSource, ContactPerson, 'agreementId', ids, ['id']),
      (c) => c.agreementId,
    ),
    organisationById: uniqueLoader(
      (ids: readonly string[]) => findWhereIn(dataSource, Organisation, 'id', ids),
      (o) => o.id,
    ),
    renewalBySuccessor: uniqueLoader(
      (ids: readonly string[]) => findWhereIn(dataSource, AgreementRenewal, 'successorId', ids),
      (r) => r.successorId,
    ),
    renewalByPredecessor: uniqueLoader(
      (ids: readonly string[]) => findWhereIn(dataSource, AgreementRenewal, 'predecessorId', ids),
      (r) => r.predecessorId,
    ),
    // Through TypeORM: a history is read rarely, and its bigint id has no prepared-read mapping.
    historyByAgreement: groupedLoader(
      (ids: readonly string[]) =>
        dataSource.getRepository(ChangeRecord).find({ where: { agreementId: In([...ids]) }, order: { id: 'DESC' } }),
      (c) => c.agreementId,
    ),
    decisionById: uniqueLoader(
      (ids: readonly string[]) => findWhereIn(dataSource, GovernmentDecision, 'id', ids),
      (d) => d.id,
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
