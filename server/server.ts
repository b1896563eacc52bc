/**
 * The serverless entry. The FDK loads the built server.js as a classic script and reads the
 * handlers from its top-level `exports = { ... }` assignment; names match manifest.json.
 */
import { onAppInstall, onAppUninstall } from './handlers/app-setup';

exports = {
  onAppInstallHandler: onAppInstall,
  onAppUninstallHandler: onAppUninstall,
};
