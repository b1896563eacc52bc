/** App-setup events: allow or block installation and uninstallation. */
export function onAppInstall(): void {
  renderData();
}

export function onAppUninstall(): void {
  renderData();
}
