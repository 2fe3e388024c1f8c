import type { MunicipalityResolvers } from '../generated/resolvers-types';
import { loadBreakdownSeries } from '../loaders/youth-in-programmes';

export const Municipality = {
  __resolveReference: ({ code }) => ({ code }),
  unemploymentSeries: ({ code }, range, { loaders }) =>
    loaders.unemploymentSeries.load({ areaKind: 'municipality', areaId: code }, range),
  unemployment: ({ code }, { year }, { loaders }) =>
    loaders.unemployment.load({ areaKind: 'municipality', areaId: code, year }),
  youthInProgrammes: ({ code }, { year }, { loaders }) =>
    loaders.youthInProgrammes.load({ areaKind: 'municipality', areaId: code, year }),
  youthInProgrammesSeries: ({ code }, range, { loaders }) =>
    loadBreakdownSeries(loaders.youthInProgrammes, { areaKind: 'municipality', areaId: code }, range),
  employmentOffices: ({ code }, _, { loaders }) => loaders.officesByMunicipality.load(code),
} satisfies MunicipalityResolvers;
