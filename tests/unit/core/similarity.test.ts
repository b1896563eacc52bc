import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildFingerprint, findDuplicates, fingerprintSimilarity, FUTURE_SLACK_MS, sameRequester, sharedWords, similarity } from '../../../core/similarity.ts';
import type { TicketFacts } from '../../../core/ticket.ts';
import { HOUR, makeFacts } from './helpers.ts';

const NOW = Date.UTC(2026, 0, 10, 12, 0, 0);

describe('similarity', () => {
  it('similarity: identical tickets score 1 and share their informative words', () => {
    const a = makeFacts();
    const r = similarity(a, { ...a, id: 2 });
    expect(r.score).toBe(1);
    expect(r.sharedWords.length).toBeLessThanOrEqual(8);
    expect(r.sharedWords).toContain('disconnects');
    expect(r.sharedWords).not.toContain('the');
  });

  it('similarity: a rephrased duplicate scores high, an unrelated ticket low', () => {
    const a = makeFacts({ subject: 'VPN tunnel drops every hour', descriptionText: 'My VPN tunnel disconnects every hour when working from home.' });
    const dup = makeFacts({ id: 2, subject: 'RE: vpn tunnel keeps dropping every hour', descriptionText: 'Hello, the VPN tunnel disconnected again, every hour, from home. Thanks' });
    const other = makeFacts({ id: 3, subject: 'Printer on floor 3 out of toner', descriptionText: 'Please replace the toner cartridge in the HP printer.' });
    expect(similarity(a, dup).score).toBeGreaterThan(0.5);
    expect(similarity(a, other).score).toBeLessThan(0.1);
  });

  it('similarity: ignores case, accents, HTML-free punctuation and stopwords', () => {
    const a = makeFacts({ subject: 'Café printer BROKEN', descriptionText: '' });
    const b = makeFacts({ id: 2, subject: 'the cafe Printer is broken!!', descriptionText: '' });
    expect(similarity(a, b).score).toBe(1);
  });

  it('similarity: weighs the subject more than the description', () => {
    const base = makeFacts({ subject: 'alpha bravo', descriptionText: 'charlie delta' });
    const sameSubject = makeFacts({ id: 2, subject: 'alpha bravo', descriptionText: 'echo foxtrot' });
    const sameDescription = makeFacts({ id: 3, subject: 'echo foxtrot', descriptionText: 'charlie delta' });
    expect(similarity(base, sameSubject).score).toBeCloseTo(0.6, 5);
    expect(similarity(base, sameDescription).score).toBeCloseTo(0.4, 5);
  });

  it('similarity: lets one part decide when the other is empty on both sides', () => {
    const a = makeFacts({ subject: '', descriptionText: 'server room too hot' });
    const b = makeFacts({ id: 2, subject: '', descriptionText: 'server room too hot' });
    expect(similarity(a, b).score).toBe(1);
    expect(similarity(makeFacts({ subject: '', descriptionText: '' }), makeFacts({ id: 2, subject: '', descriptionText: '' })).score).toBe(0);
  });

  it('similarity: compares Chinese and Japanese text by character bigrams', () => {
    const a = makeFacts({ subject: '打印机坏了', descriptionText: '' });
    const b = makeFacts({ id: 2, subject: '三楼打印机坏了', descriptionText: '' });
    const c = makeFacts({ id: 3, subject: 'VPN连接失败', descriptionText: '' });
    expect(similarity(a, b).score).toBeGreaterThan(0.5);
    expect(similarity(a, c).score).toBe(0);
  });

  it('similarity: error codes weigh more than plain words', () => {
    const fp = buildFingerprint(makeFacts({ subject: 'error 0x80070005 when saving', descriptionText: '' }));
    expect(fp.subject.get('0x80070005')).toBeGreaterThan(fp.subject.get('saving') ?? Infinity);
  });

  const text = fc.array(fc.constantFrom('vpn', 'tunnel', 'printer', 'toner', 'the', 'Error', '0x80', 'café', '打印机', 'a', 'login', 'password', 'reset'), { maxLength: 12 }).map((w) => w.join(' '));
  const facts = fc.record({ subject: text, descriptionText: text }).map((o) => makeFacts(o));

  it('similarity: is symmetric and within [0, 1]', () => {
    fc.assert(
      fc.property(facts, facts, (a, b) => {
        const ab = similarity(a, b).score;
        const ba = similarity(b, a).score;
        return ab === ba && ab >= 0 && ab <= 1;
      }),
      { numRuns: 500 },
    );
  });

  it('similarity: a ticket is as similar to itself as to anything', () => {
    fc.assert(fc.property(facts, facts, (a, b) => similarity(a, { ...a }).score >= similarity(a, b).score - 1e-12), { numRuns: 300 });
  });

  it('sharedWords: lists at most the requested number, most informative first', () => {
    const a = buildFingerprint(makeFacts({ subject: 'aa bbbb cccccccc dd', descriptionText: 'zz' }));
    const b = buildFingerprint(makeFacts({ subject: 'dd aa cccccccc bbbb', descriptionText: 'zz' }));
    expect(sharedWords(a, b, 3)).toEqual(['cccccccc', 'bbbb', 'aa']);
    expect(fingerprintSimilarity(a, b)).toBe(1);
  });

  it('buildFingerprint: is cached per facts object', () => {
    const f = makeFacts();
    expect(buildFingerprint(f)).toBe(buildFingerprint(f));
  });
});

describe('findDuplicates', () => {
  const target = makeFacts({ id: 100, createdAt: NOW });
  const candidate = (id: number, over: Partial<TicketFacts> = {}): TicketFacts => makeFacts({ id, createdAt: NOW - HOUR, ...over });
  const opts = { windowHours: 72, threshold: 0.6, now: NOW };

  it('findDuplicates: finds same-requester tickets in the window above the threshold, best first', () => {
    const list = [
      candidate(1, { subject: 'VPN tunnel drops every hour', createdAt: NOW - 2 * HOUR }),
      candidate(2, { subject: 'VPN tunnel drops every hour!!', createdAt: NOW - HOUR }),
      candidate(3, { subject: 'printer toner', descriptionText: 'empty cartridge' }),
      candidate(4, { requester: { id: 999, email: 'ana.silva@corp.example', name: '' } }),
      candidate(5, { createdAt: NOW - 73 * HOUR }),
      candidate(6, { spam: true }),
      candidate(7, { deleted: true }),
      candidate(8, { createdAt: null }),
      candidate(100),
      candidate(9, { createdAt: NOW + FUTURE_SLACK_MS }),
      candidate(10, { createdAt: NOW + FUTURE_SLACK_MS + 1 }),
    ];
    const found = findDuplicates(target, list, opts);
    expect(found.map((d) => d.id)).toEqual([9, 2, 1]);
    expect(found[0]).toMatchObject({ id: 9, subject: target.subject, score: 1, createdAt: NOW + FUTURE_SLACK_MS });
    expect(found[0]?.sharedWords.length).toBeGreaterThan(0);
  });

  it('findDuplicates: matches requesters by email when ids are missing', () => {
    const t = makeFacts({ id: 100, createdAt: NOW, requester: { id: null, email: 'Ana.Silva@corp.example', name: '' } });
    expect(findDuplicates(t, [candidate(1, { requester: { id: null, email: 'ana.silva@CORP.example ', name: '' } })], opts)).toHaveLength(1);
    expect(findDuplicates(t, [candidate(1, { requester: { id: null, email: '', name: '' } })], opts)).toHaveLength(0);
    expect(sameRequester(makeFacts({ requester: { id: null, email: '', name: '' } }), makeFacts({ requester: { id: null, email: '', name: '' } }))).toBe(false);
  });

  it('findDuplicates: uses now when the target has no creation time, and respects max', () => {
    const t = makeFacts({ id: 100, createdAt: null });
    const list = Array.from({ length: 10 }, (_, i) => candidate(i + 1));
    expect(findDuplicates(t, list, { ...opts, max: 3 }).map((d) => d.id)).toEqual([1, 2, 3]);
    expect(findDuplicates(t, list, opts)).toHaveLength(5);
  });

  it('findDuplicates: a zero threshold still needs some similarity', () => {
    expect(findDuplicates(target, [candidate(1, { subject: 'zzz', descriptionText: 'qqq' })], { ...opts, threshold: 0 })).toEqual([]);
  });

  it.each([
    [{ windowHours: -1 }, 'Expected `windowHours` to be a finite number > 0, got `-1` (number)'],
    [{ windowHours: Number.POSITIVE_INFINITY }, 'Expected `windowHours` to be a finite number > 0, got `Infinity` (number)'],
    [{ threshold: 1.5 }, 'Expected `threshold` to be a number from 0 to 1, got `1.5` (number)'],
    [{ threshold: '0.6' }, 'Expected `threshold` to be a number from 0 to 1, got `0.6` (string)'],
    [{ now: Number.NaN }, 'Expected `now` to be a finite number (epoch ms), got `NaN` (number)'],
    [{ max: 0 }, 'Expected `max` to be an integer ≥ 1, got `0` (number)'],
  ])('findDuplicates: validates options %j', (bad, message) => {
    expect(() => findDuplicates(target, [], { ...opts, ...(bad as object) })).toThrow(new TypeError(message));
  });

  it('findDuplicates: 1,000 candidates with 8 KB descriptions stay fast', () => {
    const words = ['vpn', 'tunnel', 'printer', 'toner', 'login', 'password', 'reset', 'laptop', 'screen', 'broken', 'network', 'email', 'outlook', 'teams', 'meeting', 'audio'];
    const description = (seed: number): string => {
      const out: string[] = [];
      let x = seed;
      let length = 0;
      while (length < 8 * 1024) {
        x = (x * 1103515245 + 12345) % 2147483648;
        const word = `${words[x % words.length]}${x % 97}`;
        out.push(word);
        length += word.length + 1;
      }
      return out.join(' ');
    };
    const candidates = Array.from({ length: 1000 }, (_, i) => candidate(i + 1, { subject: `${words[i % words.length]} issue ${i}`, descriptionText: description(i) }));
    const t = makeFacts({ id: 5000, createdAt: NOW, descriptionText: description(7) });
    // Its speed is measured by `npm run bench`; here: the same answer cold and warm (cached fingerprints).
    const cold = findDuplicates(t, candidates, { ...opts, threshold: 0.1 });
    const warm = findDuplicates(t, candidates, { ...opts, threshold: 0.1 });
    expect(cold.length).toBeGreaterThan(0);
    expect(warm).toEqual(cold);
  });
});

describe('fingerprints: bounds', () => {
  it('buildFingerprint: reads at most MAX_MATCH_TEXT characters and MAX_DESCRIPTION_WORDS words', async () => {
    const { MAX_DESCRIPTION_WORDS } = await import('../../../core/similarity.ts');
    const many = Array.from({ length: 2000 }, (_, i) => `word${i}`).join(' ');
    expect(buildFingerprint(makeFacts({ descriptionText: many })).description.size).toBe(MAX_DESCRIPTION_WORDS);
    const long = `${'a '.repeat(20_000)}needle`;
    expect(buildFingerprint(makeFacts({ descriptionText: long })).description.has('needle')).toBe(false);
  });

  it('findDuplicates: equal scores are ordered by recency, then id', () => {
    const t = makeFacts({ id: 100, createdAt: NOW });
    const list = [makeFacts({ id: 3, createdAt: NOW - HOUR }), makeFacts({ id: 2, createdAt: NOW - HOUR }), makeFacts({ id: 1, createdAt: NOW - 2 * HOUR })];
    expect(findDuplicates(t, list, { windowHours: 72, threshold: 0.5, now: NOW }).map((d) => d.id)).toEqual([2, 3, 1]);
  });
});
