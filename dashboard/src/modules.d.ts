// The registered operations, put into the bundle by scripts/build-dashboard.ts: the dashboard sends their
// documents verbatim, so it works unchanged where the gateway accepts only registered operations.
declare module 'registered-operations' {
  const operations: Record<string, string>;
  export default operations;
}

// Styles imported by main.ts: esbuild writes them to assets/main.css.
declare module '*.css';
