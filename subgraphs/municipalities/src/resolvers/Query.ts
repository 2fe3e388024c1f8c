import { keyFormats, requireKeyFormat, type DistrictConfidence } from '@samverkan/common';
import type { QueryResolvers } from '../generated/resolvers-types';
import { County, Municipality, UrbanDistrict } from '../entities';

export const Query = {
  municipalities: (_, args, { dataSource }) => {
    requireKeyFormat('countyCode', args.countyCode, keyFormats.countyCode);
    return dataSource
      .getRepository(Municipality)
      .find({ where: args.countyCode ? { countyCode: args.countyCode } : {}, order: { code: 'ASC' } });
  },
  municipality: (_, { code }, { loaders }) => {
    requireKeyFormat('code', code, keyFormats.municipalityCode);
    return loaders.municipalityByCode.load(code);
  },
  counties: (_, __, { dataSource }) => dataSource.getRepository(County).find({ order: { code: 'ASC' } }),
  county: (_, { code }, { loaders }) => {
    requireKeyFormat('code', code, keyFormats.countyCode);
    return loaders.countyByCode.load(code);
  },
  urbanDistricts: (_, args, { dataSource }) => {
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
  urbanDistrict: (_, { id }, { loaders }) => {
    requireKeyFormat('id', id, keyFormats.urbanDistrictId);
    return loaders.districtById.load(id);
  },
} satisfies QueryResolvers;
