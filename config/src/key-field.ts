/**
 * The API key field: "Check key" probes `GET /api/v2/agents/me` with the typed key (template
 * `probeAgent`, key in `context`) or, on edit with the field left blank, with the stored key
 * (`probeStoredKey`), and says who the key belongs to. Spaces around a key are removed (and the
 * page says so); spaces inside are refused by core's check. A typed key that was never checked is
 * checked by `validate()` before saving, which also gives `api_agent_id`.
 */
import { checkSettings } from '../../core/settings';
import { h, inlineMessage, setFieldError, setFieldWarning } from './dom';
import { readFailure, type InstallClient } from './fdk';
import { agentFromResponse, agentLine, agentWarnings, probeFailureMessage, readKey, type AgentInfo, type KeySource } from './key';

export const STORED_KEY_HINT = 'The stored key is kept. Enter a new key to replace it.';
export const NEW_KEY_HINT = 'Freshservice: your profile picture → Profile settings → "Your API Key". Stored as a secure setting: the app\'s pages never get it back.';

function storedLine(agentId: number | null): string {
  const whose = agentId === null ? 'A key is stored' : `The stored key belongs to agent #${agentId}`;
  return `${whose}. "Check key" checks that it still works.`;
}

export interface KeyFieldDeps {
  input: HTMLElement;
  result: HTMLElement;
  button: HTMLElement;
  client(): Promise<InstallClient>;
  now(): number;
}

export interface KeyField {
  /** getConfigs: whether a stored key is kept, and the agent it belongs to. */
  load(keyStored: boolean, agentId: number | null, typed: string): void;
  /** The key as typed (spaces included). */
  raw(): string;
  /** A stored key is in use: the field is blank on edit. */
  usingStored(): boolean;
  agentId(): number | null;
  /** Checks a typed key that was not checked yet; false (with the reason shown) when it is not usable. */
  ensureChecked(): Promise<boolean>;
  check(): Promise<boolean>;
  /** The message of the last failed check, or null. */
  problem(): string | null;
}

export function createKeyField(deps: KeyFieldDeps): KeyField {
  let raw = '';
  let keyStored = false;
  let storedAgentId: number | null = null;
  let agent: AgentInfo | null = null;
  let checkedKey: string | null = null;
  let busy: Promise<boolean> | null = null;
  let problem: string | null = null;
  /** Spaces around the key were removed since it was last typed: the page keeps saying so. */
  let trimmed = false;

  const TRIMMED = 'The spaces around the key were removed.';

  /** Clears the field's message; the trimming note stays while it applies. */
  function clearField(): void {
    setFieldError(deps.input, null);
    setFieldWarning(deps.input, trimmed ? TRIMMED : null);
  }

  function fail(message: string): false {
    problem = message;
    agent = null;
    checkedKey = null;
    // The message goes under the field (and into the summary when saving); the status line clears.
    setFieldError(deps.input, message);
    say('info', []);
    return false;
  }

  const setValue = (value: string): void => {
    Object.assign(deps.input, { value });
  };

  function say(tone: 'info' | 'success' | 'warning' | 'error', lines: readonly string[]): void {
    deps.result.replaceChildren(...(lines.length === 0 ? [] : [inlineMessage(tone, lines.map((l) => h('span', { class: 'tr-line' }, [l])), { 'data-tone': tone })]));
  }

  function hint(): void {
    const stored = keyStored && raw.trim() === '';
    Object.assign(deps.input, { hintText: stored ? STORED_KEY_HINT : NEW_KEY_HINT });
    deps.input.setAttribute('hint-text', stored ? STORED_KEY_HINT : NEW_KEY_HINT);
  }

  /** Removes the spaces around the typed key, and says so. */
  function trim(): string {
    const k = readKey(raw);
    if (k.trimmed) {
      raw = k.key;
      trimmed = true;
      setValue(k.key);
      setFieldWarning(deps.input, TRIMMED);
    }
    return k.key;
  }

  async function probe(key: string | null): Promise<boolean> {
    const source: KeySource = key === null ? 'stored' : 'entered';
    say('info', [key === null ? 'Checking the stored key…' : 'Checking the key with Freshservice…']);
    try {
      const client = await deps.client();
      const reply = key === null ? await client.request.invokeTemplate('probeStoredKey', {}) : await client.request.invokeTemplate('probeAgent', { context: { api_key: key } });
      return found(agentFromResponse(reply.response), key);
    } catch (error) {
      return fail(probeFailureMessage(readFailure(error), source, deps.now()));
    }
  }

  function found(info: AgentInfo | null, key: string | null): boolean {
    if (info === null) return fail('Freshservice answered, but not with an agent; check that the account address is right.');
    agent = info;
    problem = null;
    checkedKey = key;
    clearField();
    const warnings = agentWarnings(info);
    say(warnings.length === 0 ? 'success' : 'warning', [agentLine(info), ...warnings]);
    return true;
  }

  function run(): Promise<boolean> {
    const key = trim();
    if (key === '' && keyStored) return probe(null);
    const invalid = checkSettings({ api_key: key }).errors.api_key;
    return invalid === undefined ? probe(key) : Promise.resolve(fail(invalid));
  }

  deps.input.addEventListener('fwInput', (event) => {
    raw = String((event as CustomEvent<{ value?: unknown }>).detail?.value ?? '');
    problem = null;
    trimmed = false;
    clearField();
    if (checkedKey !== raw.trim()) {
      agent = null;
      say('info', []);
    }
    hint();
  });
  deps.input.addEventListener('fwBlur', () => trim());

  const field: KeyField = {
    load(stored, agentId, typed) {
      keyStored = stored;
      storedAgentId = agentId;
      raw = typed;
      setValue(typed);
      agent = null;
      checkedKey = null;
      problem = null;
      trimmed = false;
      clearField();
      hint();
      say('info', stored ? [storedLine(agentId)] : []);
    },
    raw: () => raw,
    usingStored: () => keyStored && raw.trim() === '',
    agentId: () => agent?.id ?? storedAgentId,
    ensureChecked() {
      const checked = agent !== null && checkedKey === readKey(raw).key && checkedKey !== '';
      return field.usingStored() || checked ? Promise.resolve(true) : field.check();
    },
    check() {
      busy ??= run().finally(() => {
        busy = null;
      });
      return busy;
    },
    problem: () => problem,
  };
  deps.button.addEventListener('fwClick', () => {
    field.check().catch(() => say('error', ['The key could not be checked; try again.']));
  });
  hint();
  return field;
}
