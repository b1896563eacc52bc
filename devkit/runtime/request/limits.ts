/**
 * Request-method limits (fdk-platform.md §3.1, §3.4; prior-art.md §0). Sizes in bytes.
 */
export const RequestLimits = {
  /** "50 requests per minute per app per account"; every attempt of a retried call counts. */
  CALLS_PER_MINUTE: 50,
  /** Default request timeout, 15 s (FDK 10 `.fdk/configs.json` request.timeout 15000). */
  TIMEOUT_MS: 15_000,
  /** Request payload (the runtime `body`): 100 KB. */
  MAX_BODY_BYTES: 100 * 1024,
  /** Response size: 6 MB (6291456 bytes). */
  MAX_RESPONSE_BYTES: 6 * 1024 * 1024,
  /** `options.maxAttempts`: 1–5, default 1. */
  MAX_ATTEMPTS: 5,
  DEFAULT_ATTEMPTS: 1,
  /** `options.retryDelay`: at most 1500 ms; default 1000 ms (2.3 beta guide and the 2026 DevRel sample; P3 says 0). */
  MAX_RETRY_DELAY_MS: 1500,
  DEFAULT_RETRY_DELAY_MS: 1000,
  /** Front-end `cache`: default `ttl` 60 s. */
  DEFAULT_CACHE_TTL_MS: 60_000,
} as const;

export const TEMPLATE_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'] as const;

/** Response content types the request method passes through; others are 415 (P3 list, RMS request-objects.js). */
export const ALLOWED_RESPONSE_TYPES: readonly string[] = [
  'application/json',
  'application/xml',
  'text/html',
  'text/xml',
  'application/jsonp',
  'text/plain',
  'text/javascript',
  'application/vnd.api+json',
];
