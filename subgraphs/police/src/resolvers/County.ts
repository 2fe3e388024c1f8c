import type { PoliceContext } from '../context';

export const County = {
  __resolveReference: ({ code }: { code: string }) => ({ code }),
  policeRegion: async ({ code }: { code: string }, _: unknown, { loaders }: PoliceContext) => {
    const link = await loaders.regionOfCounty.load(code);
    return link ? loaders.regionByCode.load(link.regionCode) : null;
  },
};
