import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { anonymousCaller, createAuditLog, verifyAuditChain, type Caller } from '..';
import { repositoryRoot } from '../../../test/support/process';

const officer: Caller = { anonymous: false, subject: 'anna', organisation: '0136', roles: ['partner'] };
const quiet = () => undefined;

/** A file with two services' chains interleaved, the first restarted once in the middle (as after a deploy). */
function recordedChain(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'samverkan-audit-')), 'audit.jsonl');
  const agreements = createAuditLog('subgraph-agreements', 10, quiet, file);
  const gateway = createAuditLog('gateway', 10, quiet, file);
  for (let i = 0; i < 3; i += 1) {
    agreements.record(officer, {
      operation: 'PartnerView',
      fieldPath: `agreements.${i}.contactPeople`,
      level: 'PERSONAL',
      outcome: 'read',
    });
    gateway.record(anonymousCaller, {
      operation: '(refused before parsing)',
      fieldPath: '/graphql',
      level: 'REQUEST',
      outcome: 'refused',
      reason: 'RATE_LIMITED',
    });
  }
  // The service starts again on the same file: its chain goes on where it stopped.
  const restarted = createAuditLog('subgraph-agreements', 10, quiet, file);
  restarted.record(officer, {
    operation: 'PartnerView',
    fieldPath: 'agreements.3.contactPeople',
    level: 'PERSONAL',
    outcome: 'read',
  });
  return file;
}

const lines = (file: string) => readFileSync(file, 'utf8').trimEnd().split('\n');

describe('the audit chain', () => {
  it('links every entry to the one before it in its service, across a restart on the same file', () => {
    const file = recordedChain();
    const entries = lines(file).map((line) => JSON.parse(line));
    expect(entries.filter((e) => e.service === 'subgraph-agreements').map((e) => e.seq)).toEqual([0, 1, 2, 3]);
    expect(verifyAuditChain(readFileSync(file, 'utf8'))).toEqual({
      ok: true,
      entries: { 'subgraph-agreements': 4, gateway: 3 },
    });
  });

  it('names the first broken link when one entry is edited, deleted or added', () => {
    const file = recordedChain();
    const original = lines(file);

    const edited = [...original];
    edited[2] = edited[2].replace('"who":"anna"', '"who":"someone-else"');
    expect(verifyAuditChain(edited.join('\n')).broken).toEqual({
      line: 5,
      service: 'subgraph-agreements',
      reason: expect.stringMatching(/prev is not the hash of the entry before it \(seq 1\)/),
    });

    const deleted = original.filter((_, i) => i !== 2);
    expect(verifyAuditChain(deleted.join('\n')).broken).toMatchObject({
      line: 4,
      reason: expect.stringMatching(/seq 2 follows seq 0: entries are missing/),
    });

    const forged = JSON.stringify({ ...JSON.parse(original[0]), fieldPath: 'forged' });
    const inserted = [original[0], forged, ...original.slice(1)];
    expect(verifyAuditChain(inserted.join('\n')).ok).toBe(false);
  });

  it('passes over the other lines of a service log, and audit:verify says where the chain broke', async () => {
    const file = recordedChain();
    const mixed = lines(file).flatMap((line) => [line, '{"level":"info","message":"listening"}']);
    writeFileSync(file, mixed.join('\n') + '\n');
    const run = (path: string) =>
      promisify(execFile)(join(repositoryRoot, 'node_modules', '.bin', 'tsx'), ['scripts/audit-verify.ts', path], {
        cwd: repositoryRoot,
      });
    const { stdout } = await run(file);
    expect(stdout).toMatch(/every chain holds \(subgraph-agreements 4, gateway 3\)/);
    writeFileSync(
      file,
      mixed.map((line) => line.replace('"agreements.1.contactPeople"', '"agreements.9.contactPeople"')).join('\n'),
    );
    await expect(run(file)).rejects.toMatchObject({
      code: 1,
      stdout: expect.stringMatching(/broken at line 9 \(subgraph-agreements\): prev is not the hash/),
    });
  });
});
