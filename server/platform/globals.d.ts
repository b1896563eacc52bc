/**
 * The globals the FDK serverless sandbox provides (see ../shared reference fdk-platform.md §2).
 * Only these exist at run time: no timers, no `process`, no `Buffer`.
 */
export {};

declare global {
  interface FdkTemplateResult {
    status: number;
    headers: Record<string, string>;
    response: string;
  }
  interface FdkRequest {
    invokeTemplate(name: string, options: { context?: Record<string, unknown>; body?: string }): Promise<FdkTemplateResult>;
  }
  interface FdkDb {
    set(key: string, value: Record<string, unknown>, options?: { ttl?: number; setIf?: 'exist' | 'not_exist' }): Promise<unknown>;
    get(key: string): Promise<Record<string, unknown>>;
    update(key: string, action: 'increment' | 'append' | 'set' | 'remove', attributes: Record<string, unknown> | string[]): Promise<unknown>;
    delete(key: string): Promise<unknown>;
  }
  interface FdkScheduleSpec {
    name: string;
    data?: Record<string, unknown>;
    schedule_at?: string;
    repeat?: { time_unit: 'minutes' | 'hours' | 'days'; frequency: number };
  }
  interface FdkSchedule {
    create(spec: FdkScheduleSpec): Promise<unknown>;
    fetch(spec: { name: string }): Promise<FdkScheduleSpec & Record<string, unknown>>;
    update(spec: FdkScheduleSpec): Promise<unknown>;
    delete(spec: { name: string }): Promise<unknown>;
  }
  const $request: FdkRequest;
  const $db: FdkDb;
  const $schedule: FdkSchedule;
  function renderData(error?: unknown, data?: unknown): void;
}
