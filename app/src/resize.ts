/**
 * The sidebar asks the host for exactly the height its content needs (`client.instance.resize`,
 * at most 700 px), after every render and whenever the content's size changes later (Crayons
 * components grow when they hydrate). The same height is never asked for twice in a row.
 */
import type { RadarApi } from './client';

export const MAX_HEIGHT = 700;
export const MIN_HEIGHT = 80;

export function clampHeight(px: number): number {
  const height = Number.isFinite(px) ? Math.ceil(px) : MIN_HEIGHT;
  return Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, height));
}

/** Returns `measure()`: resizes the frame to `root`'s height when it changed. */
export function createResizer(api: RadarApi, root: HTMLElement): () => void {
  let last = 0;
  const measure = (): void => {
    const height = clampHeight(root.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    api.resize(height);
  };
  if (typeof ResizeObserver === 'function') new ResizeObserver(measure).observe(root);
  return measure;
}
