import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { repositoryRoot } from './process';

export interface ScratchRepository {
  root: string;
  /** Runs `scripts/…` or any TypeScript entry of the copy with tsx, from the copy's root. */
  run(entry: string, args: string[], env?: Record<string, string>): Promise<ScriptRun>;
  remove(): void;
}

export interface ScriptRun {
  code: number;
  stdout: string;
  stderr: string;
}

const skipped = /^(node_modules|\.git|\.data|coverage|dist)$/;

/**
 * A copy of the repository's source to change freely, as a contributor's
 * checkout would be. Its `node_modules` links to this one's packages, except
 * the workspace packages, which link into the copy so that the copy's own
 * code runs.
 */
export function scratchRepository(prefix: string): ScratchRepository {
  const root = mkdtempSync(join(tmpdir(), prefix));
  cpSync(repositoryRoot, root, {
    recursive: true,
    filter: (source) =>
      !relative(repositoryRoot, source)
        .split(/[/\\]/)
        .some((part) => skipped.test(part)),
  });
  const modules = join(repositoryRoot, 'node_modules');
  mkdirSync(join(root, 'node_modules', '@samverkan'), { recursive: true });
  // Not npm's own record of that install (.package-lock.json): it would make npm take the copy's lock file as current.
  for (const entry of readdirSync(modules)) {
    if (entry !== '@samverkan' && entry !== '.package-lock.json')
      symlinkSync(join(modules, entry), join(root, 'node_modules', entry));
  }
  symlinkSync(join('..', '..', 'common'), join(root, 'node_modules', '@samverkan', 'common'));
  return {
    root,
    run: (entry, args, env = {}) =>
      new Promise((resolve) => {
        execFile(
          process.execPath,
          ['--import', 'tsx', join(root, entry), ...args],
          { cwd: root, env: { ...process.env, LOG_LEVEL: 'warn', ...env }, maxBuffer: 20_000_000 },
          (error, stdout, stderr) =>
            resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        );
      }),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
