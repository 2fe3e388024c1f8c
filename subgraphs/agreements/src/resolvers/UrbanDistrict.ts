import type { AgreementsContext } from '../context';

export const UrbanDistrict = {
  __resolveReference: ({ id }: { id: string }) => ({ id }),
  agreements: async ({ id }: { id: string }, _: unknown, { loaders }: AgreementsContext) =>
    (await loaders.agreementsByDistrict.load(id)).map((pair) => pair.agreement),
};
