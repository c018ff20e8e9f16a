/** Small DOM helpers for component tests. */

export function q<T extends Element = HTMLElement>(root: Element, selector: string): T {
  const el = root.querySelector<T>(selector);
  if (!el) throw new Error(`No element matches ${selector}`);
  return el;
}

export function text(root: Element, selector: string): string {
  return (q(root, selector).textContent ?? '').replace(/\s+/g, ' ').trim();
}

export function type(root: Element, selector: string, value: string): void {
  const input = q<HTMLInputElement>(root, selector);
  input.value = value;
  input.dispatchEvent(new Event('input'));
}

export function choose(root: Element, selector: string, value: string): void {
  const select = q<HTMLSelectElement>(root, selector);
  select.value = value;
  select.dispatchEvent(new Event('change'));
}

/**
 * Waits until `ready()` holds, for work the test cannot flush (a FileReader, a timer): a fixed sleep is
 * flaky on a loaded machine. Fails after `timeoutMs`.
 */
export async function until(ready: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
