/**
 * A controller that aborts when any of `signals` aborts. (AbortSignal.any is missing on some
 * React Native engines, so it is not used.) Call `dispose` to unhook from the parents.
 */
export function linkedController(...signals: (AbortSignal | undefined)[]): { controller: AbortController; dispose(): void } {
  const controller = new AbortController();
  const hooked: AbortSignal[] = [];
  const onAbort = () => controller.abort();
  for (const s of signals) {
    if (!s) continue;
    if (s.aborted) {
      controller.abort();
      break;
    }
    s.addEventListener('abort', onAbort, { once: true });
    hooked.push(s);
  }
  return {
    controller,
    dispose: () => hooked.forEach((s) => s.removeEventListener('abort', onAbort)),
  };
}
