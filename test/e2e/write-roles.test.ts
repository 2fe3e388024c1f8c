import { databaseKind } from '../support/database';
import { startWriteHarness, writeCallers, type WriteCaller, type WriteHarness } from '../support/writes';

/**
 * Every mutation against every kind of caller, in Stockholm's 2008–2010
 * agreement: who may write gets past the rights check (the write may still
 * meet a rule, as when a second caller registers the same agreement), and
 * everyone else gets FORBIDDEN with nothing written.
 */
const callers = Object.keys(writeCallers) as WriteCaller[];

interface Write {
  mutation: string;
  document: string;
  allowed: WriteCaller[];
  /** Variables for the current state: a version read just before, ids made in beforeAll. */
  variables(): Promise<Record<string, unknown>>;
}

const agreement = 'lua-2008-2010-0180';
const coordinators: WriteCaller[] = ['coordinator', 'administrator'];
const partnersOfAgreement: WriteCaller[] = ['partner of the agreement', 'police partner'];

describe(`who may write what, every mutation against every caller (${databaseKind})`, () => {
  let harness: WriteHarness;
  let commitmentId: string;
  let obstacleId: string;

  const version = async (query: string) => {
    const body = await harness.as('coordinator', query, {});
    return Object.values(body.data!)[0].version as number;
  };

  beforeAll(async () => {
    harness = await startWriteHarness('samverkan_roles_');
    const commitment = await harness.as(
      'partner of the agreement',
      'mutation R($input: RecordCommitmentInput!) { recordCommitment(input: $input) { id } }',
      {
        input: {
          agreementId: agreement,
          focusArea: 'WORK',
          description: 'Job fair in Husby',
          districtIds: ['0180-husby'],
          period: { start: '2009-01-01', end: '2009-12-31' },
          coFinancing: [{ partner: { municipalityCode: '0180' }, sharePercent: 100 }],
        },
      },
    );
    commitmentId = commitment.data!.recordCommitment.id;
    const obstacle = await harness.as(
      'partner of the agreement',
      'mutation R($input: RecordObstacleInput!) { recordObstacle(input: $input) { id } }',
      { input: { agreementId: agreement, kind: 'OBSTACLE', description: 'Rules differ', focusArea: 'WORK' } },
    );
    obstacleId = obstacle.data!.recordObstacle.id;
  }, 180_000);
  afterAll(() => harness?.stop());

  const writes: Write[] = [
    {
      mutation: 'registerAgreement',
      document: 'mutation M($input: RegisterAgreementInput!) { registerAgreement(input: $input) { id } }',
      allowed: coordinators,
      variables: async () => ({
        input: {
          municipalityCode: '0180',
          title: 'Stockholm 2016–2018',
          period: { start: '2016-01-01', end: '2018-12-31' },
          decision: { reference: 'IJ2008/56/IU', decidedOn: '2008-05-22' },
          districtIds: ['0180-husby'],
          focusAreas: ['WORK'],
        },
      }),
    },
    {
      mutation: 'renewAgreement',
      document: 'mutation M($input: RenewAgreementInput!) { renewAgreement(input: $input) { id } }',
      allowed: coordinators,
      variables: async () => ({
        input: {
          predecessorId: 'lua-2012-2014-0180',
          title: 'Stockholm 2015',
          period: { start: '2015-01-01', end: '2015-12-31' },
        },
      }),
    },
    {
      mutation: 'addPartner',
      document: 'mutation M($input: AddPartnerInput!) { addPartner(input: $input) { id } }',
      allowed: coordinators,
      variables: async () => ({
        input: {
          agreementId: agreement,
          version: await version(`{ agreement(id: "${agreement}") { version } }`),
          partner: { organisationName: `Förening ${Math.random().toString(36).slice(2, 8)}` },
          role: 'CIVIL_SOCIETY',
        },
      }),
    },
    {
      mutation: 'removePartner',
      document: 'mutation M($input: RemovePartnerInput!) { removePartner(input: $input) { id } }',
      allowed: coordinators,
      variables: async () => ({
        input: {
          agreementId: agreement,
          version: await version(`{ agreement(id: "${agreement}") { version } }`),
          partner: { organisationId: 'housing-0180' },
        },
      }),
    },
    {
      mutation: 'recordCommitment',
      document: 'mutation M($input: RecordCommitmentInput!) { recordCommitment(input: $input) { id } }',
      allowed: partnersOfAgreement,
      variables: async () => ({
        input: {
          agreementId: agreement,
          focusArea: 'SAFETY',
          description: 'Safety walks',
          districtIds: ['0180-rinkeby'],
          period: { start: '2009-01-01', end: '2009-12-31' },
          coFinancing: [{ partner: { municipalityCode: '0180' }, sharePercent: 100 }],
        },
      }),
    },
    {
      mutation: 'updateCommitment',
      document: 'mutation M($input: UpdateCommitmentInput!) { updateCommitment(input: $input) { id } }',
      // Only the committing organisation: Stockholm, not the Police, though party to the agreement.
      allowed: ['partner of the agreement'],
      variables: async () => ({
        input: {
          id: commitmentId,
          version: (
            (await harness.database.query('SELECT version FROM commitment WHERE id = $1', [commitmentId])) as {
              version: number;
            }[]
          )[0].version,
          description: `Job fair in Husby, ${Math.random().toString(36).slice(2, 8)}`,
        },
      }),
    },
    {
      mutation: 'recordObstacle',
      document: 'mutation M($input: RecordObstacleInput!) { recordObstacle(input: $input) { id } }',
      allowed: partnersOfAgreement,
      variables: async () => ({
        input: {
          agreementId: agreement,
          kind: 'GOAL_CONFLICT',
          description: 'Targets pull apart',
          focusArea: 'SAFETY',
        },
      }),
    },
    {
      mutation: 'proposeResolution',
      document: 'mutation M($input: ProposeResolutionInput!) { proposeResolution(input: $input) { id } }',
      allowed: [...partnersOfAgreement, ...coordinators],
      variables: async () => ({
        input: {
          obstacleId,
          proposal: 'Agree on one set of rules',
          economicConsequencesSek: 0,
          financing: 'None needed',
          coFinancing: [{ partner: { municipalityCode: '0180' }, sharePercent: 100 }],
        },
      }),
    },
    {
      mutation: 'changeObstacleStatus',
      document: 'mutation M($input: ChangeObstacleStatusInput!) { changeObstacleStatus(input: $input) { id } }',
      allowed: [...partnersOfAgreement, ...coordinators],
      variables: async () => {
        const [row] = (await harness.database.query('SELECT version, status FROM obstacle WHERE id = $1', [
          obstacleId,
        ])) as { version: number; status: string }[];
        return { input: { obstacleId, version: row.version, status: row.status === 'OPEN' ? 'RESOLVED' : 'OPEN' } };
      },
    },
    {
      mutation: 'fileFollowUpReport',
      document: 'mutation M($input: FileFollowUpReportInput!) { fileFollowUpReport(input: $input) { year } }',
      allowed: ['partner of the agreement'],
      variables: async () => ({
        input: {
          agreementId: agreement,
          year: 2010,
          summary: 'The year in brief',
          assessments: ['WORK', 'EDUCATION', 'SAFETY', 'GROWTH'].map((focusArea) => ({
            focusArea,
            rating: 'ON_TRACK',
            assessment: 'Fine',
          })),
        },
      }),
    },
  ];

  it('has a case for every mutation in the schema', async () => {
    const body = await harness.as('anonymous', '{ __schema { mutationType { fields { name } } } }', {});
    const inSchema = body.data!.__schema.mutationType.fields.map((f: { name: string }) => f.name).sort();
    expect(writes.map((w) => w.mutation).sort()).toEqual(inSchema);
  });

  it.each(writes.flatMap((write) => callers.map((caller) => [write.mutation, caller, write] as const)))(
    '%s by %s',
    async (_, caller, write) => {
      const variables = await write.variables();
      if (write.allowed.includes(caller)) {
        const body = await harness.as(caller, write.document, variables);
        // The first caller allowed writes; a second may meet a rule the first write made apply.
        if (caller === write.allowed[0]) expect(body.errors).toBeUndefined();
        expect((body.errors ?? []).map((e) => e.extensions?.code)).not.toContain('FORBIDDEN');
      } else {
        const error = await harness.refused(caller, write.document, variables);
        expect(error.code).toBe('FORBIDDEN');
      }
    },
  );
});
