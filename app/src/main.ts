/** Ticket sidebar entry. */
document.documentElement.dataset.app = 'ticket-radar';
