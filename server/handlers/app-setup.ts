/**
 * App-setup events. Install is refused (with the platform's ≤ 60-character message) when the
 * rules or the acknowledgement template are broken, and otherwise arms the heartbeat and the five
 * ticks. Uninstall removes every schedule; the platform deletes the app's `$db` data itself.
 */
import { checkSettings, installMessage } from '../../core/settings';
import { createContext, describeError } from '../lib/context';
import { validateRulesSchema } from '../lib/engines';
import { armHeartbeat, deleteAllSchedules, ensureTicks } from '../lib/schedules';

export async function onAppInstall(args: unknown): Promise<void> {
  const ctx = createContext(args);
  const iparams = ((args as { iparams?: unknown } | null)?.iparams ?? {}) as Record<string, unknown>;
  const check = checkSettings(iparams, { validateSchema: validateRulesSchema, templates: ctx.engine, keyStored: true });
  if (!check.ok) {
    ctx.log.error('install', `refused: ${Object.values(check.errors).join(' ')}`);
    renderData({ message: installMessage(check) });
    return;
  }
  try {
    await armHeartbeat(ctx.now());
    const ticks = await ensureTicks(ctx.now());
    ctx.log.info('install', `installed on the ${ctx.settings.plan} plan with a ${ctx.settings.share}% budget share (${ctx.settings.budget.calls} calls a minute); ${ctx.settings.rules.rules.length} rule(s); ${ticks} tick(s) armed`);
    renderData();
  } catch (error) {
    ctx.log.error('install', `could not arm schedules: ${describeError(error)}`);
    renderData({ message: 'Could not set up background sweeps; try again.' });
  }
}

export async function onAppUninstall(args: unknown): Promise<void> {
  const ctx = createContext(args);
  try {
    await deleteAllSchedules();
    ctx.log.info('uninstall', 'schedules removed');
  } catch (error) {
    ctx.log.warn('uninstall', `some schedules could not be removed: ${describeError(error)}`);
  }
  renderData();
}
