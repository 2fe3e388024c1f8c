/**
 * `npm run audit:verify -- <file>`: checks the audit chains in a file of
 * audit lines (an `AUDIT_FILE`, or a service's captured standard output,
 * whose other log lines are passed over) and names the first broken link.
 * Exit 0 when every chain holds, 1 when one is broken, 2 on a usage error.
 */
import { readFileSync } from 'node:fs';
import { verifyAuditChain } from '@samverkan/common';

const [file, ...rest] = process.argv.slice(2);
if (!file || rest.length > 0) {
  process.stderr.write('usage: npm run audit:verify -- <file>\n');
  process.exit(2);
}
let text: string;
try {
  text = readFileSync(file, 'utf8');
} catch (error) {
  process.stderr.write(`audit:verify: cannot read ${file}: ${(error as Error).message}\n`);
  process.exit(2);
}
const check = verifyAuditChain(text);
const counted = Object.entries(check.entries)
  .map(([service, n]) => `${service} ${n}`)
  .join(', ');
if (check.ok) {
  process.stdout.write(`audit:verify: ${file}: every chain holds (${counted || 'no entries'})\n`);
} else {
  const { line, service, reason } = check.broken!;
  process.stdout.write(`audit:verify: ${file}: broken at line ${line} (${service}): ${reason}\n`);
  process.exit(1);
}
