/**
 * Failures in words an agent can act on. Whatever went wrong (a server method's `{ status,
 * message }`, a timeout, a client error, an answer the sidebar cannot read) becomes a `Failure`
 * with a short title and a detail; a stack trace or an object dump never reaches the screen.
 */

export interface Failure {
  status: number;
  title: string;
  detail: string;
}

const TITLES: Readonly<Record<number, string>> = {
  400: 'Ticket Radar could not handle this request.',
  404: 'Ticket Radar could not find what it needed.',
  409: 'That was already done.',
  429: 'Ticket Radar is at its limit for this minute.',
  502: 'Freshservice could not be reached.',
  504: 'Ticket Radar did not answer in time.',
};

/** Where the platform's own message is not meant for agents ("app execution timeout"), say it in words. */
const DETAILS: Readonly<Record<number, string>> = {
  504: 'It took longer than the platform allows. Try again in a moment.',
};

const GENERIC_TITLE = 'Ticket Radar ran into a problem.';
const GENERIC_DETAIL = 'Try again in a moment. If it keeps failing, an admin can check the app in Freshservice.';

function statusOf(error: unknown): number {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' && Number.isFinite(status) ? status : 0;
}

/** The error's own message when it is short readable text (never a stack or an object). */
function messageOf(error: unknown): string {
  const message = typeof error === 'string' ? error : (error as { message?: unknown } | null)?.message;
  if (typeof message !== 'string' || message.trim() === '') return GENERIC_DETAIL;
  return message.trim().split('\n')[0]?.slice(0, 300) ?? GENERIC_DETAIL;
}

export function toFailure(error: unknown): Failure {
  const status = statusOf(error);
  const title = TITLES[status] ?? (status === 0 ? 'Ticket Radar could not be reached.' : GENERIC_TITLE);
  return { status, title, detail: DETAILS[status] ?? messageOf(error) };
}

export function invalidAnswer(): Failure {
  return { status: 0, title: 'Ticket Radar sent an answer the sidebar cannot read.', detail: 'Reload the page; if this persists, the app may be updating.' };
}

export function noTicket(): Failure {
  return { status: 0, title: 'The sidebar could not tell which ticket is open.', detail: 'Reload the ticket page and try again.' };
}

/** One line for a notification. */
export function failureText(failure: Failure): string {
  return `${failure.title} ${failure.detail}`;
}
