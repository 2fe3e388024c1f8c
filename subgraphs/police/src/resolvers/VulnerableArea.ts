import { referenced } from '@samverkan/common';
import type { VulnerableAreaResolvers } from '../generated/resolvers-types';

export const VulnerableArea = {
  __resolveReference: ({ id }, { loaders }) => loaders.vulnerableAreaById.load(id),
  municipality: (area) => ({ code: area.municipalityCode }),
  region: (area, _, { loaders }) =>
    referenced(loaders.regionByCode.load(area.regionCode), `Police region ${area.regionCode} of area ${area.id}`),
  district: (area) => (area.districtId ? { id: area.districtId } : null),
} satisfies VulnerableAreaResolvers;
