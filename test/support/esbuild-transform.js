/**
 * Jest transformer: TypeScript through esbuild, the compiler `tsx` uses at
 * run time, so tests run the code as the services do. esbuild emits no
 * decorator metadata, which is why every TypeORM column names its type.
 * (SWC-based transformers ship per-platform binaries the lock file cannot
 * record from here; esbuild's are all in it.)
 */
const { transformSync } = require('esbuild');
const { createHash } = require('node:crypto');

const options = {
  loader: 'ts',
  format: 'cjs',
  target: 'node22',
  sourcemap: 'inline',
  tsconfigRaw: { compilerOptions: { experimentalDecorators: true } },
};

module.exports = {
  process(source, filename) {
    const { code, map } = transformSync(source, { ...options, sourcefile: filename });
    return { code, map };
  },
  getCacheKey(source, filename) {
    return createHash('sha1').update(source).update(filename).update(JSON.stringify(options)).digest('hex');
  },
};
