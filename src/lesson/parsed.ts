/**
 * The lesson's script is an async module (src/terminal/preload-integration.mjs): it runs as
 * soon as it has loaded, often while the page is still being parsed, so that the terminal can
 * start before the rest of the lesson is in. These promises say when the parts it needs are.
 */

/** Whether the parser has finished `element`: a node follows it or one of its ancestors. */
function finished(element: Element): boolean {
  for (let node: Node | null = element; node; node = node.parentNode) if (node.nextSibling) return true;
  return false;
}

/** Resolves once the whole document is parsed (at once if it is). */
export function documentParsed(): Promise<void> {
  if (document.readyState !== 'loading') return Promise.resolve();
  return new Promise((resolve) => document.addEventListener('DOMContentLoaded', () => resolve(), { once: true }));
}

/**
 * The element with `id` once the parser has finished it (its content is all there), or
 * undefined when the parsed page has none.
 */
export function elementParsed(id: string): Promise<HTMLElement | undefined> {
  const ready = (): HTMLElement | undefined | false => {
    const element = document.getElementById(id) ?? undefined;
    if (document.readyState !== 'loading') return element;
    return element && finished(element) ? element : false;
  };
  const now = ready();
  if (now !== false) return Promise.resolve(now);
  return new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      const element = ready();
      if (element === false) return;
      observer.disconnect();
      resolve(element);
    });
    observer.observe(document, { childList: true, subtree: true });
    // The last mutation may come before readyState changes: the end of parsing settles it.
    void documentParsed().then(() => {
      observer.disconnect();
      resolve(document.getElementById(id) ?? undefined);
    });
  });
}
