/**
 * What the client knows about where it runs, read once from its page URL. The host pages put
 * `?location=<placeholder>&ticket=<id>` on the iframe URL, like the platform knows which
 * placeholder it rendered; a page opened on its own (no query) is `standalone`.
 */
import type { AppLocation } from './protocol.ts';

export interface BootContext {
  location: AppLocation;
  /** The ticket shown by the host page; changed later by `context` host messages. */
  ticketId: number | undefined;
  /** Stable per page load, like the platform's instance id. */
  instanceId: string;
}

const LOCATIONS: readonly AppLocation[] = ['ticket_sidebar', 'installation', 'standalone'];

export function readBootContext(search: string, random: () => number = Math.random): BootContext {
  const query = new URLSearchParams(search);
  const location = query.get('location');
  const ticket = Number(query.get('ticket'));
  return {
    location: LOCATIONS.includes(location as AppLocation) ? (location as AppLocation) : 'standalone',
    ticketId: Number.isSafeInteger(ticket) && ticket > 0 ? ticket : undefined,
    instanceId: `devkit-${Math.floor(random() * 1e12).toString(36)}`,
  };
}
