/**
 * A realistic email storm, deterministic from a seed, with its ground truth.
 *
 * What a storm looks like: N tickets arrive by email within one minute. Most come from distinct
 * people (a real storm is many people hit by the same event, or a mail backlog released at once);
 * some people send two to four different tickets; a tenth of the tickets are near-copies of an
 * earlier ticket of the same person ("sending this again…", "Re:", "(again)"). Subjects and HTML
 * descriptions are drawn from help-desk templates with slot values (systems, rooms, error codes,
 * device models), a greeting, optional context sentences, sometimes a pasted log or a quoted
 * thread, and a signature with the sender's name.
 *
 * Every template belongs to one of four *kinds*, chosen so that the rule set in `rules.ts` fires
 * in the mix the issue asks for (over the original tickets):
 *
 * | kind     | share | rule outcome                          |
 * |----------|-------|---------------------------------------|
 * | `change+note` | 1/6 | fields change (one update) and a note |
 * | `change` | 1/3   | fields change, no note                |
 * | `note`   | 1/6   | a note, no field change               |
 * | `none`   | 1/3   | nothing                               |
 *
 * so about half the tickets need a field change and a third a note. A duplicate copies its
 * original's kind and additionally needs the `possible-duplicate` tag (an update) and the
 * duplicate note. The generator records, per ticket, what it built it to need: that is the
 * *ground truth* the lower bound is computed from (`tests/unit/bench/workload.test.ts` checks it
 * against the app's own rule engine and similarity, so the two cannot drift apart silently).
 */
import { Random } from '../fake-freshservice/prng.ts';

export type Kind = 'change+note' | 'change' | 'note' | 'none';
export const KINDS: readonly Kind[] = ['change+note', 'change', 'note', 'none'];

/** Rule names (see rules.ts) by the template family that triggers them. */
export type Family = 'security' | 'outage' | 'network' | 'hardware' | 'messaging' | 'password' | 'onboarding' | 'software' | 'facilities';

export const FAMILY_KIND: Readonly<Record<Family, Kind>> = {
  security: 'change+note', outage: 'change+note',
  network: 'change', hardware: 'change', messaging: 'change',
  password: 'note', onboarding: 'note',
  software: 'none', facilities: 'none',
};

export interface Person {
  /** Index into `Workload.people`. */
  index: number;
  firstName: string;
  lastName: string;
  email: string;
}

export interface StormTicket {
  /** Position in the storm (arrival order). */
  index: number;
  /** Milliseconds after the storm starts. */
  offsetMs: number;
  person: number;
  subject: string;
  /** HTML, as an email body becomes a ticket description. */
  description: string;
  template: string;
  family: Family;
  kind: Kind;
  /** Index of the earlier ticket this one nearly copies, or null. */
  duplicateOf: number | null;
  /** Ground truth: one update (fields and/or the duplicate tag). */
  needsUpdate: boolean;
  /** Ground truth: one private note (rule note and/or duplicate note). */
  needsNote: boolean;
}

export interface Workload {
  seed: number;
  people: Person[];
  tickets: StormTicket[];
}

export interface WorkloadOptions {
  tickets: number;
  seed?: number;
  /** Storm length (default one minute). */
  spanMs?: number;
  /** Share of tickets that are near-copies (default 0.1). */
  duplicateShare?: number;
  /** Share of original tickets sent by repeat senders (default 0.15). */
  repeatShare?: number;
}

export interface Needs {
  tickets: number;
  updates: number;
  notes: number;
  duplicates: number;
  byKind: Record<Kind, number>;
}

// ---------------------------------------------------------------------------------------------
// Vocabulary

const FIRST = ['Amara', 'Ben', 'Chiara', 'Dev', 'Elin', 'Farid', 'Greta', 'Hugo', 'Ines', 'Jonas', 'Keiko', 'Liam', 'Maya', 'Nikolai', 'Olivia', 'Pedro', 'Quinn', 'Rosa', 'Samir', 'Tara', 'Umar', 'Vera', 'Wen', 'Ximena', 'Yusuf', 'Zofia', 'Aled', 'Bianca', 'Caleb', 'Dalia', 'Emeka', 'Fiona', 'Goran', 'Hana', 'Ivo', 'Jade', 'Kofi', 'Lena', 'Mateo', 'Nadia', 'Oskar', 'Priyanka', 'Rafael', 'Sofia', 'Tomasz', 'Ulla', 'Viktor', 'Wanjiru', 'Yara', 'Zane'] as const;
const LAST = ['Abara', 'Bergström', 'Castillo', 'Dubois', 'Eze', 'Fontaine', 'García', 'Haddad', 'Ivanova', 'Jansen', 'Kowalski', 'Lindqvist', 'Moreau', 'Nakamura', 'Okafor', 'Petrov', 'Quintero', 'Rossi', 'Schneider', 'Tanaka', 'Usman', 'Varga', 'Weber', 'Xu', 'Yilmaz', 'Zimmermann', 'Almeida', 'Brennan', 'Chen', 'Dimitrov', 'Eriksson', 'Fischer', 'Gupta', 'Horvat', 'Iyer', 'Jovanović', 'Kaur', 'Larsen', 'Mendes', 'Novak', "O'Neill", 'Pereira', 'Rahman', 'Santos', 'Takahashi', 'Ueda', 'Vasquez', 'Walsh', 'Yamamoto', 'Zhou'] as const;
const DOMAINS = ['corp.example', 'corp.example', 'corp.example', 'eu.corp.example', 'labs.corp.example'] as const;

const SYSTEMS = ['SAP', 'Workday', 'Salesforce', 'Jira', 'Confluence', 'Concur', 'Power BI', 'Tableau', 'NetSuite', 'DocuSign'] as const;
const SITES = ['London', 'Berlin', 'Lisbon', 'Shanghai', 'Austin', 'Nairobi'] as const;
const ROOMS = ['4B', '2.14', '3.12', 'Atlas', 'Orion', 'Kestrel', 'G-07', '5A'] as const;
const MODELS = ['Dell Latitude 7440', 'ThinkPad T14 Gen 4', 'MacBook Pro 14', 'HP EliteBook 840', 'Surface Laptop 5'] as const;
const PRINTERS = ['HP LaserJet M404', 'Canon imageRUNNER C3226', 'Brother HL-L8360', 'Ricoh IM C3000'] as const;
const CODES = ['0x80070005', 'E-4312', '809', '0x800CCC0E', 'ERR_CONN_RESET', '403.14', 'SSL-1042', '0xC004F074'] as const;
const APPS = ['Excel', 'Acrobat', 'Teams', 'Zoom', 'Figma', 'Visio', 'AutoCAD', 'Tableau Desktop', 'Slack', 'Notion'] as const;
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'] as const;
const TEAMS = ['Finance', 'Sales', 'Marketing', 'Engineering', 'Legal', 'Operations', 'People'] as const;

/** Sentences any ticket may carry. None of them contains a rule keyword (see rules.ts). */
const CONTEXT = [
  'It started this morning around nine.',
  'This is blocking my work on the quarterly report.',
  'Two colleagues sitting near me see the same thing.',
  'I already restarted everything twice.',
  'I have a customer meeting at three, so a quick look would be great.',
  'Nothing changed on my side as far as I know.',
  'It worked fine yesterday afternoon.',
  'I attached a screenshot of the message.',
  'I am working from the {site} office this week.',
  'My manager asked me to raise this with you.',
] as const;

interface Slots {
  system: string;
  site: string;
  room: string;
  model: string;
  printer: string;
  code: string;
  app: string;
  day: string;
  team: string;
  n: number;
  name: string;
}

interface Template {
  id: string;
  family: Family;
  subjects: readonly string[];
  body: readonly string[];
}

/**
 * Help-desk templates. Keywords that rules look for appear only in the families that should
 * trigger them; the unit test evaluates the real rule set over generated tickets to prove it.
 */
const TEMPLATES: readonly Template[] = [
  // change+note: security
  { id: 'sec-phish', family: 'security', subjects: ['Phishing email pretending to be {system}', 'Suspicious {system} login email - phishing?', 'Got a phishing mail asking for my {system} details'],
    body: ['I received an email that claims to be from {system} and asks me to confirm my details through a link.', 'The sender address looks odd and the link goes to a domain I do not recognise.', 'I did not click anything. Is this phishing?'] },
  { id: 'sec-malware', family: 'security', subjects: ['Antivirus says malware found on my machine', 'Malware alert popped up after opening an invoice'],
    body: ['A red alert from the endpoint agent says malware was quarantined in my downloads folder.', 'It happened right after I opened an invoice sent by a supplier I do not know.', 'Should I keep working or shut everything off?'] },
  { id: 'sec-attach', family: 'security', subjects: ['Suspicious attachment from unknown sender', 'Opened a suspicious attachment by mistake'],
    body: ['I opened a suspicious attachment named remittance_{n}.html before I noticed the sender was external.', 'Nothing visible happened but the browser opened a blank page for a second.', 'Please tell me what to do next.'] },
  { id: 'sec-compromised', family: 'security', subjects: ['I think my account was compromised - mails I did not write', 'Possibly compromised account: unknown sign-in from abroad'],
    body: ['Colleagues got messages from me that I never wrote, so I think my account was compromised overnight.', 'The sign-in history shows an entry from a country I have never visited.', 'I changed nothing yet, waiting for your advice.'] },
  // change+note: outage
  { id: 'out-system', family: 'outage', subjects: ['{system} outage? Nobody in {team} can log in', '{system} outage since {day} morning'],
    body: ['Since about twenty minutes nobody in {team} can reach {system}; the page times out.', 'We tried different browsers and the mobile app as well.', 'Is there a known outage?'] },
  { id: 'out-site', family: 'outage', subjects: ['Whole {site} office outage - nothing works', 'Outage in {site}: shared drives and intranet unavailable for everyone'],
    body: ['In the {site} office the shared drives and the intranet are unavailable for everyone on floor {n}.', 'People at home seem fine, so it looks local to the building.', 'Please treat this as urgent, around forty people are affected.'] },
  // change: network
  { id: 'net-vpn-drop', family: 'network', subjects: ['VPN drops every few minutes', 'VPN disconnects when I join a call', 'Cannot connect to VPN, error {code}'],
    body: ['The VPN client disconnects every few minutes and reconnects on its own.', 'The client shows error {code} in its log when it happens.', 'I am on the latest client version.'] },
  { id: 'net-wifi', family: 'network', subjects: ['Wi-Fi keeps dropping in room {room}', 'No Wi-Fi signal in meeting room {room}'],
    body: ['The Wi-Fi in meeting room {room} keeps dropping during calls.', 'My phone shows full bars but pages do not load.', 'It has been like this since {day}.'] },
  { id: 'net-ethernet', family: 'network', subjects: ['Ethernet port at desk {n} is dead', 'No network on the ethernet cable at my desk'],
    body: ['The ethernet socket at desk {n} on floor {room} gives no link light at all.', 'I tried two different cables and a colleague checked with their machine.', 'Could someone patch it?'] },
  // change: hardware
  { id: 'hw-laptop', family: 'hardware', subjects: ['Laptop will not boot after the update', 'My {model} laptop shows a black screen', 'Laptop fan very loud and hot'],
    body: ['My {model} laptop shows a black screen with a blinking cursor after last night\'s update.', 'Holding the power button for ten seconds does not help.', 'I need it for a presentation on {day}.'] },
  { id: 'hw-printer', family: 'hardware', subjects: ['Printer on floor {n} keeps jamming', 'Printer in room {room} shows offline'],
    body: ['The {printer} printer next to the kitchen jams on every second page.', 'We cleared the tray and reloaded paper, same result.', 'The display shows code {code}.'] },
  { id: 'hw-dock', family: 'hardware', subjects: ['Docking station not detecting my external screen', 'Docking station stopped charging'],
    body: ['Since {day} my docking station no longer detects the external screen.', 'The USB ports on the dock still work, only video is gone.', 'Could I get a replacement dock?'] },
  { id: 'hw-keyboard', family: 'hardware', subjects: ['Keyboard keys sticking, need a replacement', 'Wireless keyboard not pairing'],
    body: ['Several keys on my keyboard stick after a coffee incident.', 'Typing long emails has become painful.', 'Could I get a replacement from stock?'] },
  // change: messaging
  { id: 'msg-outlook', family: 'messaging', subjects: ['Outlook crashes when opening attachments', 'Outlook stuck on "loading profile"'],
    body: ['Outlook closes without an error whenever I open a PDF attachment.', 'Safe mode works, so maybe an add-in?', 'I rely on it for customer quotes.'] },
  { id: 'msg-shared', family: 'messaging', subjects: ['Shared mailbox for {team} disappeared', 'Cannot send from the {team} shared mailbox'],
    body: ['The {team} shared mailbox vanished from my folder list this morning.', 'Other members of {team} still see it.', 'We answer customer requests from it, so it is quite pressing.'] },
  { id: 'msg-calendar', family: 'messaging', subjects: ['Calendar invites from partners not arriving', 'Calendar shows meetings at the wrong time'],
    body: ['Meeting invitations from our partners never reach my calendar.', 'They say the invites were sent on {day}.', 'Internal invites arrive normally.'] },
  // note: password / access
  { id: 'pw-locked', family: 'password', subjects: ['Locked out of {system}', '{system}: locked out after too many attempts'],
    body: ['I am locked out of {system} after too many attempts this morning.', 'I need it to approve expense claims before the end of the day.', 'Could you unlock the account?'] },
  { id: 'pw-reset', family: 'password', subjects: ['Password reset for {system}', 'Need a password reset, {system} says expired'],
    body: ['{system} tells me my password expired and the reset page shows error {code}.', 'I tried the reset link twice.', 'Please help me get back in.'] },
  { id: 'pw-authenticator', family: 'password', subjects: ['New phone - authenticator app not set up', 'Authenticator codes rejected'],
    body: ['I switched phones and the authenticator app on the new one has no entries.', 'The old phone was wiped by the shop.', 'How do I register the new device?'] },
  // note: onboarding
  { id: 'onb-starter', family: 'onboarding', subjects: ['New starter in {team} on {day}', 'Accounts for a new starter joining {team}'],
    body: ['{name} joins {team} on {day} as a new starter.', 'They need the usual accounts, a badge for the {site} office and access to the {team} channels.', 'Their manager is copied.'] },
  { id: 'onb-joiner', family: 'onboarding', subjects: ['Onboarding request: new joiner in {site}', 'Please prepare onboarding for {name}'],
    body: ['We have a new joiner, {name}, starting in {site} next {day}.', 'Please start the onboarding steps and book the induction.', 'Equipment request follows separately.'] },
  // none: software
  { id: 'sw-excel', family: 'software', subjects: ['{app} crashes when opening large files', '{app} freezes on start'],
    body: ['{app} closes without any message when I open the {n} MB forecast file.', 'Smaller files open fine.', 'I reinstalled it on {day}, no change.'] },
  { id: 'sw-licence', family: 'software', subjects: ['{app} licence expired', 'Licence request for {app}'],
    body: ['{app} says my licence expired this morning.', 'I use it daily for client deliverables.', 'Could you renew it or assign a new seat?'] },
  { id: 'sw-install', family: 'software', subjects: ['Please install {app} on my machine', 'Install request: {app} plugin'],
    body: ['Could you install {app} for me? The company portal does not list it.', 'My manager approved the request on {day}.', 'Any version from this year is fine.'] },
  { id: 'sw-report', family: 'software', subjects: ['{system} report export fails', 'Cannot export the monthly report from {system}'],
    body: ['Exporting the monthly {team} report from {system} fails with code {code}.', 'The preview shows all numbers correctly.', 'The board pack is due on {day}.'] },
  // none: facilities
  { id: 'fac-badge', family: 'facilities', subjects: ['Badge does not open the {site} door', 'Access badge stopped working'],
    body: ['My badge stopped opening the side door of the {site} office.', 'Reception let me in but I am stuck at the turnstile each time.', 'Could the badge be re-enabled?'] },
  { id: 'fac-room', family: 'facilities', subjects: ['Room {room} booking screen frozen', 'Booking panel outside room {room} is blank'],
    body: ['The booking panel outside room {room} is frozen on yesterday\'s schedule.', 'People keep walking into booked meetings.', 'A restart might do it.'] },
  { id: 'fac-av', family: 'facilities', subjects: ['Projector in room {room} has no sound', 'Room {room} camera not working in calls'],
    body: ['The room system in {room} shows the picture but remote participants cannot hear us.', 'We tried the other HDMI input too.', 'We have a client session there on {day}.'] },
];

const TEMPLATES_BY_KIND: Readonly<Record<Kind, readonly Template[]>> = {
  'change+note': TEMPLATES.filter((t) => FAMILY_KIND[t.family] === 'change+note'),
  change: TEMPLATES.filter((t) => FAMILY_KIND[t.family] === 'change'),
  note: TEMPLATES.filter((t) => FAMILY_KIND[t.family] === 'note'),
  none: TEMPLATES.filter((t) => FAMILY_KIND[t.family] === 'none'),
};

const LOG_LINES = ['[{day} 09:{n}:12] client: handshake started', '[{day} 09:{n}:13] client: server answered {code}', '[{day} 09:{n}:13] client: retrying in 5 s', '[{day} 09:{n}:18] client: giving up after 3 tries'];

// ---------------------------------------------------------------------------------------------
// Generation

function fill(text: string, s: Slots): string {
  return text.replace(/\{(\w+)\}/g, (_, key: string) => String(s[key as keyof Slots] ?? ''));
}

function slots(r: Random, name: string): Slots {
  return {
    system: r.pick(SYSTEMS), site: r.pick(SITES), room: r.pick(ROOMS), model: r.pick(MODELS), printer: r.pick(PRINTERS),
    code: r.pick(CODES), app: r.pick(APPS), day: r.pick(DAYS), team: r.pick(TEAMS), n: r.int(2, 59), name,
  };
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function paragraph(text: string): string {
  return `<p>${escapeHtml(text)}</p>`;
}

function bodyFor(r: Random, t: Template, s: Slots, sender: Person): string {
  const parts: string[] = [paragraph(r.pick(['Hi team,', 'Hello,', 'Hi IT,', 'Good morning,', 'Dear service desk,']))];
  parts.push(paragraph(t.body.map((b) => fill(b, s)).join(' ')));
  const extra = r.int(0, 2);
  for (let i = 0; i < extra; i += 1) parts.push(paragraph(fill(r.pick(CONTEXT), s)));
  if (r.chance(0.15)) parts.push(`<pre>${escapeHtml(LOG_LINES.map((l) => fill(l, { ...s, n: r.int(10, 59) })).join('\n'))}</pre>`);
  if (r.chance(0.1)) parts.push(`<blockquote>${paragraph(`On ${s.day}, ${r.pick(FIRST)} wrote: could you raise a ticket for this?`)}</blockquote>`);
  parts.push(`<p>${escapeHtml(r.pick(['Thanks,', 'Many thanks,', 'Best regards,', 'Cheers,']))}<br>${escapeHtml(`${sender.firstName} ${sender.lastName}`)}</p>`);
  return parts.join('');
}

const DUP_SUBJECT: ReadonlyArray<(s: string) => string> = [(s) => `Re: ${s}`, (s) => `${s} (again)`, (s) => `FW: ${s}`, (s) => `Still not fixed: ${s}`, (s) => `${s} - second request`];
const DUP_LEAD = ['Sending this again as I have not heard back.', 'Re-sending in case the first one got lost.', 'Following up on my earlier email.', 'Sorry for the duplicate, not sure the first one arrived.'];

function nearCopy(r: Random, original: StormTicket): { subject: string; description: string } {
  const subject = r.pick(DUP_SUBJECT)(original.subject);
  const description = paragraph(r.pick(DUP_LEAD)) + original.description;
  return { subject, description };
}

/** Exactly `round(share × n)` kinds in the given proportions, in a seeded order. */
export function kindSequence(r: Random, n: number): Kind[] {
  const cn = Math.round(n / 6);
  const c = Math.round(n / 3);
  const note = Math.round(n / 6);
  const kinds: Kind[] = [
    ...Array<Kind>(cn).fill('change+note'), ...Array<Kind>(c).fill('change'), ...Array<Kind>(note).fill('note'),
    ...Array<Kind>(Math.max(0, n - cn - c - note)).fill('none'),
  ];
  for (let i = kinds.length - 1; i > 0; i -= 1) {
    const j = r.int(0, i);
    [kinds[i], kinds[j]] = [kinds[j] as Kind, kinds[i] as Kind];
  }
  return kinds;
}

function newPerson(r: Random, index: number, used: Set<string>): Person {
  const firstName = r.pick(FIRST);
  const lastName = r.pick(LAST);
  const base = `${firstName}.${lastName}`.normalize('NFD').replace(/[^A-Za-z.]/g, '').toLowerCase();
  let local = base;
  for (let k = 2; used.has(local); k += 1) local = `${base}${k}`;
  used.add(local);
  return { index, firstName, lastName, email: `${local}@${r.pick(DOMAINS)}` };
}

/** Which positions are near-copies: exactly `count` of them, never among the first few. */
function duplicatePositions(r: Random, n: number, count: number): Set<number> {
  const out = new Set<number>();
  const first = Math.min(5, n);
  let left = count;
  for (let i = first; i < n && left > 0; i += 1) {
    if (r.next() < left / (n - i)) {
      out.add(i);
      left -= 1;
    }
  }
  return out;
}

export function generateWorkload(options: WorkloadOptions): Workload {
  const n = options.tickets;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`generateWorkload: tickets must be a positive integer, got ${String(n)}`);
  const seed = options.seed ?? 1;
  const span = options.spanMs ?? 60_000;
  const r = new Random(seed * 7919 + n);
  const dups = duplicatePositions(r, n, Math.round(n * (options.duplicateShare ?? 0.1)));
  const kinds = kindSequence(r, n - dups.size);
  const repeatShare = options.repeatShare ?? 0.15;
  const used = new Set<string>();
  const people: Person[] = [];
  const repeaters: Array<{ person: number; families: Set<Family>; left: number }> = [];
  const repeaterPool = Math.max(2, Math.round(n * 0.05));
  const tickets: StormTicket[] = [];
  let originals = 0;
  for (let i = 0; i < n; i += 1) {
    // Arrival: evenly spread with jitter inside each ticket's slot, so arrival order is index order.
    const offsetMs = Math.floor(((i + 0.1 + 0.8 * r.next()) * span) / n);
    if (dups.has(i)) {
      const candidates = tickets.filter((t) => t.duplicateOf === null);
      const original = candidates[r.int(Math.max(0, candidates.length - 60), candidates.length - 1)] as StormTicket;
      const copy = nearCopy(r, original);
      tickets.push({ ...original, ...copy, index: i, offsetMs, duplicateOf: original.index, needsUpdate: true, needsNote: true });
      continue;
    }
    const kind = kinds[originals] as Kind;
    originals += 1;
    const family = TEMPLATES_BY_KIND[kind];
    let template = r.pick(family);
    let person = -1;
    if (r.chance(repeatShare)) {
      const open = repeaters.filter((x) => x.left > 0);
      const rep = open.length > 0 && (repeaters.length >= repeaterPool || r.chance(0.6)) ? r.pick(open) : undefined;
      // A repeat sender writes about a different topic each time (the same topic would be a duplicate).
      const fresh = rep === undefined ? [] : family.filter((t) => ![...rep.families].includes(t.family));
      if (rep !== undefined && fresh.length > 0) {
        template = r.pick(fresh);
        rep.families.add(template.family);
        rep.left -= 1;
        person = rep.person;
      } else if (repeaters.length < repeaterPool) {
        const p = newPerson(r, people.length, used);
        people.push(p);
        repeaters.push({ person: p.index, families: new Set([template.family]), left: r.int(1, 3) });
        person = p.index;
      }
    }
    if (person < 0) {
      const p = newPerson(r, people.length, used);
      people.push(p);
      person = p.index;
    }
    const sender = people[person] as Person;
    const s = slots(r, `${r.pick(FIRST)} ${r.pick(LAST)}`);
    const kindOfTemplate = FAMILY_KIND[template.family];
    tickets.push({
      index: i, offsetMs, person, subject: fill(r.pick(template.subjects), s), description: bodyFor(r, template, s, sender),
      template: template.id, family: template.family, kind: kindOfTemplate, duplicateOf: null,
      needsUpdate: kindOfTemplate === 'change' || kindOfTemplate === 'change+note',
      needsNote: kindOfTemplate === 'note' || kindOfTemplate === 'change+note',
    });
  }
  return { seed, people, tickets };
}

/** The writes the storm needs, from the ground truth. */
export function needsOf(tickets: readonly StormTicket[]): Needs {
  const byKind: Record<Kind, number> = { 'change+note': 0, change: 0, note: 0, none: 0 };
  for (const t of tickets) byKind[t.kind] += 1;
  return {
    tickets: tickets.length,
    updates: tickets.filter((t) => t.needsUpdate).length,
    notes: tickets.filter((t) => t.needsNote).length,
    duplicates: tickets.filter((t) => t.duplicateOf !== null).length,
    byKind,
  };
}

/** One ticket with a long description: for latency measurements (`bytes` of HTML, about). */
export function longDescription(seed: number, bytes: number): string {
  const r = new Random(seed);
  const sender: Person = { index: 0, firstName: 'Rosa', lastName: 'Castillo', email: 'rosa.castillo@corp.example' };
  let html = '';
  while (html.length < bytes) {
    const t = r.pick(TEMPLATES);
    html += bodyFor(r, t, slots(r, 'Ben Weber'), sender);
  }
  return html.slice(0, bytes);
}
