/**
 * `npm run audit:verify -- <file or postgres:// URL>`: checks the audit
 * chains in a file of audit lines (an `AUDIT_FILE`, or a service's captured
 * standard output, whose other log lines are passed over) or in the
 * `audit_chain` table of an `AUDIT_DATABASE_URL`, and names the first broken
 * link. Exit 0 when every chain holds, 1 when one is broken, 2 on a usage error.
 */
import { readFileSync } from 'node:fs';
import { readAuditTable, verifyAuditChain } from '@samverkan/common';

const [source, ...rest] = process.argv.slice(2);
if (!source || rest.length > 0) {
  process.stderr.write('usage: npm run audit:verify -- <file | postgres://… of an AUDIT_DATABASE_URL>\n');
  process.exit(2);
}

async function main(): Promise<void> {
  const isTable = /^postgres(ql)?:\/\//.test(source);
  // A table is named without its password: the URL may carry one.
  const shown = isTable ? `table audit_chain at ${new URL(source).host}${new URL(source).pathname}` : source;
  let text: string;
  let ids: string[] | undefined;
  try {
    if (isTable) ({ text, ids } = await readAuditTable(source));
    else text = readFileSync(source, 'utf8');
  } catch (error) {
    process.stderr.write(`audit:verify: cannot read ${shown}: ${(error as Error).message}\n`);
    process.exit(2);
  }
  const check = verifyAuditChain(text);
  const counted = Object.entries(check.entries)
    .map(([service, n]) => `${service} ${n}`)
    .join(', ');
  if (check.ok) {
    process.stdout.write(`audit:verify: ${shown}: every chain holds (${counted || 'no entries'})\n`);
    return;
  }
  const { line, service, reason } = check.broken!;
  const where = ids ? `row id ${ids[line - 1]}` : `line ${line}`;
  process.stdout.write(`audit:verify: ${shown}: broken at ${where} (${service}): ${reason}\n`);
  process.exit(1);
}

void main();
