import { olderThanEngines } from '../bench/settings';

describe("the bench's check of the Node it runs the services on", () => {
  it('warns on a Node older than package.json engines, and only then', () => {
    expect(olderThanEngines('20.20.2')).toMatch(/^Node 20\.20\.2 is older than the services run on \(>=22\.15\.0/);
    expect(olderThanEngines('22.14.9')).toMatch(/older/);
    expect(olderThanEngines('22.15.0')).toBeUndefined();
    expect(olderThanEngines('22.23.3')).toBeUndefined();
    expect(olderThanEngines('24.0.0')).toBeUndefined();
  });
});
