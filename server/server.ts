/**
 * The serverless entry. The FDK loads the built server.js as a classic script and reads the
 * handlers from its top-level `exports = { ... }` assignment; names match manifest.json.
 */
import { onAppInstall, onAppUninstall } from './handlers/app-setup';
import { onScheduledEvent } from './handlers/scheduled';
import { checkSettings } from './handlers/settings-check';
import { dismissDuplicate, getTicketInsights, postAcknowledgement, refreshRequesterTickets, rerunTriage } from './handlers/sidebar';
import { onTicketCreate } from './handlers/ticket-create';
import { onTicketUpdate } from './handlers/ticket-update';

exports = {
  onTicketCreateHandler: onTicketCreate,
  onTicketUpdateHandler: onTicketUpdate,
  onScheduledEventHandler: onScheduledEvent,
  onAppInstallHandler: onAppInstall,
  onAppUninstallHandler: onAppUninstall,
  getTicketInsights,
  rerunTriage,
  dismissDuplicate,
  postAcknowledgement,
  refreshRequesterTickets,
  checkSettings,
};
