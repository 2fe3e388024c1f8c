import { olderThanEngines } from '../bench/settings';

describe("the bench's check of the Node it runs the services on", () => {
  it('warns on a Node older than the engines range, and only then', () => {
    expect(olderThanEngines('20.20.2', '>=22.15.0')).toMatch(
      /^Node 20\.20\.2 is older than the services run on \(>=22\.15\.0/,
    );
    expect(olderThanEngines('22.14.9', '>=22.15.0')).toMatch(/older/);
    expect(olderThanEngines('22.14.9', '>=22.15')).toMatch(/older/);
    expect(olderThanEngines('22.15.0', '>=22.15.0')).toBeUndefined();
    expect(olderThanEngines('22.23.3', '>=22.15')).toBeUndefined();
    expect(olderThanEngines('24.0.0', '>=22.15.0')).toBeUndefined();
  });

  it('says nothing of a range it cannot read', () => {
    expect(olderThanEngines('20.20.2', '^22.15.0')).toBeUndefined();
    expect(olderThanEngines('20.20.2', '>=22.x')).toBeUndefined();
  });

  it("reads the range from the project's package.json", () => {
    expect(olderThanEngines('1.0.0')).toMatch(/older than the services run on \(>=/);
  });
});
