/** Shared builders for the core unit tests. */
import type { TicketFacts } from '../../../core/ticket.ts';

/** A complete, valid ticket; override what a test cares about. */
export function makeFacts(over: Partial<TicketFacts> = {}): TicketFacts {
  return {
    id: 1,
    subject: 'VPN tunnel drops every hour',
    descriptionText: 'Since Monday the VPN disconnects every hour while working from home.',
    requester: { id: 501, email: 'ana.silva@corp.example', name: 'Ana Silva' },
    source: 1,
    type: 'Incident',
    category: 'Network',
    subCategory: 'VPN',
    priority: 2,
    urgency: 2,
    impact: 2,
    status: 2,
    groupId: null,
    departmentId: null,
    responderId: null,
    tags: [],
    tagsKnown: true,
    customFields: {},
    createdAt: Date.UTC(2026, 0, 10, 9, 0, 0),
    updatedAt: null,
    spam: false,
    deleted: false,
    ...over,
  };
}

export const HOUR = 3600 * 1000;
