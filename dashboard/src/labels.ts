/** The API's codes in the words of Swedish public administration. */

export const focusAreaLabels: Record<string, string> = {
  WORK: 'Arbete',
  EDUCATION: 'Utbildning',
  SAFETY: 'Trygghet',
  GROWTH: 'Tillväxt',
};

export const partnerRoleLabels: Record<string, string> = {
  MUNICIPALITY: 'Kommun',
  STATE_AUTHORITY: 'Statlig myndighet',
  HOUSING_COMPANY: 'Bostadsföretag',
  COUNTY_COUNCIL: 'Region',
  CIVIL_SOCIETY: 'Civilsamhälle',
  BUSINESS: 'Näringsliv',
};

export const vulnerabilityLabels: Record<string, string> = {
  ESPECIALLY_VULNERABLE: 'Särskilt utsatt område',
  VULNERABLE: 'Utsatt område',
  RISK_AREA: 'Riskområde',
};

/** Each indicator the district view charts: its series field, its name and its unit in Swedish. */
export const indicators = [
  { series: 'unemploymentSeries', name: 'Arbetslöshet', unit: 'procent av invånarna 18–64 år' },
  { series: 'sicknessIndexSeries', name: 'Ohälsotal', unit: 'dagar per invånare 16–64 år' },
  { series: 'reportedCrimesSeries', name: 'Anmälda brott', unit: 'anmälda brott per 100 000 invånare' },
  { series: 'populationSeries', name: 'Befolkning', unit: 'invånare' },
] as const;

export const obstacleStatusLabels: Record<string, string> = {
  OPEN: 'Öppet',
  ESCALATED: 'Eskalerat',
  RESOLVED: 'Löst',
};

export const organisationLabels: Record<string, string> = {
  polisen: 'Polismyndigheten',
  arbetsformedlingen: 'Arbetsförmedlingen',
  forsakringskassan: 'Försäkringskassan',
  storstadsdelegationen: 'Storstadsdelegationen (samordnare)',
};

export const roleLabels: Record<string, string> = {
  partner: 'partner',
  coordinator: 'samordnare',
  admin: 'administratör',
};

export function label(labels: Record<string, string>, code: string | null | undefined): string {
  if (!code) return '';
  return labels[code] ?? code;
}
