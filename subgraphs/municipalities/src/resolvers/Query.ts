import { keyFormats, requireKeyFormat, type DistrictConfidence } from '@samverkan/common';
import type { MunicipalitiesContext } from '../context';
import { County, Municipality, UrbanDistrict } from '../entities';

export const Query = {
  municipalities: (_: unknown, args: { countyCode?: string | null }, { dataSource }: MunicipalitiesContext) => {
    requireKeyFormat('countyCode', args.countyCode, keyFormats.countyCode);
    return dataSource
      .getRepository(Municipality)
      .find({ where: args.countyCode ? { countyCode: args.countyCode } : {}, order: { code: 'ASC' } });
  },
  municipality: (_: unknown, { code }: { code: string }, { loaders }: MunicipalitiesContext) => {
    requireKeyFormat('code', code, keyFormats.municipalityCode);
    return loaders.municipalityByCode.load(code);
  },
  counties: (_: unknown, __: unknown, { dataSource }: MunicipalitiesContext) =>
    dataSource.getRepository(County).find({ order: { code: 'ASC' } }),
  county: (_: unknown, { code }: { code: string }, { loaders }: MunicipalitiesContext) => {
    requireKeyFormat('code', code, keyFormats.countyCode);
    return loaders.countyByCode.load(code);
  },
  urbanDistricts: (
    _: unknown,
    args: { municipalityCode?: string | null; confidence?: Uppercase<DistrictConfidence> | null },
    { dataSource }: MunicipalitiesContext,
  ) => {
    requireKeyFormat('municipalityCode', args.municipalityCode, keyFormats.municipalityCode);
    return dataSource.getRepository(UrbanDistrict).find({
      where: {
        ...(args.municipalityCode ? { municipalityCode: args.municipalityCode } : {}),
        // Stored as the reference data spells it, in lower case.
        ...(args.confidence ? { confidence: args.confidence.toLowerCase() as DistrictConfidence } : {}),
      },
      order: { municipalityCode: 'ASC', name: 'ASC' },
    });
  },
  urbanDistrict: (_: unknown, { id }: { id: string }, { loaders }: MunicipalitiesContext) => {
    requireKeyFormat('id', id, keyFormats.urbanDistrictId);
    return loaders.districtById.load(id);
  },
};
