/**
 * Key-value store limits (fdk-platform.md §6: MKT/P3 keyvalue-store-docs.md, DOCS "Rate limits
 * and constraints"). Sizes are UTF-8 bytes of the key plus the value's JSON.
 */
export const DbLimits = {
  /** "Key length should not exceed 60 characters". */
  MAX_KEY_CHARS: 60,
  /** "The combined size of the key and value should not exceed 40KB". */
  MAX_ENTRY_BYTES: 40 * 1024,
  /** 50 requests per minute per installation; each set/get/update/delete counts. */
  OPS_PER_MINUTE: 50,
} as const;

export const DB_ACTIONS = ['increment', 'append', 'set', 'remove'] as const;
export type DbAction = (typeof DB_ACTIONS)[number];
