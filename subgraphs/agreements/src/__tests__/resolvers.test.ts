import { anonymousCaller, createAuditLog } from '@samverkan/common';
import type { AgreementsContext } from '../context';
import type { Partnership } from '../entities';
import { partnerKey } from '../loaders';
import { resolvers } from '../resolvers';

function contextWith(loaders: Partial<Record<keyof AgreementsContext['loaders'], unknown>>): AgreementsContext {
  return {
    dataSource: undefined as never,
    loaders: loaders as AgreementsContext['loaders'],
    caller: anonymousCaller,
    audit: createAuditLog('agreements-test', 10, () => undefined),
    supergraphUrl: 'http://127.0.0.1:9/graphql',
  };
}

describe('agreements resolvers', () => {
  const partnership = (partnerType: Partnership['partnerType'], partnerId: string): Partnership => ({
    agreementId: 'lua-2008-2010-0180',
    partnerType,
    partnerId,
    role: 'STATE_AUTHORITY',
    representedBy: null,
    position: 1,
  });

  it('hands authorities and municipalities to their own subgraphs as typed references', async () => {
    const context = contextWith({});
    expect(await resolvers.Partnership.partner(partnership('PoliceAuthority', 'polisen'), {}, context)).toEqual({
      __typename: 'PoliceAuthority',
      id: 'polisen',
    });
    expect(await resolvers.Partnership.partner(partnership('Municipality', '0180'), {}, context)).toEqual({
      __typename: 'Municipality',
      code: '0180',
    });
    expect(resolvers.Partner.__resolveType({ __typename: 'Forsakringskassan', id: 'forsakringskassan' })).toBe(
      'Forsakringskassan',
    );
  });

  it('says which organisation is missing instead of answering null for a non-null partner', async () => {
    const context = contextWith({ organisationById: { load: async () => null } });
    await expect(
      resolvers.Partnership.partner(partnership('Organisation', 'housing-0180'), {}, context),
    ).rejects.toThrow('Partner organisation housing-0180 of agreement lua-2008-2010-0180 does not exist.');
  });

  it('looks up an authority’s agreements by its type and id', async () => {
    const keys: string[] = [];
    const context = contextWith({
      agreementsByPartner: {
        load: async (key: string) => {
          keys.push(key);
          return [{ key, agreement: { id: 'lua-2008-2010-0180' } }];
        },
      },
    });
    const agreements = await resolvers.Arbetsformedlingen.agreements({ id: 'arbetsformedlingen' }, {}, context);
    expect(agreements).toEqual([{ id: 'lua-2008-2010-0180' }]);
    expect(keys).toEqual([partnerKey('Arbetsformedlingen', 'arbetsformedlingen')]);
  });

  it('presents an agreement’s period and municipality from its row', () => {
    const row = { id: 'a', municipalityCode: '0136', periodStart: '2008-01-01', periodEnd: '2010-12-31' };
    expect(resolvers.LocalDevelopmentAgreement.period(row as never)).toEqual({
      start: '2008-01-01',
      end: '2010-12-31',
    });
    expect(resolvers.LocalDevelopmentAgreement.municipality(row as never)).toEqual({ code: '0136' });
  });
});
