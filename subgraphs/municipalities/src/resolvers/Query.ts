import type { MunicipalitiesContext } from '../context';
import { County, Municipality, UrbanDistrict } from '../entities';

export const Query = {
  municipalities: (_: unknown, args: { countyCode?: string | null }, { dataSource }: MunicipalitiesContext) =>
    dataSource
      .getRepository(Municipality)
      .find({ where: args.countyCode ? { countyCode: args.countyCode } : {}, order: { code: 'ASC' } }),
  municipality: (_: unknown, { code }: { code: string }, { loaders }: MunicipalitiesContext) =>
    loaders.municipalityByCode.load(code),
  counties: (_: unknown, __: unknown, { dataSource }: MunicipalitiesContext) =>
    dataSource.getRepository(County).find({ order: { code: 'ASC' } }),
  county: (_: unknown, { code }: { code: string }, { loaders }: MunicipalitiesContext) =>
    loaders.countyByCode.load(code),
  urbanDistricts: (_: unknown, args: { municipalityCode?: string | null }, { dataSource }: MunicipalitiesContext) =>
    dataSource.getRepository(UrbanDistrict).find({
      where: args.municipalityCode ? { municipalityCode: args.municipalityCode } : {},
      order: { municipalityCode: 'ASC', name: 'ASC' },
    }),
  urbanDistrict: (_: unknown, { id }: { id: string }, { loaders }: MunicipalitiesContext) =>
    loaders.districtById.load(id),
};
