/** The secrets scan must find the key in every form it forbids, or its clean verdicts mean nothing. */
import { describe, expect, test } from 'vitest';
import { createSecretScan, secretForms } from '../../../devkit/soak/secrets.ts';

const KEY = 'sK3y+Radar/01234567'; // 19 characters: its base64 is padded, its URL form differs

describe('secret scan', () => {
  test('finds the key plain, as Basic credentials, base64 (padded or not) and URL-encoded', () => {
    const scan = createSecretScan(KEY);
    const b64 = (s: string): string => Buffer.from(s).toString('base64');
    scan.check('log', `header Authorization: Basic ${b64(`${KEY}:X`)}`);
    scan.check('db:x', { nested: { value: [`prefix ${KEY} suffix`] } });
    scan.check('smi:y', b64(KEY).replace(/=+$/, ''));
    scan.check('pack:z', `?k=${encodeURIComponent(KEY)}`);
    expect(scan.hits.map((h) => `${h.place} ${h.form}`)).toEqual(expect.arrayContaining(['log basic-credentials', 'db:x plain', 'smi:y base64-unpadded', 'pack:z url-encoded']));
    expect(new Set(scan.hits.map((h) => h.place))).toEqual(new Set(['log', 'db:x', 'smi:y', 'pack:z']));
    expect(scan.hits.every((h) => !h.context.includes(KEY))).toBe(true);
    expect(scan.scanned).toEqual({ log: 1, db: 1, smi: 1, pack: 1 });
  });

  test('a text without the key is clean', () => {
    const scan = createSecretScan(KEY);
    scan.check('log', 'ticket 12: done; rules VPN; 1 change(s)');
    expect(scan.hits).toEqual([]);
  });

  test('forms are distinct and a key too short to scan is refused', () => {
    const values = secretForms(KEY).map((f) => f.value);
    expect(new Set(values).size).toBe(values.length);
    expect(() => createSecretScan('short')).toThrow(/too short/);
  });
});
