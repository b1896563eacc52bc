/** Test doubles for the client's two edges: the dev server (transport) and the host page. */
import type { BootContext } from '../../../devkit/client/context.ts';
import type { HostChannel } from '../../../devkit/client/host.ts';
import type { ApiReply, ClientApi, ClientMessage, ClientOp, HostMessage } from '../../../devkit/client/protocol.ts';
import type { Transport } from '../../../devkit/client/transport.ts';

export interface Call {
  op: ClientOp;
  body: unknown;
}

type Answers = { [Op in ClientOp]?: (body: ClientApi[Op]) => ApiReply | Promise<ApiReply> };

/** A transport that records calls and answers from a script (default `{ ok: true, value: null }`). */
export function scriptedTransport(answers: Answers = {}): { transport: Transport; calls: Call[] } {
  const calls: Call[] = [];
  const transport: Transport = async (op, body) => {
    calls.push({ op, body });
    const answer = answers[op] as ((b: unknown) => ApiReply | Promise<ApiReply>) | undefined;
    return answer ? answer(body) : { ok: true, value: null };
  };
  return { transport, calls };
}

export interface RecordingHost extends HostChannel {
  posted: ClientMessage[];
  /** Delivers a host signal as the parent page would. */
  send(message: HostMessage): void;
}

export function recordingHost(embedded = true): RecordingHost {
  let listener: ((message: HostMessage) => void) | undefined;
  const posted: ClientMessage[] = [];
  return {
    embedded,
    posted,
    post: (message) => posted.push(message),
    listen: (l) => {
      listener = l;
    },
    send: (message) => listener?.(message),
  };
}

export function sidebarContext(ticketId: number | undefined = 7): BootContext {
  return { location: 'ticket_sidebar', ticketId, instanceId: 'devkit-test' };
}
