import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findRepositoryRoot, repositoryPath } from '../repository';

describe('the repository root', () => {
  let checkout: string;
  beforeEach(() => {
    checkout = mkdtempSync(join(tmpdir(), 'samverkan-checkout-'));
    mkdirSync(join(checkout, 'schema'));
    writeFileSync(join(checkout, 'schema', 'supergraph.yaml'), 'subgraphs: {}\n');
  });
  afterEach(() => rmSync(checkout, { recursive: true, force: true }));

  it('is the same folder from the source and from its compiled copy in dist/', () => {
    for (const dir of ['common/src', 'dist/common/src']) mkdirSync(join(checkout, dir), { recursive: true });
    expect(findRepositoryRoot(join(checkout, 'common', 'src'))).toBe(checkout);
    expect(findRepositoryRoot(join(checkout, 'dist', 'common', 'src'))).toBe(checkout);
  });

  it('says what it looked for when no folder above holds it', () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'samverkan-no-checkout-'));
    try {
      expect(() => findRepositoryRoot(elsewhere)).toThrow(`no ${join('schema', 'supergraph.yaml')} in ${elsewhere}`);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('resolves repository paths in this checkout', () => {
    expect(repositoryPath('subgraphs', 'police', 'schema.graphql')).toBe(
      join(__dirname, '..', '..', '..', 'subgraphs', 'police', 'schema.graphql'),
    );
  });
});
