/**
 * Serverless limits that are not owned by one service (those live in request/, db/, schedule/).
 * Sizes are bytes of UTF-8 JSON; 1 KB = 1024 bytes.
 */

export const ExecutionLimits = {
  /**
   * Every invocation (product, app-setup and scheduled events, server methods): 20 s, in clock
   * time. Source: developers.freshworks.com v3.0 "Rate limits and constraints" (fdk-platform.md
   * §2.3, §2.5). P3 says 10 s for app-setup events; the docs page is primary, so 20 s applies.
   */
  EXECUTION_MS: 20_000,
  /**
   * Allowed `modules.common.functions.<name>.timeout` values in seconds. Current docs and every
   * 2025–26 sample use 20/25/30; older text lists 5/10/15/20. Both sets are honoured.
   */
  SMI_TIMEOUT_OPTIONS_S: [5, 10, 15, 20, 25, 30],
} as const;

export const PayloadLimits = {
  /** Product-event payload (fdk-platform.md §2.3: DOCS v3.0 task/rate-limits-and-constraints). */
  PRODUCT_EVENT_BYTES: 256 * 1024,
  /** Server-method payload (fdk-platform.md §2.5: DOCS rate-limits page, P3). */
  SMI_BYTES: 100 * 1024,
} as const;

export const SmiLimits = {
  /** Server-method invocations per minute per installation (fdk-platform.md §2.5). */
  CALLS_PER_MINUTE: 50,
} as const;

export const SetupEventLimits = {
  /** `renderData({ message })` in app-setup events: at most 60 characters (P3 app_setup_events_doc.md). */
  MESSAGE_MAX_CHARS: 60,
} as const;
