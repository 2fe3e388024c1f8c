import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { graphql } from 'graphql';
import { createAuditLog } from '../audit';
import { anonymousCaller, type Caller } from '../identity';
import { createLogger } from '../logger';
import { buildSchema, type SubgraphDefinition } from '../subgraph';

const sdl = /* GraphQL */ `
  extend schema
    @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@composeDirective"])
    @link(url: "https://samverkan.example/access/v1.0", import: ["@access"])
    @composeDirective(name: "@access")
  directive @access(level: AccessLevel!) on FIELD_DEFINITION
  enum AccessLevel {
    PUBLIC
    PARTNER
    PERSONAL
  }
  type Query {
    agreement: Agreement
  }
  type Agreement {
    id: ID!
    plans: String @access(level: PARTNER)
    contact: String @access(level: PERSONAL)
  }
`;

function definition(withPolicy: boolean): SubgraphDefinition<{ caller: Caller }> {
  const dir = mkdtempSync(join(tmpdir(), 'samverkan-access-'));
  writeFileSync(join(dir, 'schema.graphql'), sdl);
  return {
    name: 'test',
    defaultPort: 0,
    schemaFile: join(dir, 'schema.graphql'),
    resolvers: { Query: { agreement: () => ({ id: 'a1', plans: 'plans', contact: 'Testa Testsson', party: '0136' }) } },
    entities: [],
    migrations: [],
    seeds: [],
    ...(withPolicy
      ? {
          access: {
            isPartyTo: async (caller: Caller, parent: unknown) =>
              (parent as { party: string }).party === caller.organisation,
          },
        }
      : {}),
    createContext: (_d, caller) => ({ caller }),
  };
}

describe('@access enforcement', () => {
  const run = async (caller: Caller, source = '{ agreement { id plans contact } }') => {
    const audit = createAuditLog('test', 50, () => undefined);
    const { schema, flushAudit } = buildSchema(definition(true), audit, createLogger('test', 'silent'));
    const contextValue = { caller };
    const result = await graphql({ schema, source, contextValue });
    flushAudit(contextValue);
    return { result, audit };
  };
  const partner = (organisation: string, roles: Caller['roles'] = ['partner']): Caller => ({
    anonymous: false,
    subject: 's',
    organisation,
    roles,
  });

  it('serves each level to the callers the rules name, FORBIDDEN on the path for the rest', async () => {
    const views = {
      anonymous: await run(anonymousCaller),
      partnerHere: await run(partner('0136')),
      partnerElsewhere: await run(partner('1280')),
      coordinator: await run(partner('0180', ['coordinator'])),
    };
    expect(views.anonymous.result.data).toEqual({ agreement: { id: 'a1', plans: null, contact: null } });
    expect(views.anonymous.result.errors!.map((e) => [e.path!.join('.'), e.extensions.code])).toEqual([
      ['agreement.plans', 'FORBIDDEN'],
      ['agreement.contact', 'FORBIDDEN'],
    ]);
    expect(views.partnerHere.result).toEqual({
      data: { agreement: { id: 'a1', plans: 'plans', contact: 'Testa Testsson' } },
    });
    expect(views.partnerElsewhere.result.data).toEqual({ agreement: { id: 'a1', plans: null, contact: null } });
    expect(views.coordinator.result.data).toEqual({ agreement: { id: 'a1', plans: 'plans', contact: null } });
    expect(views.partnerHere.audit.recent().map((e) => [e.fieldPath, e.outcome])).toEqual([
      ['agreement.contact', 'read'],
    ]);
  });

  it('audits by schema coordinate, whatever the aliases, and one refusal entry per field and request', async () => {
    const aliased = `{ ${Array.from({ length: 20 }, (_, i) => `a${i}: agreement { publicInfo: contact other: plans }`).join(' ')} }`;
    const { result, audit } = await run(anonymousCaller, aliased);
    expect(result.errors).toHaveLength(40);
    const entries = audit.recent();
    // 40 refused reads, two entries: one per field coordinate, each with its count.
    expect(entries.map((e) => [e.coordinate, e.outcome, e.count])).toEqual([
      ['Agreement.contact', 'refused', 20],
      ['Agreement.plans', 'refused', 20],
    ]);
    // The alias path stays as an extra: the client chose it, the coordinate it cannot.
    expect(entries[0].fieldPath).toBe('a0.publicInfo');
    const read = await run(partner('0136'), '{ agreement { publicInfo: contact } }');
    expect(read.audit.recent()).toEqual([
      expect.objectContaining({ coordinate: 'Agreement.contact', fieldPath: 'agreement.publicInfo', outcome: 'read' }),
    ]);
  });

  it('refuses to build a schema that marks fields @access without a policy to enforce it', () => {
    expect(() =>
      buildSchema(
        definition(false),
        createAuditLog('test', 10, () => undefined),
        createLogger('test', 'silent'),
      ),
    ).toThrow(/Agreement.plans, Agreement.contact declare @access but the subgraph defines no access policy/);
  });
});
