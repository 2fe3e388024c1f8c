/**
 * Work to finish after a service has drained and before its process exits on
 * a signal, such as sending the last spans. Kept apart from telemetry.ts so
 * that `stopOnSignals` can run the hooks without loading the OpenTelemetry SDK.
 */
const hooks: (() => Promise<void>)[] = [];

export function beforeExit(hook: () => Promise<void>): void {
  hooks.push(hook);
}

/** Runs every hook; one that fails or hangs past `timeoutMs` does not keep the process from exiting. */
export async function runExitHooks(timeoutMs = 5_000): Promise<void> {
  if (hooks.length === 0) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.allSettled(hooks.map((hook) => hook())),
    new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs).unref())),
  ]);
  clearTimeout(timer);
}
