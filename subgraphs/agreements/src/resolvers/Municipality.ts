import type { AgreementsContext } from '../context';

export const Municipality = {
  __resolveReference: ({ code }: { code: string }) => ({ code }),
  agreements: ({ code }: { code: string }, _: unknown, { loaders }: AgreementsContext) =>
    loaders.agreementsByMunicipality.load(code),
};
