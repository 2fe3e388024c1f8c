/**
 * JSON that is safe inside a `<script>` element, for the configuration the gateway's pages (the playground, the
 * dashboard) are served with: no `</script>` or `<!--` can end or change the element early.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}
