/**
 * The lengths the cost estimate uses for lists it knows, from the reference
 * data with headroom; every other list counts as `ASSUMED_LIST_SIZE`. Keep
 * the long ones here: a list the estimate takes for 10 items while it holds
 * 290 lets nested queries through that answer megabytes.
 */
export const listSizes: Readonly<Record<string, number>> = {
  'Query.municipalities': 300,
  'Query.counties': 25,
  'Query.urbanDistricts': 50,
  'Query.agreements': 30,
  'Query.authorities': 5,
  'Query.policeRegions': 10,
  'Query.vulnerableAreas': 60,
  'Query.employmentOffices': 30,
  'Query.serviceOffices': 30,
  'County.municipalities': 60,
  'PoliceRegion.municipalities': 100,
  'PoliceRegion.counties': 10,
  'PoliceRegion.vulnerableAreas': 30,
  'PoliceAuthority.regions': 10,
  'Arbetsformedlingen.offices': 30,
  'Forsakringskassan.offices': 30,
  'PoliceAuthority.agreements': 30,
  'Arbetsformedlingen.agreements': 30,
  'Forsakringskassan.agreements': 30,
  'Viewer.partnerIn': 30,
};
