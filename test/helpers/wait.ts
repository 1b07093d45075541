// Waits for a condition that something asynchronous will make true. The bound only keeps a broken
// build from hanging; it is loose on purpose and is not a speed assertion.
export async function waitFor (condition: () => boolean | Promise<boolean>, what: string, boundMs = 30_000): Promise<void> {
  const deadline = Date.now() + boundMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
