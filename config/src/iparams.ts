/** Installation page entry. */
document.documentElement.dataset.app = 'ticket-radar-install';
