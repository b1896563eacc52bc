/**
 * Raw material for the seeded account: people's names (with accents, umlauts and CJK), IT issues
 * by category with HTML descriptions, and near-duplicate pairs. Deliberately awkward entries are
 * here on purpose: HTML and `<script>` in subjects, `<script>` in a description, emoji, quotes.
 */

/** [first, last, email local part]. ASCII local parts because mailbox names usually are. */
export const PEOPLE: ReadonlyArray<readonly [string, string | null, string]> = [
  ['José', 'Müller', 'jose.muller'], ['王芳', null, 'wang.fang'], ['Zoë', 'Martin', 'zoe.martin'], ['Björn', 'Andersson', 'bjorn.andersson'],
  ['Søren', 'Kierkegaard', 'soren.k'], ['Łukasz', 'Wiśniewski', 'lukasz.wisniewski'], ['Chloé', 'Dubois', 'chloe.dubois'],
  ['François', 'Lefèvre', 'francois.lefevre'], ['Ngozi', 'Okafor', 'ngozi.okafor'], ['Aarav', 'Sharma', 'aarav.sharma'],
  ['Siobhán', "O'Brien", 'siobhan.obrien'], ['Mateo', 'García', 'mateo.garcia'], ['Yuki', 'Tanaka', 'yuki.tanaka'],
  ['李伟', null, 'li.wei'], ['Olga', 'Ivanova', 'olga.ivanova'], ['Renée', 'Fontaine', 'renee.fontaine'], ['Jürgen', 'Schäfer', 'juergen.schaefer'],
  ['Ana', 'Conceição', 'ana.conceicao'], ['Mohammed', 'Al-Farsi', 'mohammed.alfarsi'], ['Emily', 'Clarke', 'emily.clarke'],
  ['Liam', 'Murphy', 'liam.murphy'], ['Fatima', 'Zahra', 'fatima.zahra'], ['Kwame', 'Mensah', 'kwame.mensah'], ['Ingrid', 'Larsen', 'ingrid.larsen'],
  ['Hiroshi', 'Yamamoto', 'hiroshi.yamamoto'], ['Priyanka', 'Iyer', 'priyanka.iyer'], ['Diego', 'Fernández', 'diego.fernandez'],
  ['Anaïs', 'Moreau', 'anais.moreau'], ['Ömer', 'Yılmaz', 'omer.yilmaz'], ['Eleni', 'Papadopoulou', 'eleni.papadopoulou'],
  ['Tom', 'Baker', 'tom.baker'], ['Sarah', 'Nguyen', 'sarah.nguyen'], ['David', 'Kim', 'david.kim'], ['Laura', 'Rossi', 'laura.rossi'],
  ['Marek', 'Dvořák', 'marek.dvorak'], ['Nadia', 'Haddad', 'nadia.haddad'], ['Pablo', 'Núñez', 'pablo.nunez'], ['Greta', 'Holm', 'greta.holm'],
  ['Cher', null, 'cher'], ['Ravi', 'Patel', 'ravi.patel'], ['Isabella', 'Costa', 'isabella.costa'], ['Noah', 'Schmidt', 'noah.schmidt'],
  ['Mia', 'Novak', 'mia.novak'], ['Ethan', 'Brown', 'ethan.brown'], ['Hana', 'Kowalczyk', 'hana.kowalczyk'], ['Tariq', 'Hussain', 'tariq.hussain'],
  ['Camille', 'Girard', 'camille.girard'], ['Oscar', 'Lindqvist', 'oscar.lindqvist'], ['Amara', 'Eze', 'amara.eze'], ['Felix', 'Wagner', 'felix.wagner'],
];

export const JOB_TITLES = ['Accountant', 'Sales Executive', 'Software Engineer', 'HR Partner', 'Marketing Manager', 'Operations Analyst', 'Designer', 'Account Manager', null] as const;
export const TIME_ZONES = ['London', 'Berlin', 'Lisbon', 'Beijing', 'Eastern Time (US & Canada)', 'Chennai'] as const;
export const LANGUAGES = ['en', 'de', 'fr', 'pt-PT', 'zh-CN', 'es'] as const;

export const DEPARTMENTS = ['Finance', 'Sales', 'Engineering', 'Human Resources', 'Marketing', 'Operations'] as const;

/** [name, description, categories it handles]. */
export const GROUPS: ReadonlyArray<readonly [string, string, readonly string[]]> = [
  ['Service Desk', 'First line: everything not routed elsewhere', ['Software']],
  ['Network Team', 'VPN, Wi-Fi, LAN and firewall', ['Network']],
  ['Hardware Support', 'Laptops, printers, monitors, peripherals', ['Hardware']],
  ['Identity & Access', 'Accounts, passwords, permissions, MFA', ['Access']],
  ['Messaging', 'Email, calendars and shared mailboxes', ['Email']],
  ['Application Support', 'Line-of-business applications and licences', ['Software']],
  ['Onboarding', 'Joiners, movers and leavers', ['Onboarding']],
  ['Security', 'Phishing, incidents and audits', []],
];

/** [first, last, role]. The first is the admin; 'others' is the account's integration user. */
export const AGENTS: ReadonlyArray<readonly [string, string, 'admin' | 'agent' | 'restricted' | 'others']> = [
  ['Priya', 'Raman', 'admin'], ['Marcus', 'Webb', 'agent'], ['Élodie', 'Bernard', 'agent'], ['Kenji', 'Sato', 'agent'],
  ['Aisha', 'Bello', 'agent'], ['Lars', 'Eriksen', 'agent'], ['Carmen', 'Ruiz', 'agent'], ['Dmitri', 'Volkov', 'agent'],
  ['Grace', 'Oyelaran', 'agent'], ['Tomás', 'Ortega', 'restricted'], ['Hannah', 'Fischer', 'agent'], ['Integration', 'Sync Bot', 'others'],
];

export interface Issue {
  category: string;
  sub: string;
  subject: string;
  /** HTML body sentence(s); wrapped in a greeting by the seeder. */
  detail: string;
  type?: 'Incident' | 'Service Request';
}

export const ISSUES: readonly Issue[] = [
  { category: 'Network', sub: 'VPN', subject: 'VPN disconnects every 10 minutes', detail: 'My VPN connection drops roughly every ten minutes when working from home. I am on GlobalProtect 6.1.' },
  { category: 'Network', sub: 'VPN', subject: 'Cannot connect to VPN: error 809', detail: 'The VPN client shows <b>error 809</b> and never connects. Restarting did not help.' },
  { category: 'Network', sub: 'VPN', subject: "Problème d'accès au VPN depuis l'hôtel", detail: "Depuis l'hôtel, le VPN refuse la connexion. Le Wi-Fi fonctionne très bien sinon." },
  { category: 'Network', sub: 'Wi-Fi', subject: 'Wi-Fi drops in meeting room 4B', detail: 'The Wi-Fi in meeting room 4B keeps dropping during calls. Several colleagues noticed it too.' },
  { category: 'Network', sub: 'LAN', subject: 'Slow network on the 3rd floor', detail: 'File copies to the shared drive crawl at <i>200 KB/s</i> since Monday.' },
  { category: 'Hardware', sub: 'Printer', subject: 'Printer on 2nd floor keeps jamming', detail: 'The HP LaserJet M404 next to the kitchen jams on every second page.' },
  { category: 'Hardware', sub: 'Printer', subject: 'Drucker im Büro druckt nicht', detail: 'Der Drucker im Büro 3.12 zeigt „Offline“ an, obwohl er eingeschaltet ist.' },
  { category: 'Hardware', sub: 'Printer', subject: '打印机无法连接', detail: '三楼的打印机无法连接，显示“脱机”。请帮忙检查。' },
  { category: 'Hardware', sub: 'Laptop', subject: "Laptop won't boot after update", detail: 'After last night\'s update my Dell Latitude shows a black screen with a blinking cursor.' },
  { category: 'Hardware', sub: 'Laptop', subject: 'Laptop battery swelling', detail: 'The battery of my ThinkPad T14 is visibly swollen and the trackpad is lifting. Is it safe to use?' },
  { category: 'Hardware', sub: 'Monitor', subject: 'Screen flickering on external monitor', detail: 'The external monitor flickers when connected through the USB-C dock.' },
  { category: 'Hardware', sub: 'Peripherals', subject: 'Keyboard keys sticky 🚀 need replacement', detail: 'Coffee incident ☕. Several keys stick. Could I get a replacement keyboard?', type: 'Service Request' },
  { category: 'Access', sub: 'Password reset', subject: 'Password reset for SAP', detail: 'I am locked out of SAP after too many attempts. Please reset my password.' },
  { category: 'Access', sub: 'Password reset', subject: 'Account locked out', detail: 'My Windows account is locked and I cannot log in to my laptop.' },
  { category: 'Access', sub: 'Permissions', subject: 'Request access to Finance shared drive', detail: 'I need read access to <code>\\\\fs01\\finance\\reports</code> for the quarterly close.', type: 'Service Request' },
  { category: 'Access', sub: 'Permissions', subject: 'Need admin rights to install Visual Studio', detail: 'Installing Visual Studio 2022 asks for administrator rights.', type: 'Service Request' },
  { category: 'Access', sub: 'MFA', subject: 'Lost my MFA phone', detail: 'My phone was stolen and I cannot approve MFA prompts. Please register a new device.' },
  { category: 'Email', sub: 'Outlook', subject: 'Outlook keeps asking for password', detail: 'Outlook prompts for my password every few minutes, even after I enter it.' },
  { category: 'Email', sub: 'Mailbox', subject: 'Shared mailbox not showing in Outlook', detail: 'The <b>support@</b> shared mailbox disappeared from my folder list.' },
  { category: 'Email', sub: 'Delivery', subject: 'Emails to customers bouncing', detail: 'Mail to several customers bounces with <tt>550 5.7.1 rejected</tt>.' },
  { category: 'Email', sub: 'Outlook', subject: 'Calendar invites not arriving', detail: 'Meeting invitations from external partners never reach my calendar.' },
  { category: 'Software', sub: 'Office', subject: 'Excel crashes when opening large file', detail: 'Excel closes without an error when I open the 80 MB forecast workbook.' },
  { category: 'Software', sub: 'Licensing', subject: 'Adobe Acrobat licence expired', detail: 'Acrobat says my licence expired this morning.' },
  { category: 'Software', sub: 'Installation', subject: 'Install request: Zoom plugin for Outlook', detail: 'Please install the Zoom plugin for Outlook on my laptop.', type: 'Service Request' },
  { category: 'Software', sub: 'Office', subject: 'Teams camera not working', detail: 'Teams shows a black square instead of my camera image; other apps see the camera.' },
  { category: 'Onboarding', sub: 'New hire', subject: 'New starter: laptop and accounts for Zoë Martin', detail: 'Zoë Martin joins Marketing on Monday. Please prepare a laptop, email and badge.', type: 'Service Request' },
  { category: 'Onboarding', sub: 'Offboarding', subject: 'Leaver: disable accounts for Tom Baker', detail: 'Tom Baker leaves on Friday. Please disable accounts and collect the laptop.', type: 'Service Request' },
  // Awkward input on purpose: markup in subjects, a script in a description.
  { category: 'Hardware', sub: 'Printer', subject: "<script>alert('xss')</script> printer broken", detail: 'The printer is broken. <script>alert("xss")</script> Please help.' },
  { category: 'Network', sub: 'LAN', subject: '<b>URGENT</b> server room temperature alarm', detail: 'The server room sensor reports <b style="color:red">34 °C</b> and rising.' },
  { category: 'Network', sub: 'Wi-Fi', subject: 'Re: FW: Wi-Fi & "guest" network <slow>', detail: 'Guests say the &quot;guest&quot; network is slow &amp; drops. See the thread below.<blockquote>Original message…</blockquote>' },
];

/** Second tickets of near-duplicate pairs, by subject of the first (same requester, hours later). */
export const DUPLICATES: Readonly<Record<string, { subject: string; detail: string }>> = {
  'VPN disconnects every 10 minutes': { subject: 'VPN keeps disconnecting every 10 min', detail: 'VPN keeps dropping about every ten minutes at home (GlobalProtect 6.1). Still happening.' },
  'Printer on 2nd floor keeps jamming': { subject: 'Printer on 2nd floor jamming again', detail: 'The HP LaserJet M404 by the kitchen is jamming again on every other page.' },
  'Password reset for SAP': { subject: 'SAP password reset please', detail: 'Locked out of SAP after several attempts, please reset the password.' },
  'Outlook keeps asking for password': { subject: 'Outlook asks for my password constantly', detail: 'Outlook keeps prompting for the password every few minutes.' },
  "Laptop won't boot after update": { subject: 'Laptop does not boot after the update', detail: "Since last night's update my Dell Latitude only shows a black screen with a cursor." },
  'Request access to Finance shared drive': { subject: 'Access to Finance shared drive', detail: 'Requesting read access to the finance reports share for the quarterly close.' },
  'Drucker im Büro druckt nicht': { subject: 'Drucker im Büro druckt immer noch nicht', detail: 'Der Drucker im Büro 3.12 ist weiterhin „Offline“.' },
  'Teams camera not working': { subject: 'Teams camera not working (black screen)', detail: 'Teams shows a black square instead of the camera; other apps are fine.' },
};

export const NOTE_BODIES = [
  '<p>Checked with the user, reproducing now.</p>', '<p>Escalated to the vendor, waiting for an answer.</p>',
  '<p>Asked the user to reboot and try again.</p>', '<p>Replacement ordered; ETA 2 days.</p>', '<p>Root cause found: expired certificate.</p>',
] as const;
export const REPLY_BODIES = [
  '<p>Hi, thanks for reporting this. We are looking into it.</p>', '<p>Could you send a screenshot of the error?</p>',
  '<p>This should be fixed now, could you confirm?</p>', '<p>Merci, c’est réglé de notre côté.</p>',
] as const;
