import type { MunicipalitiesContext } from '../context';
import type { County as CountyRow } from '../entities';

export const County = {
  __resolveReference: ({ code }: { code: string }, { loaders }: MunicipalitiesContext) =>
    loaders.countyByCode.load(code),
  municipalities: (c: CountyRow, _: unknown, { loaders }: MunicipalitiesContext) =>
    loaders.municipalitiesByCounty.load(c.code),
};
