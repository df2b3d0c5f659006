/** Runs `task` every `seconds` (never two at once in this process); 0 turns it off. Returns a stop function. */
export function every(seconds: number, task: () => Promise<unknown>, log: (e: unknown) => void): () => void {
  if (seconds <= 0) return () => {};
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    task()
      .catch(log)
      .finally(() => {
        running = false;
      });
  }, seconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
