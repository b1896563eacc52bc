/*
 * The naive baseline for `npm run bench`: what a straightforward FDK app does on every new ticket.
 * It looks up the requester's recent tickets (one filter call), evaluates the same rules in a
 * simple way, then PUTs the merged changes and POSTs one private note, directly, in the event
 * handler. No budget, no deferral, no record of what it did: when a call fails after the template's
 * `maxAttempts` (5, 1 s apart), the handler throws and the ticket's remaining work is lost.
 * It does what Ticket Radar's inline path does for one ticket, so the two are comparable.
 */

const DUPLICATE_TAG = 'possible-duplicate';
const STOP = ['the', 'and', 'for', 'with', 'this', 'that', 'from', 'have', 'not', 'you', 'are', 'was', 'but', 'please', 'thanks', 'hi', 'hello'];

function words(text) {
  const out = new Set();
  for (const w of String(text || '').toLowerCase().split(/[^a-z0-9]+/)) {
    if (w.length > 2 && STOP.indexOf(w) === -1) out.add(w);
  }
  return out;
}

function jaccard(a, b) {
  let shared = 0;
  a.forEach((w) => {
    if (b.has(w)) shared += 1;
  });
  const union = a.size + b.size - shared;
  return union === 0 ? 0 : shared / union;
}

function similarity(a, b) {
  return 0.6 * jaccard(words(a.subject), words(b.subject)) + 0.4 * jaccard(words(a.description_text), words(b.description_text));
}

function fieldValue(ticket, requester, field) {
  if (field === 'requester.email') return requester.email;
  if (field === 'requester.name') return requester.name;
  if (field.indexOf('custom_fields.') === 0) {
    const name = field.slice('custom_fields.'.length);
    const found = (ticket.custom_fields || []).find((f) => f.name === name);
    return found ? found.value : null;
  }
  return ticket[field];
}

function leafMatches(leaf, ticket, requester, found) {
  const actual = fieldValue(ticket, requester, leaf.field);
  const text = String(actual === null || actual === undefined ? '' : actual).toLowerCase();
  const values = Array.isArray(leaf.value) ? leaf.value : [leaf.value];
  if (leaf.op === 'contains_any') {
    const hits = values.filter((v) => text.indexOf(String(v).toLowerCase()) !== -1);
    hits.forEach((h) => found.push(h));
    return hits.length > 0;
  }
  if (leaf.op === 'ends_with') return text.endsWith(String(leaf.value).toLowerCase());
  if (leaf.op === 'equals') return actual === leaf.value || text === String(leaf.value).toLowerCase();
  if (leaf.op === 'in') return values.some((v) => actual === v);
  return false;
}

function holds(when, ticket, requester, found) {
  if (when.all) return when.all.every((c) => holds(c, ticket, requester, found));
  if (when.any) return when.any.some((c) => holds(c, ticket, requester, found));
  if (when.not) return !holds(when.not, ticket, requester, []);
  return leafMatches(when, ticket, requester, found);
}

function render(template, ticket, requester, matched) {
  return template
    .replace(/\{\{\s*matched\s*\}\}/g, matched.join(', '))
    .replace(/\{\{\s*requester\.name\s*\}\}/g, requester.name)
    .replace(/\{\{\s*ticket\.subject\s*\}\}/g, ticket.subject);
}

function evaluate(rules, ticket, requester) {
  const result = { fields: {}, tags: [], notes: [] };
  for (const rule of rules) {
    if (rule.on !== 'create' && rule.on !== 'both') continue;
    const found = [];
    if (!holds(rule.when, ticket, requester, found)) continue;
    const then = rule.then || {};
    Object.keys(then).forEach((key) => {
      if (key === 'tags_add') then.tags_add.forEach((t) => result.tags.push(t));
      else if (key === 'note') result.notes.push(render(then.note, ticket, requester, found));
      else if (key !== 'notify_emails' && key !== 'tags_remove' && !(key in result.fields)) result.fields[key] = then[key];
    });
    if (rule.stop) break;
  }
  return result;
}

function updateBody(ticket, result) {
  const body = {};
  Object.keys(result.fields).forEach((key) => {
    if (ticket[key] !== result.fields[key]) body[key] = result.fields[key];
  });
  const current = ticket.tags || [];
  const added = result.tags.filter((t) => current.indexOf(t) === -1);
  if (added.length > 0) body.tags = current.concat(added);
  return body;
}

async function findDuplicates(ticket, requester, iparams) {
  const hours = Number(iparams.duplicate_window_hours) || 72;
  const since = new Date(Date.now() - hours * 3600000).toISOString().slice(0, 10);
  const query = '"requester_id:' + requester.id + " AND created_at:>'" + since + '\'"';
  const found = await $request.invokeTemplate('filterTickets', { context: { query: query } });
  const tickets = JSON.parse(found.response).tickets || [];
  const threshold = Number(iparams.duplicate_threshold) || 0.6;
  const created = Date.parse(ticket.created_at);
  return tickets.filter((t) => t.id !== ticket.id && Date.parse(t.created_at) <= created && similarity(ticket, t) >= threshold);
}

exports = {
  onTicketCreateHandler: async function (args) {
    const ticket = args.data.ticket;
    const requester = args.data.requester;
    const rules = JSON.parse(args.iparams.rules || '{"rules":[]}').rules || [];
    const duplicates = await findDuplicates(ticket, requester, args.iparams);
    const result = evaluate(rules, ticket, requester);
    if (duplicates.length > 0) {
      result.tags.push(DUPLICATE_TAG);
      result.notes.push('Possible duplicate of ' + duplicates.map((d) => '#' + d.id + ' ' + d.subject).join(', '));
    }
    const body = updateBody(ticket, result);
    if (Object.keys(body).length > 0) {
      await $request.invokeTemplate('updateTicket', { context: { ticket_id: ticket.id }, body: JSON.stringify(body) });
    }
    if (result.notes.length > 0) {
      const note = { body: result.notes.map((n) => '<p>' + n + '</p>').join(''), private: true };
      await $request.invokeTemplate('createNote', { context: { ticket_id: ticket.id }, body: JSON.stringify(note) });
    }
    console.log('naive: ticket ' + ticket.id + ' done');
  }
};
