import type { PoliceContext } from '../context';

export const County = {
  __resolveReference: ({ code }: { code: string }) => ({ code }),
  policeRegion: async ({ code }: { code: string }, _: unknown, { loaders }: PoliceContext) =>
    (await loaders.regionOfCounty.load(code))?.region ?? null,
};
