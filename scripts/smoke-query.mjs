// Runs the registered AgreementOverview through a running gateway and checks
// the answer's shape; used by .ci/smoke-start. Usage: node scripts/smoke-query.mjs http://127.0.0.1:4000
import { readFileSync } from 'node:fs';

const base = process.argv[2] ?? 'http://127.0.0.1:4000';
const query = readFileSync(new URL('../schema/operations/AgreementOverview.graphql', import.meta.url), 'utf8');
const response = await fetch(`${base}/graphql`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ query, variables: { year: 2009 } }),
});
const body = await response.json();
const agreements = body.data?.agreements ?? [];
const problems = [];
if (response.status !== 200) problems.push(`HTTP ${response.status}`);
if (body.errors) problems.push(`errors: ${JSON.stringify(body.errors)}`);
// The 21 agreements of 2008–2010 and their 9 URBAN 15 renewals of 2012–2014.
if (agreements.length !== 30) problems.push(`expected 30 agreements, got ${agreements.length}`);
for (const a of agreements) {
  const authorities = a.partners.filter((p) =>
    ['PoliceAuthority', 'Arbetsformedlingen', 'Forsakringskassan'].includes(p.partner.__typename),
  );
  if (!a.municipality?.name || a.districts.length < 1 || authorities.length !== 3)
    problems.push(`agreement ${a.id} incomplete`);
}
const playground = await fetch(`${base}/`);
if (playground.status !== 200 || !(await playground.text()).includes('graphiql'))
  problems.push('playground did not answer');
// The dashboard npm start built, with its script.
const dashboard = await fetch(`${base}/dashboard`);
if (dashboard.status !== 200 || !(await dashboard.text()).includes('dashboard-config'))
  problems.push(`dashboard did not answer (HTTP ${dashboard.status})`);
const script = await fetch(`${base}/dashboard/assets/main.js`);
if (script.status !== 200 || (await script.arrayBuffer()).byteLength < 10_000)
  problems.push('dashboard script missing');
if (problems.length) {
  console.error(`smoke: FAILED\n${problems.join('\n')}`);
  process.exit(1);
}
console.log(
  `smoke: AgreementOverview(2009) answered ${agreements.length} agreements, ${agreements.flatMap((a) => a.districts).length} districts; playground answers`,
);
